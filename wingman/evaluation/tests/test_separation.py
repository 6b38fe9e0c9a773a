"""Separation judged by behaviour: what the evaluation does with each kind, on known cohorts.

Large standardised coefficients or scores near 0 are not separation when the maximum-likelihood
fit exists; a covariate that splits the groups perfectly is; a flag only some treated have, or
only some comparison people have, is quasi-complete separation on that side.
"""

from __future__ import annotations

import numpy as np
import pytest

from wingman.evaluation import evaluate
from wingman.evaluation.tests import cohorts


def run(cohort: cohorts.Cohort) -> dict:
    return evaluate(
        cohort.columns, treatment="t", outcome="y", covariates=cohort.covariates
    ).to_dict()


def assert_near_truth(result: dict, cohort: cohorts.Cohort) -> None:
    # About three standard errors at these sizes (noise SD 4, 200 treated).
    assert result["estimate"] == pytest.approx(cohort.effect, abs=1.5)
    assert result["ci_low"] < result["ci_high"]
    assert result["ci_high"] - result["ci_low"] < 6.0


@pytest.mark.parametrize(
    "cohort",
    [cohorts.dissimilar_pool(0), cohorts.small_lookalike_pool(0)],
    ids=["dissimilar_pool_16000", "small_lookalike_pool_2500"],
)
def test_a_dissimilar_pool_with_a_finite_maximum_is_not_separated_and_finds_the_effect(cohort):
    result = run(cohort)
    propensity = result["propensity"]
    assert propensity["converged"] is True
    assert propensity["separation"] == "none"
    assert propensity["penalty"] == "none"
    assert result["conclusion"] is not None
    assert_near_truth(result, cohort)


def test_a_covariate_that_splits_the_groups_perfectly_gives_no_estimate_and_no_conclusion():
    result = run(cohorts.complete_separation())
    assert result["propensity"]["separation"] == "complete"
    assert result["estimate"] is None
    assert result["ci_low"] is None
    assert result["ci_high"] is None
    assert result["conclusion"] is None


def test_treated_with_a_flag_no_comparison_person_has_are_left_out_as_outside_support():
    cohort = cohorts.treated_side_separation()
    result = run(cohort)
    assert result["propensity"]["separation"] == "treated_side"
    assert result["n_treated_matched"] <= 200 - cohorts.FLAGGED_TREATED
    assert result["n_outside_support"] >= cohorts.FLAGGED_TREATED
    assert result["estimate"] is not None


def test_comparison_people_with_a_flag_no_treated_person_has_do_not_stop_the_estimate():
    cohort = cohorts.comparison_side_separation()
    result = run(cohort)
    assert result["propensity"]["separation"] == "comparison_side"
    assert result["n_treated_matched"] == 200
    assert result["conclusion"] is not None
    assert_near_truth(result, cohort)


def test_comparison_side_separation_in_a_pool_too_large_to_fit_whole_is_still_comparison_side():
    cohort = cohorts.comparison_side_separation(seed=1, n_pool=70_000)
    assert cohort.n > 60_000
    result = run(cohort)
    assert result["propensity"]["separation"] == "comparison_side"
    assert result["n_treated_matched"] == 200
    assert result["conclusion"] is not None
    assert_near_truth(result, cohort)


def test_a_rare_level_a_strided_sample_misses_is_not_taken_for_separation():
    cohort = cohorts.rare_level_missed_by_a_stride()
    assert cohort.n > 60_000
    comparison = ~cohort.treated
    rare_comparison = np.flatnonzero(cohort.columns["rare"][comparison] == 1.0)
    assert len(rare_comparison) > 0 and np.all(rare_comparison % 6 == 1)
    result = run(cohort)
    propensity = result["propensity"]
    assert propensity["separation"] == "none"
    assert propensity["converged"] is True
    assert propensity["penalty"] == "none"
    assert result["conclusion"] is not None
    assert result["estimate"] == pytest.approx(cohort.effect, abs=1.2)
