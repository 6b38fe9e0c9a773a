"""A file gives the same answer whatever the environment: BLAS threads, or no environment at all.

The command line is run as separate processes on one cohort (a small treated group against a
large dissimilar pool) under one-thread BLAS/OpenMP settings, under the inherited environment,
and under an empty environment holding only PATH. The JSON must be identical, byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from wingman.evaluation.tests import cohorts

REPO = Path(__file__).resolve().parents[3]
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def run_cli(path: Path, covariates: list[str], env: dict[str, str] | None, *prefix: str) -> str:
    command = [
        *prefix,
        sys.executable,
        "-m",
        "wingman.evaluation",
        str(path),
        "--treatment",
        "t",
        "--outcome",
        "y",
        "--covariates",
        ",".join(covariates),
        "--format",
        "json",
        "--quiet",
    ]
    done = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_json_is_identical_under_one_thread_the_default_environment_and_an_empty_one(tmp_path):
    cohort = cohorts.dissimilar_pool(0)
    path = tmp_path / "cohort.csv"
    cohorts.write_csv(cohort, str(path))
    inherited = dict(os.environ)
    one_thread = {**inherited, **ONE_THREAD}
    many_threads = {
        **inherited,
        "OPENBLAS_NUM_THREADS": "2",
        "OMP_NUM_THREADS": "2",
        "MKL_NUM_THREADS": "2",
    }
    outputs = {
        "one thread": run_cli(path, cohort.covariates, one_thread),
        "two threads": run_cli(path, cohort.covariates, many_threads),
        "inherited": run_cli(path, cohort.covariates, None),
        "empty": run_cli(
            path, cohort.covariates, None, "env", "-i", f"PATH={os.environ.get('PATH', '')}"
        ),
    }
    first = outputs["one thread"]
    parsed = json.loads(first)
    assert parsed["n_treated"] == 200 and parsed["n_comparison"] == 16_000
    for name, text in outputs.items():
        assert text == first, f"the JSON under '{name}' differs from the one-thread run"
