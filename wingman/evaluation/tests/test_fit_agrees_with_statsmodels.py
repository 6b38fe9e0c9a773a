"""The propensity fit agrees with statsmodels' Newton-Raphson wherever that converges.

The cohorts are the awkward shapes of real data (cohorts.py): a small treated group against a
large dissimilar pool with polynomial terms, collinear polynomials with standardised
coefficients above 10, rare 0/1 levels, and a cohort where the undamped Newton step from the
intercept-only start lowers the log-likelihood, so a fit without step halving goes astray.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import statsmodels.api as sm

from wingman.evaluation.propensity import fit_propensity
from wingman.evaluation.tests import cohorts

AGREEING = {
    "dissimilar_pool_seed0": lambda: cohorts.dissimilar_pool(0),
    "dissimilar_pool_seed1": lambda: cohorts.dissimilar_pool(1),
    "dissimilar_pool_8000": lambda: cohorts.dissimilar_pool(2, n_pool=8_000),
    "dissimilar_pool_40_treated": lambda: cohorts.dissimilar_pool(3, n_treated=40, n_pool=6_000),
    "small_lookalike_pool_seed0": lambda: cohorts.small_lookalike_pool(0),
    "small_lookalike_pool_seed1": lambda: cohorts.small_lookalike_pool(1),
    "small_lookalike_pool_seed2": lambda: cohorts.small_lookalike_pool(2),
    "diverging_newton_step_seed0": lambda: cohorts.diverging_newton_step(0),
    "diverging_newton_step_seed1": lambda: cohorts.diverging_newton_step(1),
    "rare_binary_levels_seed0": lambda: cohorts.rare_binary_levels(0),
    "rare_binary_levels_seed2": lambda: cohorts.rare_binary_levels(2),
    "rare_binary_levels_seed3": lambda: cohorts.rare_binary_levels(3),
}


def statsmodels_fit(cohort: cohorts.Cohort):
    x = sm.add_constant(cohort.design)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sm.Logit(cohort.treated.astype(float), x).fit(method="newton", maxiter=100, disp=0)
    return result, x @ result.params


def full_newton_step_from_intercept_only(cohort: cohorts.Cohort) -> tuple[float, float]:
    """Log-likelihood at (logit(share), 0, ..., 0) and after one undamped Newton step.

    Plain numpy on the standardised design (covariates centred and divided by their SD).
    """
    x = cohort.design
    t = cohort.treated.astype(float)
    z = np.column_stack([np.ones(len(t)), (x - x.mean(axis=0)) / x.std(axis=0)])
    beta = np.zeros(z.shape[1])
    beta[0] = np.log(t.mean() / (1 - t.mean()))

    def loglik(b):
        eta = z @ b
        return float(np.sum(t * eta - np.logaddexp(0.0, eta)))

    p = 1 / (1 + np.exp(-(z @ beta)))
    step = np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z, z.T @ (t - p))
    return loglik(beta), loglik(beta + step)


@pytest.mark.parametrize("name", list(AGREEING))
def test_a_cohort_statsmodels_can_fit_gets_the_same_logits_and_coefficients(name):
    cohort = AGREEING[name]()
    reference, reference_logits = statsmodels_fit(cohort)
    assert reference.mle_retvals["converged"], "the reference fit must converge for this cohort"

    fit = fit_propensity(cohort.covariate_columns(), cohort.treated, cohort.covariates)

    assert fit.converged
    assert fit.covariates_dropped == []
    np.testing.assert_allclose(fit.logits, reference_logits, rtol=0, atol=1e-6)
    # Coefficients compared per standard deviation of their covariate: on the original scale
    # the coefficient of age cubed is tiny and any tolerance on it would be meaningless.
    sd = cohort.design.std(axis=0)
    got = np.array([fit.coefficients[c] for c in cohort.covariates]) * sd
    np.testing.assert_allclose(got, np.asarray(reference.params[1:]) * sd, rtol=1e-6, atol=1e-6)
    centre = cohort.design.mean(axis=0)
    intercept_at_mean = fit.intercept + got @ (centre / sd)
    reference_at_mean = reference.params[0] + (np.asarray(reference.params[1:]) * sd) @ (
        centre / sd
    )
    assert intercept_at_mean == pytest.approx(reference_at_mean, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize(
    "name", ["dissimilar_pool_seed0", "small_lookalike_pool_seed0", "diverging_newton_step_seed0"]
)
def test_the_undamped_newton_step_from_the_intercept_only_start_lowers_the_likelihood(name):
    # These cohorts exercise step halving: a fit that takes the full step first goes downhill.
    before, after = full_newton_step_from_intercept_only(AGREEING[name]())
    assert after < before - 1.0


@pytest.mark.parametrize("name", ["dissimilar_pool_seed0", "small_lookalike_pool_seed0"])
def test_collinear_polynomials_give_standardised_coefficients_above_10_with_a_finite_maximum(name):
    cohort = AGREEING[name]()
    reference, reference_logits = statsmodels_fit(cohort)
    assert reference.mle_retvals["converged"]
    standardised = np.asarray(reference.params[1:]) * cohort.design.std(axis=0)
    assert np.max(np.abs(standardised)) > 10
    # The maximum is finite and interior: no treated score goes to 1, no comparison fit is exact.
    assert np.max(reference_logits[cohort.treated]) < 15
    fit = fit_propensity(cohort.covariate_columns(), cohort.treated, cohort.covariates)
    assert fit.separation == "none"
    assert fit.penalty == "none"


def test_many_of_a_dissimilar_pool_get_scores_near_zero_at_the_maximum():
    cohort = AGREEING["dissimilar_pool_seed0"]()
    _reference, logits = statsmodels_fit(cohort)
    assert np.mean(logits[~cohort.treated] < np.log(1e-6)) > 0.5


@pytest.mark.parametrize("name", ["dissimilar_pool_seed0", "diverging_newton_step_seed0"])
def test_the_fit_reaches_the_same_maximum_from_zeros_as_from_its_own_start(name):
    from wingman.evaluation import propensity

    cohort = AGREEING[name]()
    columns = cohort.covariate_columns()
    summary = propensity.summarise_columns(columns)
    design = propensity._Design(columns, summary.mean, summary.sd, cohort.n)
    ends = []
    for start in (None, np.zeros(design.p)):
        logits = np.empty(cohort.n)
        fit = propensity._newton(design, cohort.treated, logits, max_iter=60, tol=1e-8, beta=start)
        assert fit.converged
        ends.append(logits)
    _, expected = statsmodels_fit(cohort)
    np.testing.assert_allclose(ends[0], expected, atol=1e-6)
    np.testing.assert_allclose(ends[1], expected, atol=1e-6)
