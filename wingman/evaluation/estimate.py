"""The average treatment effect on the treated (ATT) from matched pairs, and its uncertainty.

The estimate is the mean, over matched treated people, of their outcome minus the weighted mean
outcome of their matches.

Its variance uses the Abadie and Imbens (2006) estimator for matching estimators, which stays
valid when comparison people are reused across matches. With weights w_ij (1/m for each of the
m matches of treated person i) and K_j the total weight of comparison person j:

    V = (1 / N^2) * [ sum over matched treated of (Y_i - Yhat_i(0) - ATT)^2
                      + sum over comparison of (K_j^2 - sum_i w_ij^2) * s_j^2 ]

where Yhat_i(0) is the weighted mean of i's matches and s_j^2 is the conditional variance of
the outcome for comparison person j, estimated by matching j to its ``J`` nearest other
comparison people on the same logit: s_j^2 = J / (J + 1) * (Y_j - mean of their Y)^2. The
second term is zero for a comparison person used once, so without replacement the estimator
reduces to the variance of the matched differences; it is used for both. The interval and
p-value are from the normal approximation. The estimator treats the propensity scores as known
(it does not add the uncertainty from fitting them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from wingman.evaluation.matching import MatchResult, SortedComparison

VARIANCE_METHOD = (
    "Abadie-Imbens (2006) variance for matching estimators, which accounts for controls "
    "reused across matches"
)
VARIANCE_NEIGHBOURS = 2

FloatArray = NDArray[np.float64]


@dataclass
class ATTEstimate:
    """The ATT, its standard error, 95% interval and p-value, and matched outcome rates."""

    estimate: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float
    mean_treated: float
    mean_comparison: float
    n_matched: int
    binary: bool


def conditional_variance(
    y_c: FloatArray, rows: NDArray[np.int64], sorted_c: SortedComparison, neighbours: int
) -> FloatArray:
    """Estimate the outcome variance for the given comparison rows by matching within the group.

    Each row is matched to its ``neighbours`` nearest other comparison rows on the logit (same
    tie rule as the main matching).
    """
    if len(rows) == 0:
        return np.zeros(0)
    found, _ = sorted_c.nearest(sorted_c.values_raw[rows], neighbours + 1)
    usable = (found >= 0) & (found != rows[:, None])
    usable &= np.cumsum(usable, axis=1) <= neighbours
    count = usable.sum(axis=1)
    values = np.where(usable, y_c[np.maximum(found, 0)], 0.0)
    mean = values.sum(axis=1) / np.maximum(count, 1)
    resid = y_c[rows] - mean
    return np.where(count > 0, count / (count + 1.0) * resid**2, 0.0)


def estimate_att(
    y_t: FloatArray,
    y_c: FloatArray,
    matches: MatchResult,
    sorted_c: SortedComparison,
    *,
    neighbours: int = VARIANCE_NEIGHBOURS,
    level: float = 0.95,
) -> ATTEstimate:
    """Estimate the ATT from matches; ``y_t`` and ``y_c`` are the outcomes of each group."""
    matched = matches.matched_treated
    n = len(matched)
    binary = bool(np.all((y_t == 0) | (y_t == 1)) and np.all((y_c == 0) | (y_c == 1)))
    if n == 0:
        nan = float("nan")
        return ATTEstimate(nan, nan, nan, nan, nan, nan, nan, 0, binary)
    per_pair = y_c[matches.pair_control] * matches.pair_weight
    size = len(y_t)
    control_mean = np.bincount(matches.pair_treated, weights=per_pair, minlength=size)[matched]
    diffs = y_t[matched] - control_mean
    att = float(diffs.mean())
    treated_term = float(((diffs - att) ** 2).sum())

    rows, inverse = np.unique(matches.pair_control, return_inverse=True)
    k = np.bincount(inverse, weights=matches.pair_weight)
    k_sq = np.bincount(inverse, weights=matches.pair_weight**2)
    coef = k**2 - k_sq
    reused = coef > 1e-12
    sigma2 = conditional_variance(y_c, rows[reused], sorted_c, neighbours)
    control_term = float(coef[reused] @ sigma2)
    variance = (treated_term + control_term) / n**2
    se = float(np.sqrt(variance))
    z = NormalDist().inv_cdf(0.5 + level / 2.0)
    # With no variance at all, the p-value is 1 for a zero difference and 0 otherwise.
    # Two-sided: 2 * (1 - Phi(|z|)) = erfc(|z| / sqrt 2), exact far into the tail.
    p_value = math.erfc(abs(att) / se / math.sqrt(2.0)) if se > 0 else 1.0 - float(att != 0)
    return ATTEstimate(
        estimate=att,
        std_error=se,
        ci_low=att - z * se,
        ci_high=att + z * se,
        p_value=p_value,
        mean_treated=float(y_t[matched].mean()),
        mean_comparison=float(control_mean.mean()),
        n_matched=n,
        binary=binary,
    )
