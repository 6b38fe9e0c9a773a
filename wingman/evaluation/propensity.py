"""The propensity score: the modelled chance that a person got the service, given covariates.

The model is a logistic regression with an intercept, fitted by Newton-Raphson (equivalently,
iteratively reweighted least squares) in numpy. Covariates are standardised internally so the
problem is well conditioned; coefficients are reported back on the original scale.

The standardised design is never held in memory whole: it is produced a block of rows at a
time from the covariate columns (``_Design``), and each pass over the data computes the linear
predictor, the gradient and, when needed, the Hessian together. On large data the model is
first fitted on every treated row and a weighted sample of comparison rows, then finished on
all rows by a quasi-Newton method that starts from the sample's Hessian and corrects it from
the change in the gradient after each pass (BFGS). The finish stops at the maximum for the
full data, as only the full gradient decides when to stop; it just needs fewer passes.

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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

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
# Rows of the design produced at a time: small enough to stay in the processor's cache.
BLOCK_ROWS = 32_768
# Above this many rows the model is first fitted on all treated rows and a sample of the
# comparison rows, then finished on the full data.
LARGE_ROWS = 60_000
SAMPLE_COMPARISON_ROWS = 20_000

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def logistic(eta: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """Return 1 / (1 + exp(-eta)), written into ``out`` if given.

    Uses numpy's vectorised exponential, several times quicker than ``scipy.special.expit``.
    Overflow of exp(-eta) for very negative eta gives exactly 0, which is the right limit.
    """
    result = np.negative(eta, out=out)
    with np.errstate(over="ignore", under="ignore"):
        np.exp(result, out=result)
    result += 1.0
    np.reciprocal(result, out=result)
    return result


@dataclass
class PropensityFit:
    """A fitted propensity model and the logit of the score it gives every row."""

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

    @property
    def scores(self) -> FloatArray:
        """The propensity scores themselves, between 0 and 1."""
        return logistic(self.logits)


@dataclass
class ColumnSummary:
    """Mean and sum of squared deviations from the mean of each covariate, over all rows."""

    n: int
    mean: FloatArray
    sum_squares: FloatArray

    @property
    def sd(self) -> FloatArray:
        """Standard deviation with an n denominator."""
        return np.sqrt(self.sum_squares / max(self.n, 1))


def summarise_columns(columns: Sequence[FloatArray]) -> ColumnSummary:
    """Compute each column's mean and centred sum of squares, in about one pass each."""
    n = len(columns[0]) if len(columns) else 0
    mean = np.empty(len(columns))
    sum_squares = np.empty(len(columns))
    for j, col in enumerate(columns):
        mean[j] = float(col.mean()) if n else 0.0
        raw = float(col @ col)
        centred = raw - n * mean[j] ** 2
        if centred < 1e-6 * raw:
            # Large mean relative to the spread: a second, centred pass avoids cancellation.
            deviation = col - mean[j]
            centred = float(deviation @ deviation)
        sum_squares[j] = max(centred, 0.0)
    return ColumnSummary(n=n, mean=mean, sum_squares=sum_squares)


class _Design:
    """The standardised design, one variable per row, the intercept first.

    Row j + 1 is (x_j - mean_j) / sd_j. Blocks of ``BLOCK_ROWS`` rows are produced on demand
    into one reused buffer holding the centred covariates; the division by the standard
    deviation is folded into the coefficients and the results (``unscale``).
    """

    def __init__(self, columns: Sequence[FloatArray], mean: FloatArray, sd: FloatArray, n: int):
        self.columns = list(columns)
        self.mean = np.asarray(mean, dtype=np.float64)
        self.sd = np.asarray(sd, dtype=np.float64)
        self.n = n
        self.p = len(self.columns) + 1
        self.unscale = np.r_[1.0, 1.0 / self.sd]
        self._buffer = np.empty((self.p, max(1, min(BLOCK_ROWS, n))))
        self._buffer[0] = 1.0
        self._work = np.empty(self._buffer.shape[1])

    def subset(self, rows: IntArray) -> _Design:
        """The same design restricted to some rows (standardised as for the whole data)."""
        return _Design([col[rows] for col in self.columns], self.mean, self.sd, len(rows))

    def blocks(self) -> Iterator[tuple[int, int, FloatArray]]:
        """Yield (start, stop, centred block) for consecutive blocks of rows."""
        for start in range(0, self.n, BLOCK_ROWS):
            stop = min(start + BLOCK_ROWS, self.n)
            block = self._buffer[:, : stop - start]
            for i, col in enumerate(self.columns):
                np.subtract(col[start:stop], self.mean[i], out=block[i + 1])
            yield start, stop, block

    def cross_products(self) -> FloatArray:
        """Return the sum over rows of z z^T (z standardised, with the intercept)."""
        total = np.zeros((self.p, self.p))
        for _start, _stop, block in self.blocks():
            total += block @ block.T
        return total * np.outer(self.unscale, self.unscale)

    def likelihood_pass(
        self,
        beta: FloatArray,
        treated: NDArray[np.bool_],
        logits_out: FloatArray,
        *,
        case_weight: FloatArray | None = None,
        hessian: bool = True,
    ) -> tuple[FloatArray, FloatArray | None]:
        """One pass over the data at ``beta``: the logits, the gradient and optionally the Hessian.

        The gradient and Hessian are those of the (case-weighted) log-likelihood with respect to
        the standardised coefficients. The logits at ``beta`` are written into ``logits_out``.
        """
        scaled = beta * self.unscale
        grad = np.zeros(self.p)
        hess = np.zeros((self.p, self.p)) if hessian else None
        for start, stop, block in self.blocks():
            eta = np.dot(scaled, block, out=logits_out[start:stop])
            prob = logistic(eta, out=self._work[: stop - start])
            weight = case_weight[start:stop] if case_weight is not None else None
            if hess is not None:
                curvature = prob * (1.0 - prob)
                if weight is not None:
                    curvature *= weight
                hess += (block * curvature) @ block.T
            resid = np.subtract(treated[start:stop], prob, out=prob)
            if weight is not None:
                resid *= weight
            grad += block @ resid
        grad *= self.unscale
        if hess is not None:
            hess *= np.outer(self.unscale, self.unscale)
        return grad, hess


def _redundant_columns(cross: FloatArray, n: int) -> list[int]:
    """Return the covariates (numbered from 0, excluding the intercept) that add nothing.

    ``cross`` is the (p, p) matrix of sums of z z^T from ``_Design.cross_products``, intercept
    first. A covariate is redundant when, relative to the rows' count, its squared residual
    after projecting on the intercept and the covariates kept so far is within
    ``COLLINEAR_TOLERANCE`` of 0 (for standardised covariates, when its squared multiple
    correlation with them is within that of 1).
    """
    moment = cross / max(n, 1)
    kept = [0]
    dropped: list[int] = []
    for j in range(1, moment.shape[0]):
        sub = moment[np.ix_(kept, kept)]
        cross_j = moment[kept, j]
        try:
            explained = float(cross_j @ np.linalg.solve(sub, cross_j))
        except np.linalg.LinAlgError:
            explained = float(moment[j, j])
        if moment[j, j] - explained < COLLINEAR_TOLERANCE:
            dropped.append(j - 1)
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
    design: _Design,
    treated: NDArray[np.bool_],
    logits_out: FloatArray,
    *,
    penalty: float,
    max_iter: int,
    tol: float,
    beta: FloatArray | None = None,
    case_weight: FloatArray | None = None,
    start_hessian: FloatArray | None = None,
) -> _Newton:
    """Maximise the (penalised) log-likelihood by Newton-Raphson.

    Stops when the next step would move no standardised coefficient by more than ``tol``; the
    coefficients returned are those the last pass was made at, so ``logits_out`` holds their
    logits. With ``start_hessian`` the Hessian is not computed from the data: it starts as
    given and is updated after each pass from the change in the gradient (BFGS), so each pass
    is cheaper; the fit still stops at the exact maximum, as only the gradient decides where.
    ``case_weight`` weights rows, used when fitting on a sample of the comparison group.
    """
    p = design.p
    if beta is None:
        beta = np.zeros(p)
        share = float(np.average(treated, weights=case_weight))
        beta[0] = np.log(share / (1.0 - share))
    ridge = np.full(p, penalty)
    ridge[0] = 0.0
    hess = start_hessian.copy() if start_hessian is not None else np.eye(p)
    previous: tuple[FloatArray, FloatArray] | None = None
    for iteration in range(1, max_iter + 1):
        grad, fresh = design.likelihood_pass(
            beta, treated, logits_out, case_weight=case_weight, hessian=start_hessian is None
        )
        grad -= ridge * beta
        if fresh is not None:
            hess = fresh
            hess[np.diag_indices(p)] += ridge
        elif previous is not None:
            hess = _bfgs_update(hess, previous[0], previous[1] - grad)
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            return _Newton(beta, hess, False, iteration, True)
        if not np.all(np.isfinite(step)):
            return _Newton(beta, hess, False, iteration, True)
        if float(np.max(np.abs(step))) < tol:
            return _Newton(beta, hess, True, iteration, False)
        if iteration == max_iter:
            break
        previous = (step, grad)
        beta = beta + step
    return _Newton(beta, hess, False, max_iter, False)


def _bfgs_update(hess: FloatArray, step: FloatArray, change: FloatArray) -> FloatArray:
    """Correct a Hessian (of minus the log-likelihood) after a step and the gradient's change.

    The log-likelihood is concave, so ``change . step`` is positive; if rounding makes it not,
    the Hessian is kept as it was.
    """
    curvature = float(change @ step)
    along = hess @ step
    bend = float(step @ along)
    if curvature <= 0.0 or bend <= 0.0:
        return hess
    return hess - np.outer(along, along) / bend + np.outer(change, change) / curvature


def _sample_rows(treated: NDArray[np.bool_]) -> tuple[IntArray, FloatArray] | None:
    """Every treated row and an evenly spaced sample of comparison rows, with case weights.

    Returns None when the data are small enough to fit on whole.
    """
    if len(treated) <= LARGE_ROWS:
        return None
    treated_idx = np.flatnonzero(treated)
    comparison_idx = np.flatnonzero(~treated)
    stride = max(1, len(comparison_idx) // SAMPLE_COMPARISON_ROWS)
    sample_c = comparison_idx[::stride]
    rows = np.concatenate([treated_idx, sample_c])
    case_weight = np.ones(len(rows))
    case_weight[len(treated_idx) :] = len(comparison_idx) / len(sample_c)
    return rows, case_weight


def _fit(
    design: _Design,
    treated: NDArray[np.bool_],
    logits_out: FloatArray,
    sample: tuple[IntArray, FloatArray] | None,
    penalty: float,
    max_iter: int,
    tol: float,
) -> _Newton:
    """Maximise the (penalised) likelihood, starting from a sample when one is given."""
    if sample is None:
        return _newton(design, treated, logits_out, penalty=penalty, max_iter=max_iter, tol=tol)
    rows, case_weight = sample
    start = _newton(
        design.subset(rows),
        treated[rows],
        np.empty(len(rows)),
        penalty=penalty,
        max_iter=max_iter,
        tol=1e-5,
        case_weight=case_weight,
    )
    if not start.converged:
        # The sample can be separated where the data are not: a rare covariate whose few
        # comparison rows the sample happens to miss. Only the full data can tell.
        return _newton(design, treated, logits_out, penalty=penalty, max_iter=max_iter, tol=tol)
    finish = _newton(
        design,
        treated,
        logits_out,
        penalty=penalty,
        max_iter=10,
        tol=tol,
        beta=start.beta,
        start_hessian=start.hessian,
    )
    if finish.converged:
        finish.iterations += start.iterations
        return finish
    return _newton(design, treated, logits_out, penalty=penalty, max_iter=max_iter, tol=tol)


def fit_propensity(
    xt: FloatArray | Sequence[FloatArray],
    treated: NDArray[np.bool_],
    names: Sequence[str],
    *,
    summary: ColumnSummary | None = None,
    max_iter: int = 30,
    tol: float = 1e-8,
) -> PropensityFit:
    """Fit P(treated | covariates) by logistic regression and give the logit of every row.

    ``xt`` holds one covariate per row: a (p, n) float array or a sequence of p float arrays of
    length n (the columns of a data frame can be passed without copying). ``treated`` is a
    boolean array of length n and ``names`` the p covariate names, used in warnings and in the
    returned coefficients. ``summary`` may pass in the columns' means and spreads if already
    known. The fit stops when the next step would move no standardised coefficient by more
    than ``tol``.
    """
    columns = [np.asarray(col, dtype=np.float64) for col in xt]
    if len(columns) != len(names) or any(col.ndim != 1 for col in columns):
        raise ValueError("xt must hold one one-dimensional column per covariate name")
    treated = np.asarray(treated, dtype=bool)
    n = len(treated)
    if any(len(col) != n for col in columns):
        raise ValueError("every covariate must have one value per row")
    warnings: list[str] = []
    summary = summary or summarise_columns(columns)
    sd = summary.sd

    constant = sd <= 1e-12 * np.maximum(np.abs(summary.mean), 1.0)
    dropped_idx: list[int] = [int(j) for j in np.flatnonzero(constant)]
    if dropped_idx:
        names_c = ", ".join(names[j] for j in dropped_idx)
        warnings.append(
            f"Dropped from the propensity model because it has the same value for everyone: "
            f"{names_c}."
        )
    keep = [j for j in range(len(names)) if j not in dropped_idx]

    def design_of(kept: list[int]) -> _Design:
        return _Design([columns[j] for j in kept], summary.mean[kept], sd[kept], n)

    design = design_of(keep)
    sample = _sample_rows(treated)
    # Redundancy shows on any subset of rows, so a sample finds every redundant covariate;
    # only if it finds some is the check repeated on all rows to confirm them.
    if sample is not None:
        redundant = _redundant_columns(design.subset(sample[0]).cross_products(), len(sample[0]))
        if redundant:
            confirmed = _redundant_columns(design.cross_products(), n)
            if confirmed != redundant:
                sample = None  # the sample is degenerate where the data are not: fit on whole
            redundant = confirmed
    else:
        redundant = _redundant_columns(design.cross_products(), n)
    if redundant:
        redundant_names = [names[keep[r]] for r in redundant]
        warnings.append(
            "Dropped from the propensity model because it is a copy or an exact combination "
            f"of other covariates (collinear): {', '.join(redundant_names)}."
        )
        dropped_idx.extend(keep[r] for r in redundant)
        keep = [j for c, j in enumerate(keep) if c not in redundant]
        design = design_of(keep)

    logits = np.empty(n)
    fit = _fit(design, treated, logits, sample, 0.0, max_iter, tol)
    beta = fit.beta
    coef_std = beta[1:]
    extreme = n > 0 and (
        float(logits.max()) > -np.log(EXTREME_PROBABILITY)
        or bool(np.any(logits[treated] < np.log(EXTREME_PROBABILITY)))
    )
    divergent = bool(np.any(np.abs(coef_std) > DIVERGENT_COEFFICIENT))
    separation = (not fit.converged) or fit.singular or extreme or divergent
    penalty = 0.0
    if separation:
        involved = _separating_covariates(columns, treated, keep, coef_std, names)
        penalty = RIDGE_LAMBDA
        fit = _fit(design, treated, logits, sample, penalty, max_iter, tol)
        beta = fit.beta
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

    mean, kept_sd = summary.mean, sd
    coefficients = {names[j]: float(beta[i + 1] / kept_sd[j]) for i, j in enumerate(keep)}
    intercept = float(beta[0] - sum(beta[i + 1] * mean[j] / kept_sd[j] for i, j in enumerate(keep)))
    return PropensityFit(
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
    columns: Sequence[FloatArray],
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
        col = columns[j]
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
