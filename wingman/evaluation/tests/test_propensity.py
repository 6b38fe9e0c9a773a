"""The propensity model: agreement with statsmodels, and the awkward cases."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from wingman.evaluation import propensity
from wingman.evaluation.propensity import fit_propensity


def logistic_data(seed, n, p=3):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p)) * [1.0, 5.0, 0.1][:p] + [0.0, 40.0, 2.0][:p]
    lin = -1.0 + 0.8 * (x[:, 0]) - 0.05 * (x[:, 1] - 40) + 3.0 * (x[:, 2] - 2)
    treated = rng.random(n) < 1 / (1 + np.exp(-lin))
    return x, treated


def statsmodels_params(x, treated):
    return sm.Logit(treated.astype(float), sm.add_constant(x)).fit(disp=0, tol=1e-12).params


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_agrees_with_statsmodels(seed):
    x, treated = logistic_data(seed, 600)
    fit = fit_propensity(x.T, treated, ["a", "b", "c"])
    expected = statsmodels_params(x, treated)
    got = np.r_[fit.intercept, [fit.coefficients[k] for k in ["a", "b", "c"]]]
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)
    assert fit.converged
    assert fit.warnings == []
    lin = expected[0] + x @ expected[1:]
    np.testing.assert_allclose(fit.logits, lin, atol=1e-6)
    np.testing.assert_allclose(fit.scores, 1 / (1 + np.exp(-lin)), atol=1e-7)


def test_large_data_path_agrees_with_statsmodels(monkeypatch):
    # Force the "fit on a sample, then finish on everything" path on a modest data set.
    monkeypatch.setattr(propensity, "LARGE_ROWS", 1000)
    monkeypatch.setattr(propensity, "SAMPLE_COMPARISON_ROWS", 500)
    x, treated = logistic_data(7, 8000)
    fit = fit_propensity(x.T, treated, ["a", "b", "c"])
    expected = statsmodels_params(x, treated)
    got = np.r_[fit.intercept, [fit.coefficients[k] for k in ["a", "b", "c"]]]
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


def test_constant_covariate_dropped_with_warning():
    x, treated = logistic_data(3, 400)
    x = np.c_[x, np.full(len(x), 7.0)]
    fit = fit_propensity(x.T, treated, ["a", "b", "c", "region"])
    assert fit.covariates_dropped == ["region"]
    assert any("region" in w and "same value" in w for w in fit.warnings)
    expected = statsmodels_params(x[:, :3], treated)
    assert fit.coefficients["a"] == pytest.approx(expected[1], abs=1e-6)


def test_collinear_covariate_dropped_with_warning():
    x, treated = logistic_data(4, 400)
    combo = 2 * x[:, 0] - x[:, 1] + 3
    x = np.c_[x[:, 0], combo, x[:, 1], x[:, 2], x[:, 0]]
    fit = fit_propensity(x.T, treated, ["a", "combo", "b", "c", "a_copy"])
    # The later of the redundant covariates are dropped: b is a combination of a and combo.
    assert fit.covariates_dropped == ["b", "a_copy"]
    assert any("collinear" in w and "b" in w and "a_copy" in w for w in fit.warnings)
    assert fit.converged
    assert np.all(np.isfinite(fit.logits))


def test_complete_separation_is_found_by_the_linear_programme_and_names_the_covariate():
    rng = np.random.default_rng(5)
    n = 300
    noise = rng.normal(size=n)
    score = rng.normal(size=n)
    treated = score > 0.8
    fit = fit_propensity(np.vstack([noise, score]), treated, ["noise", "score"])
    assert fit.separation == "complete"
    assert not fit.converged
    assert fit.penalty == "none"
    assert fit.separating_covariates == ["score"]
    assert fit.separated.all()
    # Every score is exactly 0 or 1: that is what complete separation means.
    np.testing.assert_array_equal(fit.scores, treated.astype(float))


def test_quasi_separation_on_the_comparison_side_sets_those_people_aside_and_fits_the_rest():
    rng = np.random.default_rng(6)
    n = 500
    flag = (rng.random(n) < 0.5).astype(float)
    other = rng.normal(size=n)
    treated = (flag == 1) & (rng.random(n) < 0.3)
    fit = fit_propensity(np.vstack([other, flag]), treated, ["other", "flag"])
    assert fit.separation == "comparison_side"
    assert fit.separating_covariates == ["flag"]
    # Exactly the comparison people without the flag: nobody without it got the service.
    np.testing.assert_array_equal(fit.separated, flag == 0)
    assert fit.converged
    assert np.all(fit.scores[flag == 0] == 0.0)
    # The rest is an ordinary fit, the flag being the same for all of them.
    rest = flag == 1
    expected = statsmodels_params(other[rest][:, None], treated[rest])
    assert fit.coefficients["other"] == pytest.approx(expected[1], rel=1e-6)
    assert fit.covariates_dropped == ["flag"]


def test_shape_checked():
    with pytest.raises(ValueError):
        fit_propensity(np.zeros((3, 10)), np.zeros(10, dtype=bool), ["a", "b"])


def test_separation_on_large_data_path(monkeypatch):
    monkeypatch.setattr(propensity, "LARGE_ROWS", 1000)
    monkeypatch.setattr(propensity, "SAMPLE_COMPARISON_ROWS", 500)
    rng = np.random.default_rng(9)
    n = 6000
    x = rng.normal(size=(3, n))
    treated = x[1] > 1.5
    fit = fit_propensity(x, treated, ["a", "b", "c"])
    assert fit.separation == "complete"
    assert fit.separating_covariates == ["b"]


def test_design_read_in_many_blocks_gives_the_same_fit(monkeypatch):
    x, treated = logistic_data(11, 1000)
    whole = fit_propensity(x.T, treated, ["a", "b", "c"])
    monkeypatch.setattr(propensity, "BLOCK_ROWS", 97)  # ten full blocks and a part block
    blocks = fit_propensity(x.T, treated, ["a", "b", "c"])
    np.testing.assert_allclose(blocks.logits, whole.logits, rtol=1e-12, atol=1e-12)
    assert blocks.coefficients == pytest.approx(whole.coefficients, rel=1e-10)


def test_columns_may_be_passed_as_separate_arrays():
    x, treated = logistic_data(12, 500)
    as_matrix = fit_propensity(x.T, treated, ["a", "b", "c"])
    as_columns = fit_propensity([x[:, 0], x[:, 1], x[:, 2]], treated, ["a", "b", "c"])
    np.testing.assert_array_equal(as_columns.logits, as_matrix.logits)


def test_covariate_constant_in_the_sample_but_not_in_the_data(monkeypatch):
    # A rare flag seen only in comparison rows that the evenly spaced sample skips. The sample
    # (which holds every treated row) would call it constant, but it is not dropped: on all
    # rows it marks people who never got the service, which is separation on the comparison
    # side, and is named.
    monkeypatch.setattr(propensity, "LARGE_ROWS", 1000)
    monkeypatch.setattr(propensity, "SAMPLE_COMPARISON_ROWS", 500)
    x, treated = logistic_data(13, 8000)
    comparison = np.flatnonzero(~treated)
    stride = len(comparison) // 500  # the sample takes every stride-th comparison row
    rare = np.zeros(len(treated))
    rare[comparison[1::stride][:40]] = 1.0
    assert rare[comparison[::stride]].sum() == 0
    fit = fit_propensity(np.c_[x, rare].T, treated, ["a", "b", "c", "rare"])
    assert fit.separation == "comparison_side"
    assert fit.separating_covariates == ["rare"]
    np.testing.assert_array_equal(fit.separated, rare == 1)
    assert fit.converged


def test_rare_covariate_the_sample_separates_is_fitted_on_all_rows(monkeypatch):
    # A rare flag held by many treated people and by a few comparison people, all of whom the
    # evenly spaced sample skips: the sample alone is separated, the data are not.
    monkeypatch.setattr(propensity, "LARGE_ROWS", 1000)
    monkeypatch.setattr(propensity, "SAMPLE_COMPARISON_ROWS", 500)
    x, treated = logistic_data(14, 8000)
    rng = np.random.default_rng(14)
    comparison = np.flatnonzero(~treated)
    stride = len(comparison) // 500
    rare = np.zeros(len(treated))
    rare[treated & (rng.random(len(treated)) < 0.3)] = 1.0
    rare[comparison[1::stride][:12]] = 1.0
    assert rare[comparison[::stride]].sum() == 0
    x = np.c_[x, rare]
    fit = fit_propensity(x.T, treated, ["a", "b", "c", "rare"])
    assert fit.separation == "none" and fit.converged
    assert fit.warnings == []
    expected = statsmodels_params(x, treated)
    got = np.r_[fit.intercept, [fit.coefficients[k] for k in ["a", "b", "c", "rare"]]]
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


def test_logistic_matches_scipy_and_saturates_without_warnings():
    from scipy.special import expit

    eta = np.r_[np.linspace(-40, 40, 801), -800.0, 800.0, 0.0]
    with np.errstate(all="raise"):
        got = propensity.logistic(eta)
    np.testing.assert_allclose(got, expit(eta), rtol=1e-15, atol=0)
    assert got[-3] == 0.0 and got[-2] == 1.0


def two_by_two(a, b, c, d):
    """A 0/1 covariate and treatment with a treated and b comparison people having it, c
    treated and d comparison people not."""
    flag = np.r_[np.ones(a + b), np.zeros(c + d)]
    treated = np.r_[np.ones(a), np.zeros(b), np.ones(c), np.zeros(d)].astype(bool)
    return flag, treated


def test_a_fit_that_does_not_converge_without_separation_falls_back_to_firth():
    # One Newton step is not enough to converge; the groups overlap, so it is not separation.
    # For one 0/1 covariate Firth's slope is the log odds ratio of the table with a half added
    # to each cell, and FLIC makes the scores average to the share treated.
    flag, treated = two_by_two(30, 10, 20, 40)
    fit = fit_propensity([flag], treated, ["flag"], max_iter=1)
    assert fit.separation == "none"
    assert fit.penalty == "firth"
    assert fit.converged
    assert fit.coefficients["flag"] == pytest.approx(np.log(30.5 * 40.5 / (10.5 * 20.5)), rel=1e-8)
    assert fit.scores.mean() == pytest.approx(treated.mean(), rel=1e-10)
    assert any("Firth" in w for w in fit.warnings)


def test_firths_scores_do_not_depend_on_the_scale_of_a_covariate():
    x, treated = logistic_data(21, 400)
    small = fit_propensity(x.T, treated, ["a", "b", "c"], max_iter=1)
    large = fit_propensity((x * [1000.0, 0.001, 1.0]).T, treated, ["a", "b", "c"], max_iter=1)
    assert small.penalty == large.penalty == "firth"
    np.testing.assert_allclose(small.logits, large.logits, atol=1e-8)


def test_a_fit_that_converges_is_never_called_separation_however_large_its_coefficients():
    # Nearly separated but not quite: one comparison person among the high values keeps the
    # maximum finite, and the standardised coefficient is large.
    rng = np.random.default_rng(22)
    x = rng.normal(size=2000)
    treated = x > 1.8
    treated[np.flatnonzero(x > 1.8)[:1]] = False
    treated[np.flatnonzero(x < 1.8)[-1:]] = True
    fit = fit_propensity([x], treated, ["x"])
    assert fit.converged
    assert fit.separation == "none"
    assert fit.diagnostics["largest_standardised_coefficient"] > 10
    assert fit.diagnostics["comparison_near_zero"] > 1000
    expected = statsmodels_params(x[:, None], treated)
    np.testing.assert_allclose(fit.logits, expected[0] + expected[1] * x, atol=1e-6)
