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


def test_complete_separation_uses_ridge_and_names_covariate():
    rng = np.random.default_rng(5)
    n = 300
    noise = rng.normal(size=n)
    score = rng.normal(size=n)
    treated = score > 0.8
    fit = fit_propensity(np.vstack([noise, score]), treated, ["noise", "score"])
    assert fit.separation
    assert fit.penalty == propensity.RIDGE_LAMBDA
    assert any("score" in w and "ridge" in w for w in fit.warnings)
    assert not any("noise" in w.split("using:")[-1].split(".")[0] for w in fit.warnings)
    assert np.all(np.isfinite(fit.logits))
    assert np.all((fit.scores > 0) & (fit.scores < 1))
    # The penalised fit is finite and still driven by the separating covariate.
    assert fit.coefficients["score"] > 5 * abs(fit.coefficients["noise"])


def test_quasi_separation_binary_covariate():
    rng = np.random.default_rng(6)
    n = 500
    flag = (rng.random(n) < 0.5).astype(float)
    other = rng.normal(size=n)
    treated = (flag == 1) & (rng.random(n) < 0.3)
    fit = fit_propensity(np.vstack([other, flag]), treated, ["other", "flag"])
    assert fit.separation
    assert any("flag" in w for w in fit.warnings)
    assert np.all(np.isfinite(fit.logits))


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
    assert fit.separation
    assert any("using: b." in w for w in fit.warnings)
    assert np.all(np.isfinite(fit.logits))


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
    # rows it marks people who never got the service, which is separation, and is named.
    monkeypatch.setattr(propensity, "LARGE_ROWS", 1000)
    monkeypatch.setattr(propensity, "SAMPLE_COMPARISON_ROWS", 500)
    x, treated = logistic_data(13, 8000)
    comparison = np.flatnonzero(~treated)
    stride = len(comparison) // 500  # the sample takes every stride-th comparison row
    rare = np.zeros(len(treated))
    rare[comparison[1::stride][:40]] = 1.0
    assert rare[comparison[::stride]].sum() == 0
    fit = fit_propensity(np.c_[x, rare].T, treated, ["a", "b", "c", "rare"])
    assert fit.covariates_dropped == []
    assert fit.separation
    assert any("using: rare." in w for w in fit.warnings)
    assert np.all(np.isfinite(fit.logits))


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
    assert not fit.separation and fit.converged
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
