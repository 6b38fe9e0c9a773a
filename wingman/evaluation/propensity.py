"""The propensity score: the modelled chance that a person got the service, given covariates.

The model is a logistic regression with an intercept, fitted by Newton-Raphson (equivalently,
iteratively reweighted least squares) in numpy. Covariates are standardised internally so the
problem is well conditioned; coefficients are reported back on the original scale.

Two things that break an ordinary logistic regression are handled with a warning:

* Constant or redundant (collinear) covariates. Each covariate is tested, in the order given,
  against the ones already kept; one that is constant, or that is (almost exactly) a linear
  combination of earlier ones, is dropped.
* Separation: a covariate, or a combination of them, that tells the two groups apart perfectly
  or almost perfectly. The coefficients then run off to infinity. When this is detected the
  model is refitted with a small ridge (L2) penalty of ``RIDGE_LAMBDA`` on the standardised
  coefficients (the intercept is not penalised), which keeps them finite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

# Squared multiple correlation above 1 - COLLINEAR_TOLERANCE counts as redundant.
COLLINEAR_TOLERANCE = 1e-9
# Ridge penalty applied when separation is detected (standardised scale, intercept unpenalised).
RIDGE_LAMBDA = 1.0
# A standardised coefficient this large (odds ratio above e^10 per standard deviation) is taken
# as a sign of separation rather than a real effect.
DIVERGENT_COEFFICIENT = 10.0
# Fitted probabilities this close to 0 or 1 for a treated person, or this close to 1 for anyone,
# are taken as a sign of separation.
EXTREME_PROBABILITY = 1e-8

FloatArray = NDArray[np.float64]


@dataclass
class PropensityFit:
    """A fitted propensity model and the scores it gives every row."""

    scores: FloatArray
    logits: FloatArray
    covariates_used: list[str]
    covariates_dropped: list[str]
    intercept: float
    coefficients: dict[str, float]
    converged: bool
    iterations: int
    penalty: float
    separation: bool
    warnings: list[str] = field(default_factory=list)


def _redundant_columns(zt: FloatArray) -> list[int]:
    """Return the indices of standardised rows of ``zt`` that add nothing to the earlier ones.

    ``zt`` holds one standardised covariate per row. Works on the correlation matrix, so it
    costs one pass over the data. A covariate is redundant when its squared multiple
    correlation with the covariates kept so far is within ``COLLINEAR_TOLERANCE`` of 1.
    """
    n = zt.shape[1]
    corr = (zt @ zt.T) / n
    kept: list[int] = []
    dropped: list[int] = []
    for j in range(zt.shape[0]):
        if kept:
            sub = corr[np.ix_(kept, kept)]
            cross = corr[kept, j]
            try:
                explained = float(cross @ np.linalg.solve(sub, cross))
            except np.linalg.LinAlgError:
                explained = 1.0
            residual = corr[j, j] - explained
        else:
            residual = corr[j, j]
        if residual < COLLINEAR_TOLERANCE:
            dropped.append(j)
        else:
            kept.append(j)
    return dropped


@dataclass
class _Newton:
    beta: FloatArray
    hessian: FloatArray
    converged: bool
    iterations: int
    singular: bool


def _newton(
    zt: FloatArray,
    t: FloatArray,
    *,
    penalty: float,
    max_iter: int,
    tol: float,
    beta: FloatArray | None = None,
    case_weight: FloatArray | None = None,
    fixed_hessian: FloatArray | None = None,
) -> _Newton:
    """Fit logistic regression on a design held one variable per row, the first the intercept.

    With ``fixed_hessian`` the Hessian is not recomputed (a cheap step that still converges to
    the exact maximum, as only the gradient decides where it stops). ``case_weight`` weights
    rows, used when fitting on a sample of the comparison group.
    """
    p = zt.shape[0]
    if beta is None:
        beta = np.zeros(p)
        mean_t = float(np.average(t, weights=case_weight))
        beta[0] = np.log(mean_t / (1.0 - mean_t))
    ridge = np.full(p, penalty)
    ridge[0] = 0.0
    hess = fixed_hessian if fixed_hessian is not None else np.eye(p)
    for iteration in range(1, max_iter + 1):
        prob = expit(beta @ zt)
        resid = t - prob
        if case_weight is not None:
            resid *= case_weight
        grad = zt @ resid - ridge * beta
        if fixed_hessian is None:
            weight = prob * (1.0 - prob)
            if case_weight is not None:
                weight *= case_weight
            scaled = zt * np.sqrt(weight)
            hess = scaled @ scaled.T
            hess[np.diag_indices(p)] += ridge
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            return _Newton(beta, hess, False, iteration, True)
        if not np.all(np.isfinite(step)):
            return _Newton(beta, hess, False, iteration, True)
        beta = beta + step
        if float(np.max(np.abs(step))) < tol:
            return _Newton(beta, hess, True, iteration, False)
    return _Newton(beta, hess, False, max_iter, False)


# Above this many rows the model is first fitted on all treated rows and a sample of the
# comparison rows, then finished on the full data.
LARGE_ROWS = 200_000
SAMPLE_COMPARISON_ROWS = 50_000


def _fit(zt: FloatArray, t: FloatArray, penalty: float, max_iter: int, tol: float) -> _Newton:
    """Maximise the (penalised) likelihood, starting from a sample when the data are large."""
    n = zt.shape[1]
    if n <= LARGE_ROWS:
        return _newton(zt, t, penalty=penalty, max_iter=max_iter, tol=tol)
    treated_idx = np.flatnonzero(t == 1.0)
    comparison_idx = np.flatnonzero(t == 0.0)
    stride = max(1, len(comparison_idx) // SAMPLE_COMPARISON_ROWS)
    sample_c = comparison_idx[::stride]
    idx = np.concatenate([treated_idx, sample_c])
    case_weight = np.ones(len(idx))
    case_weight[len(treated_idx) :] = len(comparison_idx) / len(sample_c)
    start = _newton(
        np.ascontiguousarray(zt[:, idx]),
        t[idx],
        penalty=penalty,
        max_iter=max_iter,
        tol=1e-6,
        case_weight=case_weight,
    )
    if not start.converged:
        # The sample holds every treated row, so a fit that fails on it signals separation;
        # the caller then refits with the ridge penalty.
        return start
    # Finish on all rows, keeping the sample's Hessian: each step is cheap and the fit still
    # stops at the exact maximum for the full data, as only the gradient decides where.
    finish = _newton(
        zt, t, penalty=penalty, max_iter=8, tol=tol, beta=start.beta, fixed_hessian=start.hessian
    )
    if finish.converged:
        finish.iterations += start.iterations
        return finish
    return _newton(zt, t, penalty=penalty, max_iter=max_iter, tol=tol)


def fit_propensity(
    xt: FloatArray,
    treated: NDArray[np.bool_],
    names: Sequence[str],
    *,
    max_iter: int = 30,
    tol: float = 1e-9,
) -> PropensityFit:
    """Fit P(treated | covariates) by logistic regression and score every row.

    ``xt`` is a (p, n) float array holding one covariate per row (the transpose of the usual
    layout, so that each covariate is contiguous), ``treated`` a boolean array of length n and
    ``names`` the p covariate names, used in warnings and in the returned coefficients. The
    fit stops when no standardised coefficient moves by more than ``tol``.
    """
    xt = np.asarray(xt, dtype=np.float64)
    if xt.ndim != 2 or xt.shape[0] != len(names):
        raise ValueError("xt must be a two-dimensional array with one row per covariate name")
    xt = np.ascontiguousarray(xt)
    t = np.asarray(treated, dtype=np.float64)
    n = xt.shape[1]
    warnings: list[str] = []

    # Standardised design, one variable per row, with the intercept first.
    zt = np.empty((len(names) + 1, n), dtype=np.float64)
    zt[0] = 1.0
    mean = np.empty(len(names))
    sd = np.empty(len(names))
    for j in range(len(names)):
        row = zt[j + 1]
        mean[j] = xt[j].mean()
        np.subtract(xt[j], mean[j], out=row)
        sd[j] = np.sqrt(float(row @ row) / n)
    constant = sd <= 1e-12 * np.maximum(np.abs(mean), 1.0)
    dropped_idx: list[int] = [int(j) for j in np.flatnonzero(constant)]
    if dropped_idx:
        names_c = ", ".join(names[j] for j in dropped_idx)
        warnings.append(
            f"Dropped from the propensity model because it has the same value for everyone: "
            f"{names_c}."
        )
        zt = np.delete(zt, [j + 1 for j in dropped_idx], axis=0)
    keep = [j for j in range(len(names)) if j not in dropped_idx]
    zt[1:] /= sd[keep][:, None]
    redundant = _redundant_columns(zt[1:])
    if redundant:
        redundant_names = [names[keep[r]] for r in redundant]
        warnings.append(
            "Dropped from the propensity model because it is a copy or an exact combination "
            f"of other covariates (collinear): {', '.join(redundant_names)}."
        )
        rows = [0] + [c + 1 for c in range(len(keep)) if c not in redundant]
        dropped_idx.extend(keep[r] for r in redundant)
        keep = [keep[c - 1] for c in rows[1:]]
        zt = np.ascontiguousarray(zt[rows])

    fit = _fit(zt, t, 0.0, max_iter, tol)
    beta = fit.beta
    logits = beta @ zt
    coef_std = beta[1:]
    extreme = bool(np.any(logits > -np.log(EXTREME_PROBABILITY))) or bool(
        np.any(logits[t == 1.0] < np.log(EXTREME_PROBABILITY))
    )
    divergent = bool(np.any(np.abs(coef_std) > DIVERGENT_COEFFICIENT))
    separation = (not fit.converged) or fit.singular or extreme or divergent
    penalty = 0.0
    if separation:
        involved = _separating_covariates(xt, t == 1.0, keep, coef_std, names)
        penalty = RIDGE_LAMBDA
        fit = _fit(zt, t, penalty, max_iter, tol)
        beta = fit.beta
        logits = beta @ zt
        warnings.append(
            "The people who got the service can be told apart from the comparison group "
            "(almost) perfectly"
            + (f" using: {', '.join(involved)}" if involved else "")
            + ". An ordinary logistic regression has no finite answer here, so a small ridge "
            f"penalty (L2, lambda = {RIDGE_LAMBDA:g} on standardised covariates) was applied. "
            "It means there are few or no truly comparable people in the comparison group."
        )
        if not fit.converged:
            warnings.append(
                "The propensity model did not settle on stable values even with the penalty; "
                "the scores, and anything built on them, are unreliable."
            )

    coefficients = {names[j]: float(beta[i + 1] / sd[j]) for i, j in enumerate(keep)}
    intercept = float(beta[0] - sum(beta[i + 1] * mean[j] / sd[j] for i, j in enumerate(keep)))
    return PropensityFit(
        scores=expit(logits),
        logits=logits,
        covariates_used=[names[j] for j in keep],
        covariates_dropped=[names[j] for j in sorted(dropped_idx)],
        intercept=intercept,
        coefficients=coefficients,
        converged=fit.converged,
        iterations=fit.iterations,
        penalty=penalty,
        separation=separation,
        warnings=warnings,
    )


def _separating_covariates(
    xt: FloatArray,
    treated: NDArray[np.bool_],
    keep: list[int],
    coef_std: FloatArray,
    names: Sequence[str],
) -> list[str]:
    """Name the covariates that seem to drive separation.

    Covariates whose treated and comparison ranges do not overlap on their own are named. If
    there are none, those whose standardised coefficients ran away furthest in the unpenalised
    fit are named (or, failing that, the one with the largest coefficient).
    """
    alone: list[str] = []
    for j in keep:
        col = xt[j]
        t_min, t_max = col[treated].min(), col[treated].max()
        c_min, c_max = col[~treated].min(), col[~treated].max()
        if t_max <= c_min or t_min >= c_max:
            alone.append(names[j])
    if alone:
        return alone
    size = np.abs(coef_std)
    if len(keep) == 0 or not np.all(np.isfinite(size)):
        return []
    largest = float(size.max())
    return [
        names[j]
        for i, j in enumerate(keep)
        if size[i] > DIVERGENT_COEFFICIENT and size[i] >= 0.5 * largest
    ] or [names[keep[int(np.argmax(size))]]]
