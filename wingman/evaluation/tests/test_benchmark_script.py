"""The speed benchmark still runs (at a toy size, without causalml), so it cannot quietly rot."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_benchmark_runs_and_reports_every_size(tmp_path):
    figures = tmp_path / "figures.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "evaluation.py"),
            "--treated", "150",
            "--comparison", "3000",
            "--scaling", "1000",
            "--repeat", "1",
            "--skip-causalml",
            "--data-dir", str(tmp_path / "data"),
            "--json", str(figures),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Goal, peak memory under 1 GB" in done.stdout
    report = json.loads(figures.read_text())
    assert sorted(report["ours"], key=int) == ["1000", "3000"]
    for size in report["ours"].values():
        assert "error" not in size
        assert size["n_treated_matched"] > 0
        assert math.isfinite(size["estimate"]) and size["ci_low"] <= size["ci_high"]
    assert report["memory_goal_met"] is True
    assert report["speed_goal_met"] is None  # causalml was not run
