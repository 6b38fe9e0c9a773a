"""The propensity score: the modelled chance that a person got the service, given covariates.

The model is a logistic regression with an intercept, fitted by Newton-Raphson in numpy.
Covariates are standardised internally so the problem is well conditioned; coefficients are
reported back on the original scale.

**A fit that cannot diverge.** Every step is checked: it is taken only if the log-likelihood,
computed stably as the sum of t * eta - log(1 + e^eta), does not fall; otherwise it is halved
until it does (step halving). So the log-likelihood never goes down, from any start, and the
fit either converges to the maximum or, when the maximum is at infinity (separation), walks
steadily out towards it without ever jumping into nonsense.

**Large data.** The standardised design is never held in memory whole: it is produced a block
of rows at a time from the covariate columns (``_Design``), and each pass over the data computes
the linear predictor, the log-likelihood, the gradient and, when needed, the Hessian together.
On large data the model is first fitted on every treated row and a weighted sample of comparison
rows, then finished on all rows by a quasi-Newton method (BFGS) that starts from the sample's
Hessian and corrects it from the change in the gradient after each pass; its steps are halved
in the same way. The finish stops at the maximum for the full data, as only the full gradient
decides when to stop. If the finish cannot make progress, the fit is done afresh on all rows.

**Separation is judged, not guessed.** A fit that converges has a finite maximum, however large
its coefficients or however many scores sit near 0 or 1: that is never called separation (the
people with scores near 0 are simply off support). Only when the fit does not converge is the
linear-programming test of Konis (2007) run (``separated_rows``): is there a direction in which
every treated person lies on one side and every comparison person on the other, with some
strictly so? The rows strictly on their side are those whose scores go to exactly 0 or 1; they
are set aside and the model is fitted on the rest, where its maximum is finite. When the fit
fails to converge and there is no separation, the scores come from Firth's bias-reduced
likelihood, which has a finite maximum by construction, with the intercept then refitted so the
scores average to the share treated (FLIC, Puhr et al. 2017).

Constant or redundant (collinear) covariates are dropped with a warning: each covariate is
tested, in the order given, against the ones already kept; one that is constant, or that is
(almost exactly) a linear combination of earlier ones, is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

# Squared multiple correlation above 1 - COLLINEAR_TOLERANCE counts as redundant.
COLLINEAR_TOLERANCE = 1e-9
# The fit has converged when the next Newton step would move no standardised coefficient by
# more than this; that last step is then taken, so the answer is well inside the tolerance.
TOLERANCE = 1e-8
MAX_ITERATIONS = 60
# A step is halved at most this many times (to 2^-40 of its length) before the fit gives up.
MAX_HALVINGS = 40
# Scores this close to 0 (comparison) or 1 (treated) are counted in the diagnostics.
NEAR_BOUND = 1e-6
# In the separation test a row whose margin exceeds this (on the standardised design, with the
# direction's entries between -1 and 1) lies strictly on its side.
SEPARATION_MARGIN = 1e-6
# Rows of the design produced at a time: small enough to stay in the processor's cache.
BLOCK_ROWS = 32_768
# Above this many rows the model is first fitted on all treated rows and a sample of the
# comparison rows, then finished on the full data.
LARGE_ROWS = 60_000
SAMPLE_COMPARISON_ROWS = 20_000

SEPARATION_KINDS = ("none", "comparison_side", "treated_side", "complete")

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


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
    """A fitted propensity model and the logit of the score it gives every row.

    ``separation`` is one of ``SEPARATION_KINDS``; ``separated`` marks the rows whose scores go
    to exactly 0 (comparison) or 1 (treated): their logits are -inf or +inf. ``penalty`` is
    "none" or "firth".
    """

    logits: FloatArray
    covariates_used: list[str]
    covariates_dropped: list[str]
    intercept: float
    coefficients: dict[str, float]
    converged: bool
    iterations: int
    separation: str
    penalty: str
    separated: BoolArray
    separating_covariates: list[str] = field(default_factory=list)
    diagnostics: dict[str, Any] = field(default_factory=dict)
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


@dataclass
class _Pass:
    """What one pass over the data at some coefficients found."""

    loglik: float
    grad: FloatArray
    hess: FloatArray | None


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
        self._soft = np.empty(self._buffer.shape[1])

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

    def dense(self) -> FloatArray:
        """The whole standardised design as an (n, p) array (for the separation test only)."""
        z = np.empty((self.n, self.p))
        z[:, 0] = 1.0
        for i, col in enumerate(self.columns):
            z[:, i + 1] = (col - self.mean[i]) / self.sd[i]
        return z

    def cross_products(self) -> FloatArray:
        """Return the sum over rows of z z^T (z standardised, with the intercept)."""
        total = np.zeros((self.p, self.p))
        for _start, _stop, block in self.blocks():
            total += block @ block.T
        return total * np.outer(self.unscale, self.unscale)

    def likelihood_pass(
        self,
        beta: FloatArray,
        treated: BoolArray,
        logits_out: FloatArray,
        signed: FloatArray,
        *,
        case_weight: FloatArray | None = None,
        hessian: bool = True,
    ) -> _Pass:
        """One pass over the data at ``beta``: the log-likelihood, its gradient and optionally
        its Hessian (of minus the log-likelihood), all with respect to the standardised
        coefficients and case-weighted if weights are given. The logits at ``beta`` are
        written into ``logits_out``. ``signed`` is ``signed_sums`` for the same rows and weights.

        The log-likelihood is the sum of t * eta - log(1 + e^eta), computed in a form that
        stays exact for any eta.
        """
        scaled = beta * self.unscale
        grad = np.zeros(self.p)
        hess = np.zeros((self.p, self.p)) if hessian else None
        loglik = 0.0
        for start, stop, block in self.blocks():
            eta = np.dot(scaled, block, out=logits_out[start:stop])
            weight = case_weight[start:stop] if case_weight is not None else None
            is_treated = treated[start:stop]
            # Each row adds -log(1 + e^(-s eta)) with s = +1 treated, -1 comparison, which is
            # -(|eta| - s eta) / 2 - log(1 + e^(-|eta|)): no exponential can overflow.
            size = np.abs(eta, out=self._soft[: stop - start])
            if weight is None:
                loglik -= 0.5 * float(size.sum())
            else:
                loglik -= 0.5 * float(size @ weight)
            np.negative(size, out=size)
            np.exp(size, out=size)
            np.log1p(size, out=size)
            loglik -= float(size.sum()) if weight is None else float(size @ weight)
            prob = logistic(eta, out=self._work[: stop - start])
            if hess is not None:
                curvature = prob * (1.0 - prob)
                if weight is not None:
                    curvature *= weight
                hess += (block * curvature) @ block.T
            resid = np.subtract(is_treated, prob, out=prob)
            if weight is not None:
                resid *= weight
            grad += block @ resid
        # The sum of s eta is linear in the coefficients: its coefficients are fixed.
        loglik += 0.5 * float(scaled @ signed)
        grad *= self.unscale
        if hess is not None:
            hess *= np.outer(self.unscale, self.unscale)
        return _Pass(loglik, grad, hess)

    def signed_sums(self, treated: BoolArray, case_weight: FloatArray | None) -> FloatArray:
        """The sum over rows of s (x - mean), s = +1 treated and -1 comparison, weighted if
        weights are given: the fixed coefficients of the linear part of the log-likelihood."""
        sign = np.where(treated, 1.0, -1.0)
        if case_weight is not None:
            sign *= case_weight
        sums = np.empty(self.p)
        sums[0] = float(sign.sum())
        for i, col in enumerate(self.columns):
            sums[i + 1] = float(col @ sign) - self.mean[i] * sums[0]
        return sums

    def logits_at(self, beta: FloatArray, logits_out: FloatArray) -> None:
        """Write the logits at ``beta`` into ``logits_out``."""
        scaled = beta * self.unscale
        for start, stop, block in self.blocks():
            np.dot(scaled, block, out=logits_out[start:stop])

    def firth_pass(
        self, beta: FloatArray, treated: BoolArray, logits_out: FloatArray, signed: FloatArray
    ) -> _Pass:
        """Firth's penalised log-likelihood at ``beta``, its (modified) score and the Fisher
        information: log L + 1/2 log det I, and the score sum of z (t - p + h (1/2 - p)) where
        h is the leverage of each row. Two passes: the information first, then the leverages.
        """
        plain = self.likelihood_pass(beta, treated, logits_out, signed)
        assert plain.hess is not None
        info = plain.hess
        sign, logdet = np.linalg.slogdet(info)
        if sign <= 0:
            return _Pass(-np.inf, plain.grad, info)
        inverse = np.linalg.inv(info) * np.outer(self.unscale, self.unscale)
        grad = np.zeros(self.p)
        for start, stop, block in self.blocks():
            prob = logistic(logits_out[start:stop], out=self._work[: stop - start])
            leverage = np.einsum("ij,ij->j", inverse @ block, block) * prob * (1.0 - prob)
            resid = treated[start:stop] - prob + leverage * (0.5 - prob)
            grad += block @ resid
        grad *= self.unscale
        return _Pass(plain.loglik + 0.5 * logdet, grad, info)


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
    halvings: int


def _accepts(new: float, old: float) -> bool:
    """A step is kept if the objective did not fall (beyond rounding in its sum)."""
    return bool(np.isfinite(new)) and new >= old - 1e-12 * (1.0 + abs(old))


def _newton(
    design: _Design,
    treated: BoolArray,
    logits_out: FloatArray,
    *,
    max_iter: int,
    tol: float,
    beta: FloatArray | None = None,
    case_weight: FloatArray | None = None,
    start_hessian: FloatArray | None = None,
    firth: bool = False,
) -> _Newton:
    """Maximise the log-likelihood (or Firth's penalised one) by Newton-Raphson with step
    halving.

    Each step is taken only if the objective does not fall; otherwise it is halved until it
    does. The fit has converged when the next step would move no standardised coefficient by
    more than ``tol``; that last step is taken too. The coefficients returned are those the
    last pass was made at, so ``logits_out`` holds their logits. With ``start_hessian`` the
    Hessian is not computed from the data: it starts as given and is corrected after each step
    from the change in the gradient (BFGS), so each pass is cheaper. ``case_weight`` weights
    rows, used when fitting on a sample of the comparison group.
    """
    p = design.p
    if beta is None:
        beta = np.zeros(p)
        share = float(np.average(treated, weights=case_weight))
        beta[0] = np.log(share / (1.0 - share))
    bfgs = start_hessian is not None
    signed = design.signed_sums(treated, case_weight)

    def evaluate_at(point: FloatArray) -> _Pass:
        if firth:
            return design.firth_pass(point, treated, logits_out, signed)
        return design.likelihood_pass(
            point, treated, logits_out, signed, case_weight=case_weight, hessian=not bfgs
        )

    here = evaluate_at(beta)
    hess = start_hessian.copy() if start_hessian is not None else here.hess
    assert hess is not None
    halvings = 0
    for iteration in range(1, max_iter + 1):
        try:
            direction = np.linalg.solve(hess, here.grad)
        except np.linalg.LinAlgError:
            return _Newton(beta, hess, False, iteration, halvings)
        if not np.all(np.isfinite(direction)):
            return _Newton(beta, hess, False, iteration, halvings)
        if float(np.max(np.abs(direction))) < tol:
            # A step this small cannot change the log-likelihood beyond rounding: take it
            # unchecked, so the answer sits well inside the tolerance.
            beta = beta + direction
            design.logits_at(beta, logits_out)
            return _Newton(beta, hess, True, iteration, halvings)
        length = 1.0
        for _ in range(MAX_HALVINGS + 1):
            candidate = beta + length * direction
            there = evaluate_at(candidate)
            if _accepts(there.loglik, here.loglik):
                break
            length /= 2.0
            halvings += 1
        else:
            design.logits_at(beta, logits_out)  # leave the logits of the coefficients returned
            return _Newton(beta, hess, False, iteration, halvings)
        if bfgs:
            hess = _bfgs_update(hess, candidate - beta, here.grad - there.grad)
        elif there.hess is not None:
            hess = there.hess
        beta, here = candidate, there
    return _Newton(beta, hess, False, max_iter, halvings)


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


def _sample_rows(treated: BoolArray) -> tuple[IntArray, FloatArray] | None:
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
    treated: BoolArray,
    logits_out: FloatArray,
    sample: tuple[IntArray, FloatArray] | None,
    max_iter: int,
    tol: float,
) -> _Newton:
    """Maximise the likelihood, starting from a sample when one is given."""
    if sample is None:
        return _newton(design, treated, logits_out, max_iter=max_iter, tol=tol)
    rows, case_weight = sample
    start = _newton(
        design.subset(rows),
        treated[rows],
        np.empty(len(rows)),
        max_iter=max_iter,
        tol=1e-5,
        case_weight=case_weight,
    )
    if not start.converged:
        # The sample can be separated where the data are not: a rare covariate whose few
        # comparison rows the sample happens to miss. Only the full data can tell.
        return _newton(design, treated, logits_out, max_iter=max_iter, tol=tol)
    finish = _newton(
        design,
        treated,
        logits_out,
        max_iter=10,
        tol=tol,
        beta=start.beta,
        start_hessian=start.hessian,
    )
    if finish.converged:
        finish.iterations += start.iterations
        finish.halvings += start.halvings
        return finish
    return _newton(design, treated, logits_out, max_iter=max_iter, tol=tol)


def _flic_intercept(treated: BoolArray, beta: FloatArray, logits: FloatArray) -> None:
    """Refit the intercept by maximum likelihood with the other coefficients held (FLIC), so
    that the scores average to the share treated. Updates ``beta`` and ``logits`` in place."""
    offset = logits.copy()
    shift = 0.0

    def loglik(c: float) -> float:
        eta = offset + c
        return float(eta[treated].sum() - np.logaddexp(0.0, eta).sum())

    current = loglik(shift)
    for _ in range(MAX_ITERATIONS):
        prob = logistic(offset + shift)
        grad = float(treated.sum() - prob.sum())
        curve = float((prob * (1.0 - prob)).sum())
        if curve <= 0:
            break
        step = grad / curve
        length = 1.0
        for _ in range(MAX_HALVINGS):
            trial = loglik(shift + length * step)
            if _accepts(trial, current):
                break
            length /= 2.0
        else:
            break  # no step improves on the intercept it has
        shift, current = shift + length * step, trial
        if abs(step) < TOLERANCE:
            break
    beta[0] += shift
    logits += shift


def separated_rows(design: _Design, treated: BoolArray) -> tuple[BoolArray, FloatArray]:
    """The linear-programming separation test of Konis (2007), on the standardised design.

    With s = +1 for treated and -1 for comparison rows, find the direction b (each entry
    between -1 and 1, the intercept included) that maximises the sum of s z.b subject to
    s z.b >= 0 for every row. The data are separated exactly when that maximum is above 0, and
    the rows with s z.b > 0 are those whose scores go to 1 (treated) or 0 (comparison) as the
    log-likelihood climbs to its supremum. Returns that mask and the direction.
    """
    from scipy.optimize import linprog

    z = design.dense()
    signed = z * np.where(treated, 1.0, -1.0)[:, None]
    solved = linprog(
        -signed.sum(axis=0),
        A_ub=-signed,
        b_ub=np.zeros(len(signed)),
        bounds=[(-1.0, 1.0)] * design.p,
        method="highs",
    )
    if solved.status != 0 or solved.x is None:
        return np.zeros(len(signed), dtype=bool), np.zeros(design.p)
    margin = signed @ solved.x
    return margin > SEPARATION_MARGIN, np.asarray(solved.x)


def _find_separation(
    design: _Design, treated: BoolArray, sample: tuple[IntArray, FloatArray] | None
) -> tuple[BoolArray, FloatArray]:
    """Every row whose score goes to 0 or 1, and the sum of the directions that showed them.

    On large data the sample is tested first: if it is not separated, no superset of it is.
    Rows found separated are set aside and the test repeated on the rest, until the rest is not
    separated or one group is used up, so every such row is found.
    """
    n = design.n
    separated = np.zeros(n, dtype=bool)
    direction = np.zeros(design.p)
    if sample is not None:
        rows = sample[0]
        in_sample, _ = separated_rows(design.subset(rows), treated[rows])
        if not in_sample.any():
            return separated, direction
    remaining = np.arange(n)
    for _round in range(design.p + 1):
        found, way = separated_rows(design.subset(remaining), treated[remaining])
        if not found.any():
            break
        separated[remaining[found]] = True
        direction += np.abs(way)
        remaining = remaining[~found]
        left = treated[remaining]
        if left.all() or not left.any():
            break
    return separated, direction


def _separating_covariates(
    columns: Sequence[FloatArray],
    treated: BoolArray,
    keep: list[int],
    direction: FloatArray,
    names: Sequence[str],
) -> list[str]:
    """Name the covariates that tell the groups apart.

    Those that do it on their own (every treated value at or above every comparison value, or
    at or below) are named; if none does, those that weigh most in the separating direction.
    """
    alone = []
    for j in keep:
        col = columns[j]
        t_min, t_max = col[treated].min(), col[treated].max()
        c_min, c_max = col[~treated].min(), col[~treated].max()
        if t_min >= c_max or t_max <= c_min:
            alone.append(names[j])
    if alone:
        return alone
    weight = np.abs(direction[1:])
    if not len(weight) or float(weight.max()) <= 0:
        return []
    return [names[j] for i, j in enumerate(keep) if weight[i] >= 0.5 * float(weight.max())]


@dataclass
class _Prepared:
    """Covariates kept for the model and the design built from them."""

    keep: list[int]
    dropped: list[int]
    warnings: list[str]
    design: _Design
    summary: ColumnSummary
    sample: tuple[IntArray, FloatArray] | None


def _prepare(
    columns: list[FloatArray],
    treated: BoolArray,
    names: Sequence[str],
    summary: ColumnSummary,
    *,
    why_constant: str,
) -> _Prepared:
    """Drop constant and redundant covariates (with warnings) and build the design."""
    n = len(treated)
    warnings: list[str] = []
    sd = summary.sd
    constant = sd <= 1e-12 * np.maximum(np.abs(summary.mean), 1.0)
    dropped_idx: list[int] = [int(j) for j in np.flatnonzero(constant)]
    if dropped_idx:
        names_c = ", ".join(names[j] for j in dropped_idx)
        warnings.append(f"Dropped from the propensity model because {why_constant}: {names_c}.")
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
    return _Prepared(keep, dropped_idx, warnings, design, summary, sample)


def _original_scale(
    beta: FloatArray, prepared: _Prepared, names: Sequence[str]
) -> tuple[float, dict[str, float]]:
    mean, sd, keep = prepared.summary.mean, prepared.summary.sd, prepared.keep
    coefficients = {names[j]: float(beta[i + 1] / sd[j]) for i, j in enumerate(keep)}
    intercept = float(beta[0] - sum(beta[i + 1] * mean[j] / sd[j] for i, j in enumerate(keep)))
    return intercept, coefficients


def fit_propensity(
    xt: FloatArray | Sequence[FloatArray],
    treated: BoolArray,
    names: Sequence[str],
    *,
    summary: ColumnSummary | None = None,
    max_iter: int | None = None,
    tol: float = TOLERANCE,
) -> PropensityFit:
    """Fit P(treated | covariates) by logistic regression and give the logit of every row.

    ``xt`` holds one covariate per row: a (p, n) float array or a sequence of p float arrays of
    length n (the columns of a data frame can be passed without copying). ``treated`` is a
    boolean array of length n and ``names`` the p covariate names, used in warnings and in the
    returned coefficients. ``summary`` may pass in the columns' means and spreads if already
    known. The fit stops when the next step would move no standardised coefficient by more
    than ``tol``, or after ``max_iter`` steps (``MAX_ITERATIONS`` unless given); Firth's fit,
    when it is needed, has at least ``MAX_ITERATIONS``.
    """
    max_iter = MAX_ITERATIONS if max_iter is None else max_iter
    columns = [np.asarray(col, dtype=np.float64) for col in xt]
    if len(columns) != len(names) or any(col.ndim != 1 for col in columns):
        raise ValueError("xt must hold one one-dimensional column per covariate name")
    treated = np.asarray(treated, dtype=bool)
    n = len(treated)
    if any(len(col) != n for col in columns):
        raise ValueError("every covariate must have one value per row")
    summary = summary or summarise_columns(columns)
    prepared = _prepare(
        columns, treated, names, summary, why_constant="it has the same value for everyone"
    )
    warnings = list(prepared.warnings)
    logits = np.empty(n)
    fit = _fit(prepared.design, treated, logits, prepared.sample, max_iter, tol)
    largest = float(np.max(np.abs(fit.beta[1:]), initial=0.0))
    separated = np.zeros(n, dtype=bool)
    separation, penalty = "none", "none"
    separating: list[str] = []
    converged, iterations, halvings = fit.converged, fit.iterations, fit.halvings
    beta = fit.beta
    intercept, coefficients = _original_scale(beta, prepared, names)
    used = [names[j] for j in prepared.keep]
    dropped = list(prepared.dropped)

    if not fit.converged:
        separated, direction = _find_separation(prepared.design, treated, prepared.sample)
        if separated.any():
            separating = _separating_covariates(columns, treated, prepared.keep, direction, names)
            rest = ~separated
            left = treated[rest]
            logits[:] = np.where(treated, np.inf, -np.inf)
            if left.all() or not left.any():
                # No overlap at all: every score goes to 0 or 1 (the rows the test left on its
                # separating plane are only on it because one plane was chosen among many).
                separation = "complete"
                separated[:] = True
                converged = False
                intercept, coefficients = float("nan"), {}
            else:
                separation = "treated_side" if (separated & treated).any() else "comparison_side"
                rest_columns = [col[rest] for col in columns]
                inner = _prepare(
                    rest_columns,
                    left,
                    names,
                    summarise_columns(rest_columns),
                    why_constant=(
                        "once the people it tells apart are set aside, it has the same value "
                        "for everyone else"
                    ),
                )
                warnings.extend(inner.warnings)
                rest_logits = np.empty(int(rest.sum()))
                refit = _fit(inner.design, left, rest_logits, inner.sample, max_iter, tol)
                logits[rest] = rest_logits
                converged = refit.converged
                iterations += refit.iterations
                halvings += refit.halvings
                beta = refit.beta
                largest = float(np.max(np.abs(beta[1:]), initial=0.0))
                intercept, coefficients = _original_scale(beta, inner, names)
                used = [names[j] for j in inner.keep]
                dropped = inner.dropped
        else:
            firth = _newton(
                prepared.design,
                treated,
                logits,
                max_iter=max(max_iter, MAX_ITERATIONS),
                tol=tol,
                firth=True,
            )
            iterations += firth.iterations
            halvings += firth.halvings
            if firth.converged:
                beta = firth.beta.copy()
                _flic_intercept(treated, beta, logits)
                penalty, converged = "firth", True
                largest = float(np.max(np.abs(beta[1:]), initial=0.0))
                intercept, coefficients = _original_scale(beta, prepared, names)
                warnings.append(
                    "The ordinary logistic regression did not settle on stable values although "
                    "the groups can not be told apart perfectly, so the scores come from "
                    "Firth's bias-reduced logistic regression (with the intercept corrected so "
                    "the scores average to the share treated)."
                )

    scores = logistic(logits)
    diagnostics = {
        "largest_standardised_coefficient": largest,
        "treated_near_one": int(np.count_nonzero(scores[treated] > 1.0 - NEAR_BOUND)),
        "comparison_near_zero": int(np.count_nonzero(scores[~treated] < NEAR_BOUND)),
        "step_halvings": int(halvings),
        "separated_treated": int(np.count_nonzero(separated & treated)),
        "separated_comparison": int(np.count_nonzero(separated & ~treated)),
    }
    return PropensityFit(
        logits=logits,
        covariates_used=used,
        covariates_dropped=[names[j] for j in sorted(dropped)],
        intercept=intercept,
        coefficients=coefficients,
        converged=bool(converged),
        iterations=int(iterations),
        separation=separation,
        penalty=penalty,
        separated=separated,
        separating_covariates=separating,
        diagnostics=diagnostics,
        warnings=warnings,
    )
