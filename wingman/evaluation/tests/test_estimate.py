"""The ATT, its Abadie-Imbens interval, the wording, and when no conclusion is drawn."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from wingman.evaluation import EvaluationInputError, evaluate
from wingman.evaluation.estimate import VARIANCE_METHOD, estimate_att
from wingman.evaluation.matching import SortedComparison, match


def test_abadie_imbens_variance_by_hand():
    # Both treated people match comparison row 1, which is therefore used twice.
    logit_t = np.array([0.0, 0.05])
    logit_c = np.array([-0.5, 0.1, 1.0])
    y_t = np.array([1.0, 3.0])
    y_c = np.array([5.0, 2.0, 9.0])
    sorted_c = SortedComparison(logit_c)
    matches = match(logit_t, logit_c, ratio=1, replace=True, caliper_width=None)
    assert matches.pair_control.tolist() == [1, 1]
    est = estimate_att(y_t, y_c, matches, sorted_c, neighbours=2)
    # Differences are -1 and +1, so the ATT is 0 and the treated term is 1 + 1 = 2.
    # Row 1: K = 2, sum of squared weights 2, so its factor is 4 - 2 = 2. Its two nearest other
    # comparison rows have outcomes 5 and 9 (mean 7): s^2 = 2/3 * (2 - 7)^2 = 50/3.
    variance = (2.0 + 2.0 * 50.0 / 3.0) / 2**2
    assert est.estimate == pytest.approx(0.0)
    assert est.std_error == pytest.approx(math.sqrt(variance))
    assert est.ci_low == pytest.approx(-1.959963985 * math.sqrt(variance))
    assert est.p_value == pytest.approx(1.0)


def test_without_reuse_variance_is_that_of_differences():
    rng = np.random.default_rng(0)
    logit_t = rng.normal(size=50)
    logit_c = rng.normal(size=500)
    y_t = rng.normal(size=50)
    y_c = rng.normal(size=500)
    matches = match(logit_t, logit_c, replace=False, caliper_width=None)
    est = estimate_att(y_t, y_c, matches, SortedComparison(logit_c))
    diffs = y_t[matches.pair_treated] - y_c[matches.pair_control]
    assert est.estimate == pytest.approx(diffs.mean())
    assert est.std_error == pytest.approx(diffs.std() / math.sqrt(len(diffs)))


def cohort(seed=0, n_t=300, n_c=3000, shift=0.5, effect=-0.1, binary=True):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=n_t + n_c)
    b = rng.normal(size=n_t + n_c)
    t = np.r_[np.ones(n_t), np.zeros(n_c)]
    a[:n_t] += shift
    if binary:
        y = (rng.random(n_t + n_c) < 0.4 + 0.05 * a + effect * t).astype(float)
    else:
        y = a + b + effect * t + rng.normal(size=n_t + n_c)
    return pd.DataFrame({"t": t, "y": y, "a": a, "b": b})


def test_significant_conclusion_and_statement():
    df = cohort(seed=1, n_t=1500, n_c=15000, effect=-0.15)
    res = evaluate(df, treatment="t", outcome="y", covariates=["a", "b"])
    assert res.variance_method == VARIANCE_METHOD
    assert "Abadie-Imbens (2006)" in res.variance_method
    assert res.p_value < 0.05
    assert res.conclusion is not None
    assert res.conclusion.startswith("The matched comparison suggests")
    assert "lower" in res.conclusion
    assert "statistically significant at the 5% level" in res.conclusion
    assert res.rate_treated is not None and res.rate_comparison is not None
    n = int(np.floor(100 * res.rate_treated + 0.5))
    m = int(np.floor(100 * res.rate_comparison + 0.5))
    assert res.statement == (
        f"For every 100 people like these who got the service, {n} had the outcome; "
        f"for every 100 similar people who did not, {m}."
    )
    assert res.estimate == pytest.approx(res.rate_treated - res.rate_comparison)
    assert res.ci_low < res.estimate < res.ci_high


def test_outcome_label_and_no_significant_difference():
    df = cohort(seed=2, effect=0.0)
    res = evaluate(
        df, treatment="t", outcome="y", covariates=["a", "b"], outcome_label="reoffended"
    )
    assert res.statement is not None and "reoffended" in res.statement
    if res.p_value >= 0.05:
        assert res.conclusion is not None
        assert "no statistically significant difference" in res.conclusion


def test_continuous_outcome_has_no_rates():
    df = cohort(seed=3, binary=False)
    res = evaluate(df, treatment="t", outcome="y", covariates=["a", "b"], ratio=2)
    assert res.rate_treated is None and res.statement is None
    assert res.parameters["ratio"] == 2


def test_dict_input_matches_dataframe():
    df = cohort(seed=4)
    res_df = evaluate(df, treatment="t", outcome="y", covariates=["a", "b"])
    res_dict = evaluate(
        {k: df[k].to_numpy() for k in df}, treatment="t", outcome="y", covariates=["a", "b"]
    )
    assert res_df.estimate == res_dict.estimate
    assert res_df.ci_low == res_dict.ci_low


def test_refuses_with_few_matched():
    df = cohort(seed=5, n_t=20, n_c=500)
    res = evaluate(df, treatment="t", outcome="y", covariates=["a", "b"])
    assert res.conclusion is None
    assert any("at least 30" in w for w in res.warnings)
    assert math.isfinite(res.estimate)


def test_refuses_with_poor_overlap():
    # Treated people are far out in the tail of the comparison group: many are trimmed or
    # have no match within the caliper.
    df = cohort(seed=6, n_t=300, n_c=1000, shift=3.0)
    res = evaluate(df, treatment="t", outcome="y", covariates=["a", "b"])
    assert res.n_outside_support + res.n_no_match_within_caliper > 30
    assert res.conclusion is None
    assert any("overlap too little" in w for w in res.warnings)
    assert any("common support" in w for w in res.warnings)


def test_the_unmatched_share_never_reads_as_the_threshold_it_exceeds():
    # 31 of 300 left out is 10.33%: it must not be shown as "10%" beside "(more than 10%)".
    for seed in range(40):
        df = cohort(seed=seed, n_t=300, n_c=1000, shift=1.6)
        res = evaluate(df, treatment="t", outcome="y", covariates=["a", "b"])
        refusal = [w for w in res.warnings if "could not be matched (more than 10%)" in w]
        if refusal:
            shown = float(refusal[0].split("%")[0])
            assert shown > 10.0
            assert shown == pytest.approx(100 * (300 - res.n_treated_matched) / 300, abs=0.05)
            return
    pytest.fail("no seed left out more than 10%")


def test_refuses_with_poor_balance():
    # No caliper and matching without replacement on a shifted covariate leaves imbalance.
    df = cohort(seed=7, n_t=300, n_c=400, shift=1.0)
    res = evaluate(
        df, treatment="t", outcome="y", covariates=["a", "b"], replace=False, caliper=None
    )
    assert any(row["imbalanced"] for row in res.balance)
    assert res.conclusion is None
    assert any("like is not being compared with like" in w for w in res.warnings)


def test_separation_warns_and_refuses():
    rng = np.random.default_rng(8)
    n = 400
    a = rng.normal(size=n)
    t = (a > 1.0).astype(float)
    y = rng.random(n) < 0.3
    res = evaluate(
        {"t": t, "y": y.astype(float), "a": a, "b": rng.normal(size=n)},
        treatment="t",
        outcome="y",
        covariates=["a", "b"],
    )
    assert any("told apart" in w and "(using: a)" in w for w in res.warnings)
    assert res.conclusion is None
    data = res.to_dict()
    assert data["propensity"]["separation"] == "complete"
    assert data["estimate"] is None and data["ci_low"] is None and data["ci_high"] is None
    assert res.n_outside_support == res.n_treated


def test_a_model_that_did_not_converge_gives_no_conclusion(monkeypatch):
    from wingman.evaluation import propensity

    monkeypatch.setattr(propensity, "MAX_ITERATIONS", 1)
    df = cohort(seed=3, n_t=200, n_c=800, shift=0.5)
    res = evaluate(df, treatment="t", outcome="y", covariates=["a", "b"])
    assert res.propensity["converged"] is False
    assert res.propensity["separation"] == "none"
    assert res.conclusion is None
    assert any("did not converge" in w for w in res.warnings)
    # The same cohort, fitted to the end, draws one.
    monkeypatch.undo()
    assert evaluate(df, treatment="t", outcome="y", covariates=["a", "b"]).conclusion


def test_to_dict_is_plain_json():
    df = cohort(seed=9, n_t=10, n_c=10, shift=8.0)
    res = evaluate(df, treatment="t", outcome="y", covariates=["a", "b"])
    data = res.to_dict()
    text = json.dumps(data, allow_nan=False)
    back = json.loads(text)
    for key in [
        "estimate",
        "ci_low",
        "ci_high",
        "p_value",
        "n_treated",
        "n_treated_matched",
        "n_comparison",
        "n_comparison_matched",
        "balance",
        "warnings",
        "parameters",
        "rate_treated",
        "rate_comparison",
        "statement",
        "conclusion",
        "variance_method",
    ]:
        assert key in back
    assert back["conclusion"] is None
    assert {"covariate", "smd_before", "smd_after"} <= set(back["balance"][0])
    for key in ["ratio", "replace", "caliper", "caliper_sd_units"]:
        assert key in back["parameters"]


@pytest.mark.parametrize(
    ("kwargs", "column", "row", "text"),
    [
        ({"treatment": "nope"}, "nope", None, "not found"),
        ({"covariates": []}, None, None, "at least one covariate"),
        ({"covariates": ["a", "t"]}, "t", None, "treatment"),
        ({"ratio": 0}, None, None, "ratio"),
        ({"ratio": 1.5}, None, None, "whole number"),
        ({"caliper": 0}, None, None, "caliper"),
        ({"caliper": -1.0}, None, None, "caliper"),
    ],
)
def test_setting_errors(kwargs, column, row, text):
    df = cohort(seed=10, n_t=40, n_c=100)
    args = {"treatment": "t", "outcome": "y", "covariates": ["a", "b"], **kwargs}
    with pytest.raises(EvaluationInputError) as info:
        evaluate(df, **args)
    assert info.value.column == column
    assert info.value.row == row
    assert text in str(info.value)


def test_data_errors_name_column_and_row():
    df = cohort(seed=11, n_t=40, n_c=100)
    bad = df.astype({"a": object})
    bad.loc[5, "a"] = "ten"
    with pytest.raises(EvaluationInputError) as info:
        evaluate(bad, treatment="t", outcome="y", covariates=["a", "b"])
    assert (info.value.column, info.value.row) == ("a", 5)
    assert "'ten' is not a number" in str(info.value)
    assert "data row 6" in str(info.value)
    missing = df.copy()
    missing.loc[7, "b"] = np.nan
    with pytest.raises(EvaluationInputError) as info:
        evaluate(missing, treatment="t", outcome="y", covariates=["a", "b"])
    assert (info.value.column, info.value.row) == ("b", 7)
    two = df.copy()
    two.loc[3, "t"] = 2
    with pytest.raises(EvaluationInputError) as info:
        evaluate(two, treatment="t", outcome="y", covariates=["a", "b"])
    assert (info.value.column, info.value.row) == ("t", 3)
    assert "not 0 or 1" in str(info.value)
    with pytest.raises(EvaluationInputError, match="no treated"):
        evaluate(df[df.t == 0], treatment="t", outcome="y", covariates=["a", "b"])
    with pytest.raises(EvaluationInputError, match="no comparison"):
        evaluate(df[df.t == 1], treatment="t", outcome="y", covariates=["a", "b"])


def test_data_must_be_a_table():
    with pytest.raises(EvaluationInputError, match="DataFrame or a dict"):
        evaluate([1, 2, 3], treatment="t", outcome="y", covariates=["a"])  # type: ignore[arg-type]
    with pytest.raises(EvaluationInputError, match="has 3 values"):
        evaluate(
            {"t": np.array([0.0, 1.0]), "y": np.array([0.0, 1.0]), "a": np.array([1.0, 2.0, 3.0])},
            treatment="t",
            outcome="y",
            covariates=["a"],
        )
