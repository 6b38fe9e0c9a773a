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
    # End to end: the command line on the same cohort written as a CSV file.
    assert "End to end, a whole process from start-up to report" in done.stdout
    end_to_end = report["end_to_end"]
    assert end_to_end["rows"] == 3150
    assert Path(end_to_end["csv"]).read_text().splitlines()[0].startswith("treated,reoffended,x0")
    cli = end_to_end["ours"]
    assert "error" not in cli, cli
    assert cli["wall_seconds"] > 0 and cli["peak_rss_bytes"] > 0
    # The CSV holds the same numbers, so the command line finds the same effect (its JSON keeps
    # ten significant digits).
    assert math.isclose(cli["estimate"], report["ours"]["3000"]["estimate"], rel_tol=1e-9)
    assert cli["n_treated_matched"] == report["ours"]["3000"]["n_treated_matched"]
    assert "causalml" not in end_to_end
    assert report["cli_goal_met"] in (True, False)
