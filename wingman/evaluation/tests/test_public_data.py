"""The evaluation on public data sets whose answers are published.

* NHEFS (Hernán & Robins, Causal Inference: What If, ch. 12): quitting smoking and weight gain
  in kg; the published inverse-probability-weighted effect is 3.4 [2.4, 4.5].
* NSW experimental sample (LaLonde 1986; Dehejia & Wahba 1999): 185 treated and 260 randomised
  controls; the experimental difference in 1978 earnings is $1,794.
* NSW treated against the CPS comparison pool (15,992): Dehejia & Wahba's specification;
  published matched estimates are about $1,300 to $1,900 (1,691 in Dehejia & Wahba 1999).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from causaldata import cps_mixtape, nhefs_complete, nsw_mixtape

from wingman.evaluation import evaluate

NSW_COVARIATES = ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75"]
DW_COVARIATES = [
    "age",
    "age2",
    "educ",
    "educ2",
    "black",
    "hisp",
    "marr",
    "nodegree",
    "re74",
    "re75",
    "u74",
    "u75",
    "educ_re74",
]
EXPERIMENTAL_BENCHMARK = 1794.0


def nhefs() -> tuple[pd.DataFrame, list[str]]:
    raw = nhefs_complete.load_pandas().data
    frame = pd.DataFrame(
        {
            "qsmk": raw["qsmk"].astype(float),
            "wt82_71": raw["wt82_71"].astype(float),
            "sex": raw["sex"].astype(float),
            "race": raw["race"].astype(float),
            "age": raw["age"],
            "age2": raw["age"] ** 2,
            "smokeintensity": raw["smokeintensity"],
            "smokeintensity2": raw["smokeintensity"] ** 2,
            "smokeyrs": raw["smokeyrs"],
            "smokeyrs2": raw["smokeyrs"] ** 2,
            "wt71": raw["wt71"],
            "wt712": raw["wt71"] ** 2,
        }
    )
    # Categorical covariates as 0/1 indicators, the first level the reference.
    for name, levels in (("education", "2345"), ("exercise", "12"), ("active", "12")):
        for level in levels:
            frame[f"{name}_{level}"] = (raw[name].astype(str) == level).astype(float)
    covariates = [c for c in frame.columns if c not in ("qsmk", "wt82_71")]
    return frame, covariates


def with_dw_terms(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype({c: float for c in [*NSW_COVARIATES, "re78", "treat"]})
    frame["age2"] = frame["age"] ** 2
    frame["educ2"] = frame["educ"] ** 2
    frame["u74"] = (frame["re74"] == 0).astype(float)
    frame["u75"] = (frame["re75"] == 0).astype(float)
    frame["educ_re74"] = frame["educ"] * frame["re74"]
    return frame


def nsw_against_cps() -> pd.DataFrame:
    nsw = nsw_mixtape.load_pandas().data
    cps = cps_mixtape.load_pandas().data
    keep = ["treat", "re78", *NSW_COVARIATES]
    both = pd.concat([nsw.loc[nsw["treat"] == 1, keep], cps[keep]], ignore_index=True)
    return with_dw_terms(both)


def test_quitting_smoking_gains_weight_as_published_for_nhefs():
    frame, covariates = nhefs()
    assert len(frame) == 1566 and int(frame["qsmk"].sum()) == 403
    result = evaluate(frame, treatment="qsmk", outcome="wt82_71", covariates=covariates)
    out = result.to_dict()
    print(f"NHEFS: {out['estimate']} [{out['ci_low']}, {out['ci_high']}]")
    assert out["propensity"]["converged"] is True
    assert out["propensity"]["separation"] == "none"
    assert 2.0 <= out["estimate"] <= 5.0
    assert out["ci_low"] <= 4.5 and out["ci_high"] >= 2.4
    assert out["conclusion"] is not None


def test_the_nsw_experiment_gives_a_conclusion_covering_the_experimental_difference():
    raw = nsw_mixtape.load_pandas().data
    frame = with_dw_terms(raw[["treat", "re78", *NSW_COVARIATES]].copy())
    assert int(frame["treat"].sum()) == 185 and int((frame["treat"] == 0).sum()) == 260
    difference = (
        frame.loc[frame.treat == 1, "re78"].mean() - frame.loc[frame.treat == 0, "re78"].mean()
    )
    assert difference == pytest.approx(EXPERIMENTAL_BENCHMARK, abs=1.0)
    result = evaluate(frame, treatment="treat", outcome="re78", covariates=NSW_COVARIATES)
    out = result.to_dict()
    print(f"NSW experimental: {out['estimate']} [{out['ci_low']}, {out['ci_high']}]")
    assert out["conclusion"] is not None
    assert out["ci_low"] <= EXPERIMENTAL_BENCHMARK <= out["ci_high"]


def test_nsw_treated_against_the_cps_pool_lands_among_the_published_matched_estimates():
    frame = nsw_against_cps()
    assert len(frame) == 185 + 15_992
    result = evaluate(frame, treatment="treat", outcome="re78", covariates=DW_COVARIATES)
    out = result.to_dict()
    print(
        f"NSW vs CPS: {out['estimate']} [{out['ci_low']}, {out['ci_high']}], "
        f"matched {out['n_treated_matched']}"
    )
    assert out["propensity"]["converged"] is True
    assert out["propensity"]["separation"] == "none"
    assert np.isfinite(out["estimate"])
    assert 0.0 <= out["estimate"] <= 3500.0
