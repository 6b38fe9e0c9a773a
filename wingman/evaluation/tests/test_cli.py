"""The command line: a report for good input, one clear line and exit code 2 for bad input."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wingman.evaluation import cli

COLUMNS = ["--treatment", "treated", "--outcome", "reoffended", "--covariates", "age,priors"]


def write_cohort(path: Path, n_t: int = 200, n_c: int = 2000, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    n = n_t + n_c
    age = rng.normal(25, 5, n)
    priors = rng.poisson(3, n).astype(float)
    treated = np.r_[np.ones(n_t, int), np.zeros(n_c, int)]
    age[:n_t] -= 2
    reoffended = (rng.random(n) < 0.4).astype(int)
    pd.DataFrame(
        {"treated": treated, "reoffended": reoffended, "age": age, "priors": priors}
    ).to_csv(path, index=False)
    return path


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def assert_one_line_error(code: int, out: str, err: str, *parts: str) -> None:
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    for part in parts:
        assert part in lines[0], (part, lines[0])


def test_text_report(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    code, out, err = run([str(path), *COLUMNS, "--outcome-label", "reoffended"])
    assert code == 0, err
    assert "Effect on the treated" in out
    assert "95% interval" in out
    assert "For every 100 people like these who got the service," in out
    assert "reoffended;" in out
    assert "Abadie-Imbens (2006)" in out
    assert "Balance" in out and "age" in out and "priors" in out
    assert "Conclusion:" in out
    assert err == ""


def test_json_report_is_one_object(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    code, out, _ = run([str(path), *COLUMNS, "--format", "json", "--ratio", "2", "--no-replace"])
    assert code == 0
    data = json.loads(out)
    assert data["parameters"]["ratio"] == 2
    assert data["parameters"]["replace"] is False
    assert data["n_treated"] == 200
    assert "had the outcome" in data["statement"]
    assert data["variance_method"].startswith("Abadie-Imbens (2006)")


def test_caliper_none(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    code, out, _ = run([str(path), *COLUMNS, "--format", "json", "--caliper", "none"])
    assert code == 0
    assert json.loads(out)["parameters"]["caliper"] is None


def test_progress_and_quiet(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_COMPARISON_ROWS", 100)
    path = write_cohort(tmp_path / "cohort.csv")
    code, _, err = run([str(path), *COLUMNS])
    assert code == 0
    for stage in ["fitting propensity model...", "matching...", "balance...", "interval..."]:
        assert stage in err
    code, _, err = run([str(path), *COLUMNS, "--quiet"])
    assert code == 0
    assert err == ""


def test_small_run_is_silent(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    _, _, err = run([str(path), *COLUMNS])
    assert err == ""


def test_module_entry_point(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    ok = subprocess.run(
        [sys.executable, "-m", "wingman.evaluation", str(path), *COLUMNS, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["n_comparison"] == 2000
    bad = subprocess.run(
        [sys.executable, "-m", "wingman.evaluation", str(tmp_path / "nope.csv"), *COLUMNS],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert bad.stderr.strip() == f"error: {tmp_path / 'nope.csv'}: file not found"


def edit_csv(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell, addressed by file line number (header is line 1)."""
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[line - 1].split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")


def test_missing_file(tmp_path):
    assert_one_line_error(*run([str(tmp_path / "missing.csv"), *COLUMNS]), "file not found")


def test_unreadable_file(tmp_path):
    assert_one_line_error(*run([str(tmp_path), *COLUMNS]), "is a directory")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\x82" * 50)
    code, out, err = run([str(binary), *COLUMNS])
    assert_one_line_error(code, out, err, str(binary))


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert_one_line_error(*run([str(empty), *COLUMNS]), "file is empty")


def test_header_only(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("treated,reoffended,age,priors\n")
    assert_one_line_error(*run([str(path), *COLUMNS]), "no data rows")


def test_missing_column(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    argv = [str(path), "--treatment", "treated", "--outcome", "reoffended"]
    code, out, err = run([*argv, "--covariates", "age,ethnicity"])
    assert_one_line_error(code, out, err, "column 'ethnicity' not found")


def test_non_numeric_value(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    edit_csv(path, 7, "age", "twenty")
    assert_one_line_error(
        *run([str(path), *COLUMNS]), "column 'age'", "line 7", "'twenty' is not a number"
    )


def test_missing_value(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    edit_csv(path, 12, "priors", "")
    assert_one_line_error(*run([str(path), *COLUMNS]), "column 'priors'", "line 12", "missing")


def test_missing_treatment_value(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    edit_csv(path, 2, "treated", "")
    assert_one_line_error(*run([str(path), *COLUMNS]), "column 'treated'", "line 2", "missing")


def test_no_treated_rows(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv", n_t=0)
    assert_one_line_error(*run([str(path), *COLUMNS]), "column 'treated'", "no treated rows")


def test_no_comparison_rows(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv", n_c=0)
    assert_one_line_error(*run([str(path), *COLUMNS]), "column 'treated'", "no comparison rows")


def test_treatment_not_zero_one(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    edit_csv(path, 9, "treated", "2")
    assert_one_line_error(
        *run([str(path), *COLUMNS]), "column 'treated'", "line 9", "'2' is not 0 or 1"
    )
    path = write_cohort(tmp_path / "cohort2.csv")
    edit_csv(path, 4, "treated", "yes")
    assert_one_line_error(*run([str(path), *COLUMNS]), "column 'treated'", "line 4", "'yes'")


def test_outcome_not_numeric(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    edit_csv(path, 30, "reoffended", "yes")
    assert_one_line_error(
        *run([str(path), *COLUMNS]), "column 'reoffended'", "line 30", "'yes' is not a number"
    )


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        (["--ratio", "0"], "--ratio: must be at least 1"),
        (["--ratio", "-2"], "--ratio: must be at least 1"),
        (["--ratio", "two"], "--ratio: must be a whole number"),
        (["--caliper", "0"], "--caliper: must be greater than 0"),
        (["--caliper", "-0.1"], "--caliper: must be greater than 0"),
        (["--caliper", "wide"], "--caliper: must be a number"),
        (["--format", "xml"], "--format"),
    ],
)
def test_bad_settings(tmp_path, extra, text):
    path = write_cohort(tmp_path / "cohort.csv")
    assert_one_line_error(*run([str(path), *COLUMNS, *extra]), text)


def test_missing_required_argument(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    assert_one_line_error(*run([str(path), "--outcome", "reoffended"]), "--treatment")


def test_package_does_not_import_django():
    code = (
        "import sys, wingman.evaluation, wingman.evaluation.cli, wingman.evaluation.ogrs3, "
        "wingman.evaluation.expected; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def report(path: Path) -> dict:
    code, out, err = run([str(path), *COLUMNS, "--format", "json"])
    assert code == 0, err
    return json.loads(out)


def test_a_row_with_more_fields_than_the_header_is_named_by_its_line(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    lines = path.read_text().splitlines()
    lines[6] += ",7"
    path.write_text("\n".join(lines) + "\n")
    assert_one_line_error(
        *run([str(path), *COLUMNS]), "not a valid CSV file", "line 7 has 5 fields", "header has 4"
    )


def test_a_row_with_fewer_fields_than_the_header_is_named_by_its_line(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    lines = path.read_text().splitlines()
    lines[1499] = lines[1499].rsplit(",", 1)[0]
    path.write_text("\n".join(lines) + "\n")
    assert_one_line_error(
        *run([str(path), *COLUMNS]), "not a valid CSV file", "line 1500 has 3 fields"
    )


def test_a_byte_order_mark_crlf_line_ends_and_quoted_numbers_read_as_plain_csv(tmp_path):
    plain = report(write_cohort(tmp_path / "cohort.csv"))
    lines = (tmp_path / "cohort.csv").read_text().splitlines()
    quoted = [lines[0]] + [",".join(f'"{cell}"' for cell in line.split(",")) for line in lines[1:]]
    other = tmp_path / "excel.csv"
    other.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(quoted).encode() + b"\r\n")
    assert report(other) == plain


@pytest.mark.parametrize("spelling", ["", "NA", "NaN", "null", "N/A", "None", "<NA>", '""'])
def test_every_spelling_of_missing_is_reported_as_a_missing_value(tmp_path, spelling):
    path = write_cohort(tmp_path / "cohort.csv")
    edit_csv(path, 12, "priors", spelling)
    assert_one_line_error(
        *run([str(path), *COLUMNS]), "column 'priors'", "line 12", "missing value"
    )


def test_a_missing_value_before_a_text_value_is_reported_first(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    edit_csv(path, 5, "age", "NA")
    edit_csv(path, 9, "age", "old")
    assert_one_line_error(*run([str(path), *COLUMNS]), "column 'age'", "line 5", "missing value")


def test_text_far_down_a_column_of_numbers_is_reported_with_its_line(tmp_path):
    # Many times the parser's block of rows, so the first blocks are all numbers.
    path = write_cohort(tmp_path / "cohort.csv", n_t=2000, n_c=60_000)
    edit_csv(path, 61_990, "age", "unknown")
    assert_one_line_error(
        *run([str(path), *COLUMNS]), "column 'age'", "line 61990", "'unknown' is not a number"
    )


def test_a_date_in_a_numeric_column_is_reported_as_written(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    at = header.index("age")
    for number in range(1, len(lines)):
        cells = lines[number].split(",")
        cells[at] = f"2020-01-{1 + number % 28:02d}"
        lines[number] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    assert_one_line_error(
        *run([str(path), *COLUMNS]), "column 'age'", "line 2", "'2020-01-02' is not a number"
    )


def test_true_and_false_read_as_one_and_zero(tmp_path):
    plain = report(write_cohort(tmp_path / "cohort.csv"))
    lines = (tmp_path / "cohort.csv").read_text().splitlines()
    worded = [lines[0]] + [
        ("TRUE" if line.startswith("1,") else "FALSE") + line[1:] for line in lines[1:]
    ]
    (tmp_path / "worded.csv").write_text("\n".join(worded) + "\n")
    assert report(tmp_path / "worded.csv") == plain


def test_a_column_named_twice_in_the_header_is_refused(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    lines = path.read_text().splitlines()
    lines[0] = lines[0].replace("priors", "age")
    path.write_text("\n".join(lines) + "\n")
    code, out, err = run([str(path), "--treatment", "treated", "--outcome", "reoffended",
                          "--covariates", "age"])  # fmt: skip
    assert_one_line_error(code, out, err, "column 'age' appears more than once in the header")


def test_bytes_that_are_not_utf8_in_a_cell_make_the_file_unreadable_text(tmp_path):
    path = write_cohort(tmp_path / "cohort.csv")
    data = path.read_bytes().split(b"\n")
    cells = data[20].split(b",")
    cells[2] = b"\xff\xfe"
    data[20] = b",".join(cells)
    path.write_bytes(b"\n".join(data))
    assert_one_line_error(*run([str(path), *COLUMNS]), "is not a readable text (CSV) file")


def test_a_file_of_blank_lines_is_empty(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n\n")
    assert_one_line_error(*run([str(path), *COLUMNS]), "file is empty")


def test_columns_not_asked_for_may_hold_anything(tmp_path):
    plain = report(write_cohort(tmp_path / "cohort.csv"))
    lines = (tmp_path / "cohort.csv").read_text().splitlines()
    lines = [lines[0] + ",note"] + [line + ',"free text, with a comma"' for line in lines[1:]]
    (tmp_path / "noted.csv").write_text("\n".join(lines) + "\n")
    assert report(tmp_path / "noted.csv") == plain


def test_missing_spellings_are_the_ones_pandas_uses():
    from pandas._libs.parsers import STR_NA_VALUES

    assert set(cli.MISSING_SPELLINGS) == set(STR_NA_VALUES)


MINUS = "\u2212"
SIGNED = rf"[+{MINUS}]?[0-9][0-9,]*(\.[0-9]+)?"


def write_costs(path: Path, effect: float, n_t: int = 300, n_c: int = 3000) -> Path:
    """A cohort whose outcome is a cost in pounds, the treated costing ``effect`` more."""
    rng = np.random.default_rng(7)
    n = n_t + n_c
    age = rng.normal(25, 5, n)
    priors = rng.poisson(3, n).astype(float)
    treated = np.r_[np.ones(n_t, int), np.zeros(n_c, int)]
    age[:n_t] -= 1
    cost = rng.normal(20_000, 8_000, n) + 300 * priors + effect * treated
    pd.DataFrame({"treated": treated, "cost": cost, "age": age, "priors": priors}).to_csv(
        path, index=False
    )
    return path


def report_text(path: Path, outcome: str) -> str:
    argv = [str(path), "--treatment", "treated", "--outcome", outcome, "--covariates", "age,priors"]
    code, out, err = run(argv)
    assert code == 0, err
    return out


def line_starting(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def test_a_money_effect_reads_with_thousands_separators_signs_and_a_real_minus(tmp_path):
    out = report_text(write_costs(tmp_path / "costs.csv", effect=1_500.0), "cost")
    effect = line_starting(out, "Effect on the treated: ")
    assert re.fullmatch(
        rf"Effect on the treated: \+[0-9],[0-9]{{3}} "
        rf"\(95% interval {SIGNED} to \+[0-9],[0-9]{{3}}\), p (< 0\.001|= 0\.[0-9]+)",
        effect,
    ), effect
    assert "comparison: 3,000" in out
    conclusion = line_starting(out, "Conclusion: ")
    assert re.search(
        rf"difference \+[0-9],[0-9]{{3}}, 95% interval {SIGNED} to \+[0-9,]+", conclusion
    )
    body = out.split("Balance")[0]
    assert not re.search(r"[0-9]e[+-]?[0-9]", body)  # no scientific notation
    assert not re.search(r"(^|[ (])-[0-9]", body)  # negative numbers use the minus sign


def test_a_money_effect_below_zero_is_shown_with_the_minus_sign(tmp_path):
    out = report_text(write_costs(tmp_path / "costs.csv", effect=-6_000.0), "cost")
    effect = line_starting(out, "Effect on the treated: ")
    assert effect.startswith(f"Effect on the treated: {MINUS}")
    assert effect.endswith("p < 0.001")
    assert "p < 0.001" in line_starting(out, "Conclusion: ")


def test_a_zero_one_outcome_is_in_percentage_points_in_the_effect_and_conclusion(tmp_path):
    out = report_text(write_cohort(tmp_path / "cohort.csv"), "reoffended")
    effect = line_starting(out, "Effect on the treated: ")
    assert re.fullmatch(
        rf"Effect on the treated: {SIGNED} percentage points \(95% interval {SIGNED} to {SIGNED}\)"
        r", p = [01](\.[0-9]+)?",
        effect,
    ), effect
    assert re.fullmatch(
        r"Rates: treated [0-9]+\.[0-9]%, matched comparison [0-9]+\.[0-9]%",
        line_starting(out, "Rates: "),
    )
    conclusion = line_starting(out, "Conclusion: ")
    assert re.search(
        rf"difference {SIGNED} percentage points, 95% interval {SIGNED} to {SIGNED} percentage "
        r"points, p = [01](\.[0-9]+)?\)",
        conclusion,
    ), conclusion


def test_the_report_shows_how_the_propensity_model_went_and_flags_variance_ratios(tmp_path):
    from wingman.evaluation import evaluate

    frame = pd.read_csv(write_cohort(tmp_path / "cohort.csv"))
    result = evaluate(
        frame, treatment="treated", outcome="reoffended", covariates=["age", "priors"]
    )
    result.propensity.update(converged=False, iterations=25, separation="treated_side")
    result.propensity["penalty"] = "firth"
    result.balance[0]["variance_ratio_after"] = 2.6
    result.balance[1]["variance_ratio_after"] = 1.1
    out = cli.render_text(result, "treated", "reoffended")
    assert (
        "Propensity model: did NOT converge after 25 iterations; separation: treated side; "
        "penalty: firth"
    ) in out
    table = out.split("Balance")[1].splitlines()
    assert "variance ratio after matching, ! = outside 0.5 to 2" in table[0]
    assert "variance ratio" in table[1]
    assert table[2].split()[0] == "age" and table[2].endswith("2.60 !")
    assert table[3].split()[0] == "priors" and table[3].endswith("1.10")


def test_a_report_from_results_without_variance_ratios_has_no_such_column(tmp_path):
    from wingman.evaluation import evaluate

    frame = pd.read_csv(write_cohort(tmp_path / "cohort.csv"))
    result = evaluate(
        frame, treatment="treated", outcome="reoffended", covariates=["age", "priors"]
    )
    for row in result.balance:
        row.pop("variance_ratio_after", None)
    for key in ("separation", "penalty"):
        result.propensity.pop(key, None)
    out = cli.render_text(result, "treated", "reoffended")
    assert "variance ratio" not in out and "!" not in out.split("Balance")[1]
    assert line_starting(out, "Propensity model: ") == (
        f"Propensity model: converged after {result.propensity['iterations']} iterations"
    )
