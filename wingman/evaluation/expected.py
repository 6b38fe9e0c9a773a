"""Expected versus observed: a cohort's reoffending rate set against the rate a predictor expects.

For when no comparison group exists. Each person brings an expected probability of proven
reoffending (for example OGRS3's 1-year ``p1``, see ``wingman.evaluation.ogrs3``) and their
observed outcome (1 = a proven reoffence, 0 = none, by the Ministry of Justice definition). The
cohort's expected rate is the mean of the probabilities; its observed rate is the share who
reoffended.

The statistics:

- **Observed rate**: with a 95% Wilson score interval.
- **Expected rate**: with the range within which the observed rate would fall 95% of the time if
  the expected probabilities were exactly right, that is, if the service made no difference.
  The observed count is then a sum of independent Bernoulli trials with different
  probabilities (a Poisson-binomial distribution, variance ``sum p(1-p)``). Its exact
  distribution is computed by recursive convolution up to ``exact_max_n`` people (10,000 by
  default); above that a normal approximation with continuity correction is used, and the
  result says so in ``method``.
- **Difference** observed - expected, with a 95% interval: the observed rate's Wilson interval
  shifted by the expected rate. The expected rate is treated as a known constant: the
  uncertainty in the predictor's coefficients and in how well it fits this cohort is not in the
  interval (it cannot be measured from the cohort). The binomial variance behind Wilson is never
  smaller than the Poisson-binomial one, so the interval errs on the wide side.
- **p-value**: two-sided, exact Poisson-binomial (twice the smaller tail, capped at 1) for the
  observed count under the null that the expected probabilities are right.
- **Ratio** observed / expected, with the Wilson interval divided by the expected rate.

This is a weaker design than a matched comparison, and the result says so in plain words.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

from wingman.evaluation.reoffending import add_months

__all__ = [
    "DESIGN_NOTE",
    "FOLLOW_UP_MONTHS",
    "MINIMUM_COHORT",
    "ExpectedVersusObserved",
    "expected_versus_observed",
    "final_on",
    "is_final",
    "poisson_binomial_pmf",
    "wilson_interval",
]

#: Proven reoffending: 12 months of follow-up plus a 6-month waiting period for convictions.
FOLLOW_UP_MONTHS = 18
#: Below this many people the figures are shown with a warning.
MINIMUM_COHORT = 30
EXACT_MAX_N = 10_000

DESIGN_NOTE = (
    "This compares the cohort with what a prediction expects, not with a group of similar "
    "people who did not get the service. OGRS3 was built on people sentenced in England and "
    "Wales in 2002–2004; if the cohort differs from them in ways the score does not see, the "
    "expected rate is off by an unknown amount; this is not a controlled comparison. It is a "
    "weaker design than a matched comparison group."
)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion."""
    if n <= 0:
        raise ValueError("n must be at least 1.")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n ({n}), not {successes}.")
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    phat = successes / n
    z2 = z * z
    centre = (phat + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(phat * (1 - phat) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def poisson_binomial_pmf(probabilities: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """P(K = k) for k = 0..n, K the number of successes in independent Bernoulli(p_i) trials.

    Exact recursive convolution, O(n^2) arithmetic (about 0.2 s for n = 10,000); every term is
    a sum of non-negative products, so it does not lose precision the way the DFT method can in
    the far tails.
    """
    p = np.asarray(probabilities, dtype=float).ravel()
    if np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError("probabilities must lie between 0 and 1.")
    pmf = np.zeros(p.shape[0] + 1)
    pmf[0] = 1.0
    for i, pi in enumerate(p):
        # pmf[0..i] holds the distribution after i trials; extend it by one trial, in place.
        pmf[1 : i + 2] = pmf[1 : i + 2] * (1 - pi) + pmf[0 : i + 1] * pi
        pmf[0] *= 1 - pi
    return pmf


def final_on(last_start: date) -> date:
    """The date a cohort's proven reoffending figure becomes final: 18 months after the last
    member's start date (12 months' follow-up and a 6-month wait for convictions)."""
    return add_months(last_start, FOLLOW_UP_MONTHS)


def is_final(last_start: date, today: date) -> bool:
    return today >= final_on(last_start)


@dataclass(frozen=True)
class ExpectedVersusObserved:
    n: int
    observed_count: int
    expected_count: float
    observed_rate: float
    observed_ci_low: float
    observed_ci_high: float
    expected_rate: float
    #: The range the observed rate would fall in 95% of the time if the service made no
    #: difference (if the expected probabilities were right).
    expected_ci_low: float
    expected_ci_high: float
    difference: float
    difference_ci_low: float
    difference_ci_high: float
    ratio: float
    ratio_ci_low: float
    ratio_ci_high: float
    p_value: float
    confidence: float
    #: "exact Poisson-binomial" or "normal approximation (n > ...)".
    method: str
    follow_up_complete: bool | None
    design_note: str = DESIGN_NOTE
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check(
    probabilities: npt.ArrayLike, outcomes: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], list[str]]:
    try:
        p = np.asarray(probabilities, dtype=float)
        y_raw = np.asarray(outcomes, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError("probabilities and outcomes must be numbers.") from error
    if p.ndim != 1 or y_raw.ndim != 1:
        raise ValueError("probabilities and outcomes must be one-dimensional.")
    if p.shape[0] != y_raw.shape[0]:
        raise ValueError(
            f"{p.shape[0]} probabilities but {y_raw.shape[0]} outcomes; "
            "need one of each per person."
        )
    if p.shape[0] == 0:
        raise ValueError("The cohort is empty.")
    if np.any(~np.isfinite(p)):
        raise ValueError("Some expected probabilities are missing or not finite.")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("Expected probabilities must lie between 0 and 1.")
    if np.any(~np.isin(y_raw, (0.0, 1.0))):
        raise ValueError("Outcomes must be 0 (no proven reoffence) or 1 (proven reoffence).")
    warnings: list[str] = []
    edge = int(np.count_nonzero((p == 0) | (p == 1)))
    if edge:
        warnings.append(
            f"{edge} expected probabilit{'y is' if edge == 1 else 'ies are'} exactly 0 or 1, "
            "outside (0, 1); a predictor like OGRS3 never gives these, so check the inputs."
        )
    return p, y_raw.astype(np.int64), warnings


def expected_versus_observed(
    probabilities: npt.ArrayLike,
    outcomes: npt.ArrayLike,
    *,
    follow_up_complete: bool | None = None,
    confidence: float = 0.95,
    exact_max_n: int = EXACT_MAX_N,
) -> ExpectedVersusObserved:
    """Compare a cohort's observed reoffending rate with the rate its probabilities expect.

    ``probabilities``: each person's expected probability of proven reoffending (e.g. OGRS3
    ``p1`` for the 1-year rate). ``outcomes``: each person's observed 0/1 outcome over the same
    follow-up. ``follow_up_complete``: whether 18 months have passed since the last member's
    start date (see :func:`final_on`); if not, or not stated, the figure is flagged provisional.
    """
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1.")
    p, y, warnings = _check(probabilities, outcomes)
    n = int(p.shape[0])
    observed = int(y.sum())
    expected_count = float(p.sum())
    expected_rate = expected_count / n
    observed_rate = observed / n
    alpha = 1 - confidence

    if n < MINIMUM_COHORT:
        warnings.append(
            f"Only {n} people (fewer than {MINIMUM_COHORT}): the figures are too uncertain to "
            "support a conclusion."
        )
    if follow_up_complete is False:
        warnings.append(
            "Follow-up is not complete: proven reoffending needs 12 months of follow-up and a "
            "further 6 months for convictions, so the figure is final only 18 months after the "
            "last member's start date. This figure is provisional and will likely rise."
        )
    elif follow_up_complete is None:
        warnings.append(
            "Not stated whether follow-up is complete (18 months after the last member's start "
            "date); treat the figure as provisional until it is."
        )

    if n <= exact_max_n:
        method = "exact Poisson-binomial"
        pmf = poisson_binomial_pmf(p)
        cdf = np.cumsum(pmf)
        # Smallest k with P(K <= k) >= alpha/2, and with P(K >= k) >= alpha/2.
        k_low = int(np.searchsorted(cdf, alpha / 2 - 1e-12, side="left"))
        survival = np.cumsum(pmf[::-1])[::-1]  # survival[k] = P(K >= k)
        k_high = int(np.flatnonzero(survival >= alpha / 2 - 1e-12)[-1])
        lower_tail = float(cdf[observed])
        upper_tail = float(survival[observed])
        p_value = min(1.0, 2 * min(lower_tail, upper_tail))
        expected_low, expected_high = k_low / n, k_high / n
    else:
        method = f"normal approximation (n > {exact_max_n})"
        sd = math.sqrt(float(np.sum(p * (1 - p))))
        z = float(stats.norm.ppf(1 - alpha / 2))
        expected_low = max(0.0, expected_rate - z * sd / n)
        expected_high = min(1.0, expected_rate + z * sd / n)
        if sd == 0:
            p_value = 1.0 if observed == round(expected_count) else 0.0
        else:
            distance = max(abs(observed - expected_count) - 0.5, 0.0)
            p_value = min(1.0, float(2 * stats.norm.sf(distance / sd)))

    low, high = wilson_interval(observed, n, confidence)
    if expected_rate > 0:
        ratio, ratio_low, ratio_high = (
            observed_rate / expected_rate,
            low / expected_rate,
            high / expected_rate,
        )
    else:
        ratio = ratio_low = ratio_high = math.nan
    return ExpectedVersusObserved(
        n=n,
        observed_count=observed,
        expected_count=expected_count,
        observed_rate=observed_rate,
        observed_ci_low=low,
        observed_ci_high=high,
        expected_rate=expected_rate,
        expected_ci_low=expected_low,
        expected_ci_high=expected_high,
        difference=observed_rate - expected_rate,
        difference_ci_low=low - expected_rate,
        difference_ci_high=high - expected_rate,
        ratio=ratio,
        ratio_ci_low=ratio_low,
        ratio_ci_high=ratio_high,
        p_value=p_value,
        confidence=confidence,
        method=method,
        follow_up_complete=follow_up_complete,
        warnings=warnings,
    )
