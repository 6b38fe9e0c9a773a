"""The load benchmark still runs (three caseworkers for a few seconds, on a tiny demo), so it
cannot quietly rot."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wingman.core.tests import served

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(
    served.on_postgres(), reason="it builds its own SQLite database: the SQLite run covers it"
)
def test_the_load_benchmark_signs_caseworkers_in_and_reports_every_request_type(tmp_path):
    figures = tmp_path / "load.json"
    done = subprocess.run(
        [
            sys.executable, str(ROOT / "benchmarks" / "load.py"),
            "--database", "sqlite",
            "--staff", "3",
            "--spawn-rate", "3",
            "--seconds", "8",
            "--scale", "0.05",
            "--static-root", str(served.static_root()),
            "--work", str(tmp_path),
            "--json", str(figures),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "goal met: no errors" in done.stdout, done.stdout
    report = json.loads(figures.read_text())
    requests = report["requests"]
    assert requests["sign in"]["requests"] == 3 and requests["sign in"]["errors"] == 0
    assert requests["all"]["requests"] > 6 and requests["all"]["errors"] == 0
    assert report["server_tracebacks"] == 0
