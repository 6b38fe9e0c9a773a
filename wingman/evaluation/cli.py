"""Command line: ``python -m wingman.evaluation COHORT.csv --treatment COL --outcome COL ...``.

Reads a CSV file with one row per person, runs ``evaluate`` and prints a short report (text) or
one JSON object. Bad input gets a one-line error on standard error and exit code 2; line
numbers count the header as line 1, so the first person is on line 2.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import math
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

import numpy as np

from wingman.evaluation import DEFAULT_OUTCOME_LABEL, evaluate
from wingman.evaluation.balance import VARIANCE_RATIO_RANGE
from wingman.evaluation.errors import EvaluationInputError
from wingman.evaluation.numbers import (
    MINUS,
    count,
    interval,
    number,
    p_value,
    percent,
    points,
    signed,
)
from wingman.evaluation.result import EvaluationResult

# Above this many comparison rows, progress messages are shown (unless --quiet).
PROGRESS_COMPARISON_ROWS = 100_000
# Files larger than this get a "reading" message (unless --quiet).
PROGRESS_FILE_BYTES = 20_000_000
HEADER_LINES = 1
# Spellings read as a missing value: pandas' defaults (pandas._libs.parsers.STR_NA_VALUES), so
# a file means the same here as in pandas.read_csv.
MISSING_SPELLINGS = (
    "",
    "#N/A",
    "#N/A N/A",
    "#NA",
    "-1.#IND",
    "-1.#QNAN",
    "-NaN",
    "-nan",
    "1.#IND",
    "1.#QNAN",
    "<NA>",
    "N/A",
    "NA",
    "NULL",
    "NaN",
    "None",
    "n/a",
    "nan",
    "null",
)


class InputProblem(Exception):
    """A problem with the input, reported as one line and exit code 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and raise instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise InputProblem(message)


def _ratio(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _caliper(text: str) -> float | None:
    if text.strip().lower() == "none":
        return None
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number or 'none', not '{text}'") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be greater than 0, not {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser."""
    parser = _Parser(
        prog="python -m wingman.evaluation",
        description=(
            "Estimate the effect of the service on the people who got it (average treatment "
            "effect on the treated) by propensity score matching."
        ),
    )
    parser.add_argument("cohort", metavar="COHORT.csv", help="CSV file, one row per person")
    parser.add_argument("--treatment", required=True, help="0/1 column: 1 = got the service")
    parser.add_argument("--outcome", required=True, help="numeric outcome column")
    parser.add_argument("--covariates", required=True, help="comma-separated covariate columns")
    parser.add_argument("--ratio", type=_ratio, default=1, help="matches per treated person")
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--replace",
        dest="replace",
        action="store_true",
        default=True,
        help="a comparison person may be matched more than once (default)",
    )
    group.add_argument(
        "--no-replace",
        dest="replace",
        action="store_false",
        help="each comparison person is matched at most once",
    )
    parser.add_argument(
        "--caliper",
        type=_caliper,
        default=0.2,
        help="widest match, in SDs of the logit of the score (default 0.2; 'none' for none)",
    )
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--quiet", action="store_true", help="no progress messages")
    parser.add_argument(
        "--outcome-label",
        default=DEFAULT_OUTCOME_LABEL,
        help=f"word(s) for the outcome in the summary (default '{DEFAULT_OUTCOME_LABEL}')",
    )
    return parser


def _header(path: str) -> list[str]:
    """Return the column names on the first line (a UTF-8 byte order mark is allowed)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        first = next(csv.reader(handle), None)
    if not first or first == [""]:
        raise InputProblem(f"{path}: file is empty")
    return first


def _bad_row(path: str, width: int) -> str:
    """Describe the first row whose number of fields differs from the header's."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    found: list[str] = []

    def note(row: Any) -> str:
        if not found:
            where = f"line {row.number}" if row.number is not None else "a line"
            found.append(f"{where} has {row.actual_columns} fields, the header has {width}")
        return "error"

    # Read again on one thread, so the parser knows each row's line number.
    with contextlib.suppress(pa.ArrowInvalid):
        pa_csv.read_csv(
            path,
            read_options=pa_csv.ReadOptions(use_threads=False),
            parse_options=pa_csv.ParseOptions(invalid_row_handler=note),
        )
    return found[0] if found else "rows of different lengths"


def _read(path: str, needed: list[str], quiet: bool, err: TextIO) -> dict[str, Any]:
    """Read the needed columns of the CSV file as arrays, one per column.

    A column of numbers comes back as a numeric array (missing values as NaN); a column with
    anything else in it comes back as text (an object array, missing values as None) for
    ``evaluate`` to report with its line number. Every reading problem becomes one line.
    """
    if not os.path.exists(path):
        raise InputProblem(f"{path}: file not found")
    if os.path.isdir(path):
        raise InputProblem(f"{path}: is a directory, not a file")
    try:
        if not quiet and os.path.getsize(path) > PROGRESS_FILE_BYTES:
            print(f"reading {path}...", file=err)
        columns = _header(path)
        for name in needed:
            if name not in columns:
                shown = ", ".join(columns[:20]) + (", ..." if len(columns) > 20 else "")
                raise InputProblem(f"{path}: column '{name}' not found (columns: {shown})")
            if columns.count(name) > 1:
                raise InputProblem(f"{path}: column '{name}' appears more than once in the header")
        return _columns(path, needed, len(columns))
    except PermissionError:
        raise InputProblem(f"{path}: cannot be read (permission denied)") from None
    except UnicodeDecodeError:
        raise InputProblem(f"{path}: is not a readable text (CSV) file") from None
    except OSError as exc:
        raise InputProblem(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _columns(path: str, needed: list[str], width: int) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    def read(names: list[str], types: dict[str, Any]) -> Any:
        try:
            return pa_csv.read_csv(
                path,
                convert_options=pa_csv.ConvertOptions(
                    include_columns=names,
                    column_types=types,
                    null_values=list(MISSING_SPELLINGS),
                    strings_can_be_null=True,
                    true_values=["True", "TRUE", "true"],
                    false_values=["False", "FALSE", "false"],
                ),
            )
        except pa.ArrowInvalid as exc:
            message = str(exc)
            if "Empty CSV file" in message:
                raise InputProblem(f"{path}: file is empty") from None
            if "Expected" in message and "columns, got" in message:
                problem = _bad_row(path, width)
                raise InputProblem(f"{path}: not a valid CSV file ({problem})") from None
            first = message.strip().splitlines()[0] if message.strip() else "cannot be parsed"
            raise InputProblem(f"{path}: not a valid CSV file ({first})") from None

    table = read(needed, {})
    kept = (pa.types.is_integer, pa.types.is_floating, pa.types.is_boolean, pa.types.is_null)
    as_text = [
        name for name in needed if not any(kind(table.schema.field(name).type) for kind in kept)
    ]
    if as_text:
        # Dates and the like are read again as the text in the file, which is not a number.
        table = read(needed, dict.fromkeys(as_text, pa.string()))
    arrays: dict[str, Any] = {}
    for name in needed:
        column = table.column(name)
        if pa.types.is_binary(column.type):
            raise InputProblem(f"{path}: is not a readable text (CSV) file")
        arrays[name] = _floats(column) if name not in as_text else column.to_numpy()
    return arrays


def _floats(column: Any) -> Any:
    """A numeric or true/false column as float64, missing values as NaN.

    Read straight from Arrow's buffers: pyarrow's own ``to_numpy`` imports pandas, which alone
    takes longer than the analysis of a million rows.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pc.cast(column.combine_chunks(), pa.float64())
    start, size = values.offset, len(values)
    data = np.frombuffer(values.buffers()[1], dtype=np.float64, count=start + size)[start:]
    if not values.null_count:
        return data
    bits = np.frombuffer(values.buffers()[0], dtype=np.uint8)
    valid = np.unpackbits(bits, bitorder="little")[start : start + size].astype(bool)
    data = data.copy()
    data[~valid] = np.nan
    return data


def render_text(result: EvaluationResult, treatment: str, outcome: str) -> str:
    """Return a short readable report, numbers written as people read them."""
    p = result.parameters
    binary = result.rate_treated is not None
    lines = [
        "Impact evaluation: propensity score matching (average effect on the treated)",
        f"Outcome: {outcome}   Treatment: {treatment}",
        f"Treated: {count(result.n_treated)} (matched {count(result.n_treated_matched)});  "
        f"comparison: {count(result.n_comparison)} "
        f"(used {count(result.n_comparison_matched)})",
    ]
    caliper = (
        f"caliper {number(p['caliper_sd_units'])} SD of the logit ({number(p['caliper'])})"
        if p["caliper"] is not None
        else "no caliper"
    )
    lines.append(
        f"Matching: 1:{p['ratio']} {'with' if p['replace'] else 'without'} replacement, {caliper}"
    )
    if result.n_outside_support or result.n_no_match_within_caliper:
        lines.append(
            f"Left out: {count(result.n_outside_support)} outside common support, "
            f"{count(result.n_no_match_within_caliper)} with no match"
        )
    effect = f"{points(result.estimate)} percentage points" if binary else signed(result.estimate)
    lines.append(
        f"Effect on the treated: {effect} "
        f"(95% interval {interval(result.ci_low, result.ci_high, in_points=binary)}), "
        f"{p_value(result.p_value)}"
    )
    if binary:
        lines.append(
            f"Rates: treated {percent(result.rate_treated)}, matched comparison "
            f"{percent(result.rate_comparison)}"
        )
    if result.statement:
        lines.append(result.statement)
    lines.append(f"Interval: {result.variance_method}.")
    model = _propensity_line(result.propensity)
    if model:
        lines.append(model)
    lines.append("")
    if result.conclusion:
        lines.append(f"Conclusion: {result.conclusion}")
    else:
        lines.append("Conclusion: none can be drawn from these numbers (see warnings).")
    if result.warnings:
        lines.append("")
        lines.append("Warnings:")
        lines.extend(f"  - {w}" for w in result.warnings)
    lines.append("")
    lines.extend(_balance_lines(result.balance))
    return "\n".join(lines)


def _propensity_line(model: dict[str, Any]) -> str | None:
    """The propensity model in one line: converged or not, separation, penalty, dropped."""
    parts = []
    converged = model.get("converged")
    if converged is not None:
        iterations = model.get("iterations")
        after = f" after {count(iterations)} iterations" if iterations is not None else ""
        parts.append(f"converged{after}" if converged else f"did NOT converge{after}")
    if model.get("separation") is not None:
        parts.append(f"separation: {str(model['separation']).replace('_', ' ')}")
    if model.get("penalty") is not None:
        parts.append(f"penalty: {model['penalty']}")
    dropped = model.get("covariates_dropped")
    if dropped:
        names = dropped.keys() if isinstance(dropped, dict) else dropped
        parts.append(f"left out of the model: {', '.join(str(name) for name in names)}")
    return f"Propensity model: {'; '.join(parts)}" if parts else None


def _balance_lines(balance: list[dict[str, Any]]) -> list[str]:
    ratios = any(row.get("variance_ratio_after") is not None for row in balance)
    low, high = VARIANCE_RATIO_RANGE
    title = "Balance (standardised mean difference; * = above 0.1 in size after matching"
    title += (
        f"; variance ratio after matching, ! = outside {low:g} to {high:g}):" if ratios else "):"
    )
    width = max([len("covariate")] + [len(str(row["covariate"])) for row in balance])
    header = f"  {'covariate':<{width}}  {'before':>8}  {'after':>8}"
    if ratios:
        header += f"    {'variance ratio':>14}"
    lines = [title, header]
    for row in balance:
        line = f"  {row['covariate']:<{width}}  {_smd(row['smd_before'])}  {_smd(row['smd_after'])}"
        line += " *" if row["imbalanced"] else "  "
        if ratios:
            ratio = row.get("variance_ratio_after")
            outside = ratio is not None and math.isfinite(ratio) and not low <= ratio <= high
            line += f"  {_variance_ratio(ratio)}{' !' if outside else ''}"
        lines.append(line.rstrip())
    return lines


def _smd(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return f"{'n/a':>8}"
    text = f"{value:+.3f}"
    return f"{text.replace('-', MINUS):>8}"


def _variance_ratio(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return f"{'n/a':>14}"
    return f"{value:>14.2f}"


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line tool; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = build_parser().parse_args(list(argv) if argv is not None else None)
        covariates = [c.strip() for c in args.covariates.split(",") if c.strip()]
        if not covariates:
            raise InputProblem("--covariates: give at least one column name")
        needed = list(dict.fromkeys([args.treatment, args.outcome, *covariates]))
        frame = _read(args.cohort, needed, args.quiet, err)
        n_rows = len(frame[needed[0]])
        if n_rows == 0:
            raise InputProblem(f"{args.cohort}: no data rows after the header")
        treatment_values = frame[args.treatment]
        n_treated = (
            int(np.count_nonzero(treatment_values == 1))
            if treatment_values.dtype.kind in "fiub"
            else 0
        )
        n_comparison = n_rows - n_treated
        show_progress = not args.quiet and n_comparison > PROGRESS_COMPARISON_ROWS

        def progress(message: str) -> None:
            if show_progress:
                print(message, file=err, flush=True)

        try:
            result = evaluate(
                frame,
                treatment=args.treatment,
                outcome=args.outcome,
                covariates=covariates,
                ratio=args.ratio,
                replace=args.replace,
                caliper=args.caliper,
                outcome_label=args.outcome_label,
                progress=progress,
            )
        except EvaluationInputError as exc:
            offset = HEADER_LINES + 1
            raise InputProblem(f"{args.cohort}: {exc.describe(line_offset=offset)}") from None
    except InputProblem as exc:
        print(f"error: {exc}", file=err)
        return 2
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, allow_nan=False), file=out)
    else:
        print(render_text(result, args.treatment, args.outcome), file=out)
    return 0
