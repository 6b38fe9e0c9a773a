"""Speed and memory of the matching evaluation: ours against causalml, side by side.

    .venv/bin/python benchmarks/evaluation.py [--treated 5000] [--comparison 1000000]
        [--scaling 10000,100000,1000000] [--repeat 3] [--causalml-at-every-size]
        [--skip-causalml] [--skip-end-to-end] [--json PATH]

Synthetic cohort, fixed seed: 10 covariates (six continuous, four 0/1), treatment confounded by
them (the treated are drawn from the whole population with probability rising with the
covariates), outcome 0/1 depending on the covariates and the treatment (about 30% at baseline).
The data is generated once into var/bench/evaluation/ and every run loads the same files.

Each measurement runs in its own process, which reports its wall time (the timed call only,
not loading the data) and its peak resident memory (getrusage, the whole process including
the data):

- ours: ``wingman.evaluation.evaluate(df, treatment=..., outcome=..., covariates=[...],
  ratio=1, replace=True, caliper=0.2)``: propensity model, matching, balance, ATT and its
  interval, in one call.
- causalml: what a causalml user does for the same result: scikit-learn ``LogisticRegression``
  for the score, ``NearestNeighborMatch(replace=True, ratio=1, caliper=0.2)`` on the logit of
  the score (causalml's caliper is in standard deviations of the matching column, so this is
  0.2 SD of the logit, as ours), ``create_table_one`` before and after matching, and the ATT as
  the difference in mean outcome in the matched sample. causalml is installed only in its own
  virtual environment, var/bench-venv/ (created on first run with the same base interpreter);
  it is not a dependency of Wingman.

End to end: the same cohort at the largest size is also written once as a CSV file (treatment,
outcome and the 10 covariates, one row per person) beside the generated data, and each side is
timed as a user would run it, from the parent, as a whole process: start-up, imports, reading the
CSV, the analysis and the report.

- ours: ``python -m wingman.evaluation COHORT.csv --treatment ... --outcome ... --covariates ...
  --format json --quiet``.
- causalml: a Python process in var/bench-venv that reads the CSV with ``pandas.read_csv`` and
  then does what the causalml measurement above does.

Both run with their bytecode cached (PYTHONPYCACHEPREFIX under var/bench/evaluation/pycache/,
written by one unmeasured first run, reported as "first run"), as an installed package has it
(`make venv` compiles bytecode at install; the causalml environment does not); the wall time is
the median of --repeat runs and the peak memory is the process's own (wait4).

The goals: at 1,000,000 comparison rows, ours at least 5x faster than causalml, and our peak
memory under 1 GB; end to end, our command line under 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "var" / "bench" / "evaluation"
BENCH_VENV = ROOT / "var" / "bench-venv"
BENCH_PYTHON = BENCH_VENV / "bin" / "python"
SEED = 20260401
N_COVARIATES = 10
COVARIATES = [f"x{i}" for i in range(N_COVARIATES)]
TREATMENT = "treated"
OUTCOME = "reoffended"
GOAL_SPEEDUP = 5.0
GOAL_PEAK_BYTES = 1_000_000_000
GOAL_CLI_SECONDS = 1.5


# ---------------------------------------------------------------- data (numpy only)


def generate(n_treated: int, n_comparison: int, seed: int, directory: Path) -> Path:
    """Write X.npy, t.npy, y.npy: the treated first, then the comparison rows in random order.

    A run with fewer comparison rows uses the treated plus the first N comparison rows (a random
    sample of the comparison pool, since their order is random).
    """
    import numpy as np

    target = directory / f"seed{seed}-t{n_treated}-c{n_comparison}"
    if (target / "y.npy").exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    n = n_treated + n_comparison
    x = np.empty((n, N_COVARIATES))
    x[:, :6] = rng.standard_normal((n, 6))
    x[:, 6:] = rng.uniform(size=(n, 4)) < np.array([0.5, 0.4, 0.3, 0.2])
    selection = np.array([0.5, 0.4, 0.3, 0.3, 0.2, 0.1, 0.6, 0.4, 0.2, 0.0])
    # Draw the treated without replacement with probability proportional to exp(x . b): the
    # Gumbel top-k trick gives exactly n_treated of them, confounded by the covariates.
    keys = x @ selection + rng.gumbel(size=n)
    is_treated = np.zeros(n, dtype=bool)
    is_treated[np.argpartition(-keys, n_treated)[:n_treated]] = True
    order = np.concatenate(
        [np.flatnonzero(is_treated), rng.permutation(np.flatnonzero(~is_treated))]
    )
    x = x[order]
    t = is_treated[order].astype(np.int8)
    outcome_weights = np.array([0.4, 0.3, 0.2, -0.2, 0.1, 0.0, 0.5, 0.3, -0.3, 0.2])
    logit = -1.2 + x @ outcome_weights - 0.3 * t
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(np.int8)
    np.save(target / "X.npy", x)
    np.save(target / "t.npy", t)
    np.save(target / "y.npy", y)
    return target


def load_frame(data: Path, n_treated: int, n_comparison: int) -> Any:
    import numpy as np
    import pandas as pd

    rows = n_treated + n_comparison
    x = np.load(data / "X.npy", mmap_mode="r")
    columns = {name: np.array(x[:rows, i]) for i, name in enumerate(COVARIATES)}
    del x
    columns[TREATMENT] = np.load(data / "t.npy")[:rows]
    columns[OUTCOME] = np.load(data / "y.npy")[:rows]
    return pd.DataFrame(columns)


def write_csv(data: Path, n_treated: int, n_comparison: int) -> Path:
    """Write the cohort as one CSV file (once): treatment, outcome, covariates, one row a person."""
    target = data / f"cohort-t{n_treated}-c{n_comparison}.csv"
    if target.exists():
        return target
    frame = load_frame(data, n_treated, n_comparison)[[TREATMENT, OUTCOME, *COVARIATES]]
    partial = target.with_suffix(".csv.partial")
    frame.to_csv(partial, index=False)
    partial.replace(target)
    return target


def peak_rss_bytes() -> int:
    """This process's peak resident memory.

    VmHWM (Linux) belongs to the process's own memory image, which starts afresh at exec;
    ru_maxrss is the fallback but also counts the parent's memory at fork time.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * scale


# ---------------------------------------------------------------- the two pipelines (children)


def run_ours(frame: Any, evaluate_path: str) -> dict[str, Any]:
    import importlib

    module_name, _, attribute = evaluate_path.partition(":")
    evaluate = getattr(importlib.import_module(module_name), attribute or "evaluate")
    start = time.perf_counter()
    result = evaluate(
        frame,
        treatment=TREATMENT,
        outcome=OUTCOME,
        covariates=COVARIATES,
        ratio=1,
        replace=True,
        caliper=0.2,
    )
    wall = time.perf_counter() - start
    return {
        "wall_seconds": wall,
        "estimate": float(result.estimate),
        "ci_low": float(result.ci_low),
        "ci_high": float(result.ci_high),
        "n_treated_matched": int(result.n_treated_matched),
    }


def run_causalml(frame: Any, seed: int) -> dict[str, Any]:
    import numpy as np
    from causalml.match import NearestNeighborMatch, create_table_one
    from sklearn.linear_model import LogisticRegression

    start = time.perf_counter()
    model = LogisticRegression(max_iter=1000)
    model.fit(frame[COVARIATES], frame[TREATMENT])
    frame["logit_score"] = model.decision_function(frame[COVARIATES])
    matcher = NearestNeighborMatch(replace=True, ratio=1, caliper=0.2, random_state=seed)
    matched = matcher.match(data=frame, treatment_col=TREATMENT, score_cols=["logit_score"])
    before = create_table_one(frame, TREATMENT, COVARIATES)
    after = create_table_one(matched, TREATMENT, COVARIATES)
    is_treated = matched[TREATMENT].to_numpy() == 1
    outcome = matched[OUTCOME].to_numpy()
    att = float(outcome[is_treated].mean() - outcome[~is_treated].mean())
    wall = time.perf_counter() - start
    return {
        "wall_seconds": wall,
        "estimate": att,
        "n_treated_matched": int(is_treated.sum()),
        "max_abs_smd_before": float(np.abs(before["SMD"].iloc[1:].astype(float)).max()),
        "max_abs_smd_after": float(np.abs(after["SMD"].iloc[1:].astype(float)).max()),
    }


def child_csv(args: argparse.Namespace) -> None:
    """causalml end to end: read the CSV with pandas, then the same pipeline as above."""
    import pandas as pd

    frame = pd.read_csv(args.csv)
    report = run_causalml(frame, args.seed)
    report["rows"] = len(frame)
    print(json.dumps(report))


def child(args: argparse.Namespace) -> None:
    if args.child == "causalml-csv":
        child_csv(args)
        return
    frame = load_frame(Path(args.data), args.treated, args.n_comparison)
    loaded_rss = peak_rss_bytes()
    runs = []
    for _ in range(args.repeat):
        # Neither pipeline changes the data (causalml's adds the same score column each time).
        if args.child == "ours":
            runs.append(run_ours(frame, args.evaluate))
        else:
            runs.append(run_causalml(frame, args.seed))
    report = dict(runs[0])
    times = [r["wall_seconds"] for r in runs]
    report["wall_seconds"] = sorted(times)[len(times) // 2]  # the median
    report["first_call_seconds"] = times[0]  # includes any lazy imports and warm-up
    report["wall_seconds_all"] = times
    report["peak_rss_bytes"] = peak_rss_bytes()
    report["rss_after_loading_bytes"] = loaded_rss
    print(json.dumps(report))


# ---------------------------------------------------------------- the parent


def ensure_bench_venv() -> tuple[bool, str]:
    """Create var/bench-venv with causalml if missing. Returns (ready, message)."""
    check = [str(BENCH_PYTHON), "-c", "import causalml.match, sklearn, pandas"]
    if BENCH_PYTHON.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return True, "existing var/bench-venv"
    base = getattr(sys, "_base_executable", sys.executable)
    steps = [
        [base, "-m", "venv", str(BENCH_VENV)],
        [str(BENCH_PYTHON), "-m", "pip", "install", "--quiet", "causalml", "scikit-learn"],
    ]
    for step in steps:
        print("$", " ".join(step), flush=True)
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            return False, f"`{' '.join(step)}` failed:\n{done.stdout}\n{done.stderr}"
    if subprocess.run(check, capture_output=True).returncode != 0:
        return False, "causalml installed but does not import"
    return True, "created var/bench-venv"


def measure(
    which: str, python: str, data: Path, args: argparse.Namespace, n_comparison: int
) -> dict[str, Any]:
    command = [
        python,
        str(Path(__file__).resolve()),
        "--child",
        which,
        "--data",
        str(data),
        "--treated",
        str(args.treated),
        "--n-comparison",
        str(n_comparison),
        "--repeat",
        str(args.repeat),
        "--seed",
        str(args.seed),
        "--evaluate",
        args.evaluate,
    ]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *args.pythonpath])}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=ROOT)
    process_seconds = time.perf_counter() - started
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-20:]}
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    report["process_seconds"] = process_seconds
    return report


def _run_process(command: list[str], environment: dict[str, str]) -> dict[str, Any]:
    """Run a command to the end; its wall time, its own peak memory and its last output line."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=environment, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        return {"error": (stderr or stdout).strip().splitlines()[-20:]}
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return {"wall_seconds": wall, "peak_rss_bytes": usage.ru_maxrss * scale, "stdout": stdout}


def measure_end_to_end(which: str, csv_path: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Time one side as a whole process, a first run and then the median of --repeat runs."""
    if which == "ours":
        command = [
            sys.executable,
            "-m",
            "wingman.evaluation",
            str(csv_path),
            "--treatment",
            TREATMENT,
            "--outcome",
            OUTCOME,
            "--covariates",
            ",".join(COVARIATES),
            "--format",
            "json",
            "--quiet",
        ]
    else:
        command = [str(BENCH_PYTHON), str(Path(__file__).resolve()), "--child", "causalml-csv"]
        command += ["--csv", str(csv_path), "--seed", str(args.seed)]
    environment = {
        key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"
    }
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), *args.pythonpath])
    environment["PYTHONPYCACHEPREFIX"] = str(args.data_dir / "pycache" / which)
    first = _run_process(command, environment)
    if "error" in first:
        return first
    runs = [_run_process(command, environment) for _ in range(args.repeat)]
    for run in runs:
        if "error" in run:
            return run
    times = sorted(run["wall_seconds"] for run in runs)
    # Ours prints one indented JSON object; the causalml child prints one line of JSON last.
    text = first["stdout"] if which == "ours" else first["stdout"].strip().splitlines()[-1]
    output = json.loads(text)
    return {
        "wall_seconds": times[len(times) // 2],
        "wall_seconds_all": [run["wall_seconds"] for run in runs],
        "first_run_seconds": first["wall_seconds"],
        "peak_rss_bytes": max(run["peak_rss_bytes"] for run in runs),
        "estimate": float(output["estimate"]),
        "n_treated_matched": int(output["n_treated_matched"]),
    }


def _mb(value: float) -> str:
    return f"{value / 1e6:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--treated", type=int, default=5000)
    parser.add_argument("--comparison", type=int, default=1_000_000)
    parser.add_argument("--scaling", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--skip-causalml", action="store_true")
    parser.add_argument("--causalml-at-every-size", action="store_true")
    parser.add_argument(
        "--skip-end-to-end", action="store_true", help="do not time the whole command line run"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--data-dir", type=Path, default=DATA_DIR, help="where the generated data are kept"
    )
    parser.add_argument(
        "--evaluate", default="wingman.evaluation:evaluate", help="module:function to time"
    )
    parser.add_argument("--pythonpath", action="append", default=[], help=argparse.SUPPRESS)
    parser.add_argument(
        "--child", choices=["ours", "causalml", "causalml-csv"], help=argparse.SUPPRESS
    )
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--n-comparison", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    sizes = sorted({int(s) for s in args.scaling.split(",") if s} | {args.comparison})
    if sizes[-1] > args.comparison:
        parser.error("--scaling sizes must not exceed --comparison")
    print(f"Generating (or reusing) data: {args.treated:,} treated, {args.comparison:,} comparison")
    data = generate(args.treated, args.comparison, args.seed, args.data_dir)

    causalml_ready, causalml_note = (False, "skipped (--skip-causalml)")
    if not args.skip_causalml:
        causalml_ready, causalml_note = ensure_bench_venv()
        print(f"causalml: {causalml_note}")

    ours: dict[int, dict[str, Any]] = {}
    theirs: dict[int, dict[str, Any]] = {}
    for size in sizes:
        print(f"  ours at {size:,} comparison rows ...", flush=True)
        ours[size] = measure("ours", sys.executable, data, args, size)
        if causalml_ready and (args.causalml_at_every_size or size == args.comparison):
            print(f"  causalml at {size:,} comparison rows ...", flush=True)
            theirs[size] = measure("causalml", str(BENCH_PYTHON), data, args, size)

    end_to_end: dict[str, Any] = {}
    if not args.skip_end_to_end:
        csv_path = write_csv(data, args.treated, args.comparison)
        end_to_end["csv"] = str(csv_path)
        end_to_end["csv_bytes"] = csv_path.stat().st_size
        end_to_end["rows"] = args.treated + args.comparison
        end_to_end["columns"] = 2 + N_COVARIATES
        print(f"  end to end, ours, {csv_path.name} ...", flush=True)
        end_to_end["ours"] = measure_end_to_end("ours", csv_path, args)
        if causalml_ready:
            print(f"  end to end, causalml, {csv_path.name} ...", flush=True)
            end_to_end["causalml"] = measure_end_to_end("causalml", csv_path, args)

    print()
    print(f"{args.treated:,} treated, 10 covariates, ratio 1, with replacement, caliper 0.2 SD")
    print(f"wall time: median of {args.repeat} call(s) in one process; peak: whole process")
    header = f"{'comparison rows':>16} | {'ours':>9} {'peak':>9} | {'causalml':>9} {'peak':>9}"
    header += f" | {'speed-up':>8} | {'ATT ours':>9} {'ATT causalml':>12}"
    print(header)
    print("-" * len(header))
    for size in sizes:
        mine, other = ours[size], theirs.get(size, {})
        row = f"{size:>16,} | "
        if "error" in mine:
            row += f"{'error':>9} {'':>9} | "
        else:
            row += f"{mine['wall_seconds']:>8.2f}s {_mb(mine['peak_rss_bytes']):>9} | "
        if other and "error" not in other:
            row += f"{other['wall_seconds']:>8.2f}s {_mb(other['peak_rss_bytes']):>9} | "
        else:
            row += f"{'error' if other else '-':>9} {'':>9} | "
        if other and "error" not in other and "error" not in mine:
            row += f"{other['wall_seconds'] / mine['wall_seconds']:>7.1f}x | "
        else:
            row += f"{'-':>8} | "
        nan = float("nan")
        row += f"{mine.get('estimate', nan):>9.4f} {other.get('estimate', nan):>12.4f}"
        print(row)
    for label, results in (("ours", ours), ("causalml", theirs)):
        for size, result in results.items():
            if "error" in result:
                print(f"\n{label} at {size:,} failed:\n  " + "\n  ".join(result["error"]))

    smallest, largest = ours[sizes[0]], ours[sizes[-1]]
    if "error" not in smallest and "error" not in largest and len(sizes) > 1:
        growth = largest["wall_seconds"] / smallest["wall_seconds"]
        rows = sizes[-1] / sizes[0]
        print(f"\nOur time grows {growth:.1f}x for {rows:.0f}x the comparison rows.")

    print("First call in a fresh process (with lazy imports and warm-up), largest size:")
    for label, results in (("ours", ours), ("causalml", theirs)):
        result = results.get(args.comparison, {})
        if "first_call_seconds" in result:
            print(f"  {label:<9} {result['first_call_seconds']:.2f}s")

    cli_goal: bool | None = None
    if end_to_end:
        e2e_ours, e2e_theirs = end_to_end["ours"], end_to_end.get("causalml")
        print(
            f"\nEnd to end, a whole process from start-up to report, on a "
            f"{end_to_end['rows']:,}-row, {end_to_end['columns']}-column CSV "
            f"({_mb(end_to_end['csv_bytes'])});\nmedian of {args.repeat} run(s), "
            "bytecode cached:"
        )
        for label, result in (("ours (CLI)", e2e_ours), ("causalml", e2e_theirs)):
            if result is None:
                print(f"  {label:<11} -")
            elif "error" in result:
                print(f"  {label:<11} failed:\n    " + "\n    ".join(result["error"]))
            else:
                print(
                    f"  {label:<11} {result['wall_seconds']:>6.2f}s  peak "
                    f"{_mb(result['peak_rss_bytes']):>9}  first run "
                    f"{result['first_run_seconds']:.2f}s  ATT {result['estimate']:.4f}"
                )
        if e2e_theirs and "error" not in e2e_theirs and "error" not in e2e_ours:
            ratio = e2e_theirs["wall_seconds"] / e2e_ours["wall_seconds"]
            end_to_end["speedup"] = ratio
            print(f"  ours is {ratio:.1f}x faster end to end")

    print()
    final_ours, final_theirs = ours[args.comparison], theirs.get(args.comparison)
    speed_goal: bool | None = None
    if final_theirs and "error" not in final_theirs and "error" not in final_ours:
        speedup = final_theirs["wall_seconds"] / final_ours["wall_seconds"]
        speed_goal = speedup >= GOAL_SPEEDUP
        verdict = "met" if speed_goal else "NOT met"
        print(f"Goal, at least {GOAL_SPEEDUP:.0f}x faster than causalml: {speedup:.1f}x, {verdict}")
    else:
        print(f"Goal, at least {GOAL_SPEEDUP:.0f}x faster than causalml: not measured")
        if not causalml_ready:
            print(f"  causalml unavailable: {causalml_note}")
    memory_goal: bool | None = None
    if "error" not in final_ours:
        memory_goal = final_ours["peak_rss_bytes"] < GOAL_PEAK_BYTES
        verdict = "met" if memory_goal else "NOT met"
        print(
            f"Goal, peak memory under 1 GB: {_mb(final_ours['peak_rss_bytes'])} "
            f"(of which {_mb(final_ours['rss_after_loading_bytes'])} after loading the data), "
            f"{verdict}"
        )
    if end_to_end and "error" not in end_to_end["ours"]:
        seconds = end_to_end["ours"]["wall_seconds"]
        cli_goal = seconds < GOAL_CLI_SECONDS
        verdict = "met" if cli_goal else "NOT met"
        print(
            f"Goal, command line under {GOAL_CLI_SECONDS} s end to end: {seconds:.2f}s, {verdict}"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "treated": args.treated,
                    "comparison": args.comparison,
                    "seed": args.seed,
                    "ours": {str(k): v for k, v in ours.items()},
                    "causalml": {str(k): v for k, v in theirs.items()},
                    "causalml_note": causalml_note,
                    "speed_goal_met": speed_goal,
                    "memory_goal_met": memory_goal,
                    "end_to_end": end_to_end,
                    "cli_goal_met": cli_goal,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
