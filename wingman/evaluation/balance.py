"""The balance table: how alike the two groups are on each covariate, before and after matching.

Each covariate gets a standardised mean difference (SMD): the difference in means (treated
minus comparison) divided by the standard deviation of the treated group before matching (n - 1
denominator). That is the convention of MatchIt and cobalt for the effect on the treated: the
treated are the population the effect is about, and a comparison pool that is large and far
away does not stretch the yardstick. Where the treated all have the same value the pooled SD of
the unmatched groups, sqrt((s_t^2 + s_c^2) / 2), is used instead. The same denominator is used
after matching, so the two figures can be compared directly.

Each covariate with more than two values also gets a variance ratio, treated over comparison,
before and after matching; a ratio outside ``VARIANCE_RATIO_RANGE`` is flagged (Rubin, 2001).

Before matching the groups are all treated rows and all comparison rows. After matching they
are the matched treated rows (each counted once) and their matches, each comparison row
weighted by the sum of its match weights. An absolute SMD above ``SMD_THRESHOLD`` after
matching is flagged; whether it stops a conclusion is decided by the caller
(``refusal_threshold``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wingman.evaluation.propensity import ColumnSummary, summarise_columns

SMD_THRESHOLD = 0.1
# A matched SMD this large in size stops a conclusion (Rubin, 2001; Stuart, 2010), or more at
# small samples, where chance alone gives larger differences (``refusal_threshold``).
SMD_REFUSAL = 0.25
# Chance imbalance: an SMD beyond this many standard errors of a difference in means between
# two random groups of the matched sizes has a chance of about 1 in 1,000.
CHANCE_Z = 3.29
VARIANCE_RATIO_RANGE = (0.5, 2.0)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass
class BalanceRow:
    """Balance on one covariate."""

    covariate: str
    mean_treated_before: float
    mean_comparison_before: float
    mean_treated_after: float
    mean_comparison_after: float
    smd_before: float
    smd_after: float
    imbalanced: bool
    variance_ratio_before: float | None = None
    variance_ratio_after: float | None = None
    variance_ratio_flagged: bool = False

    def to_dict(self) -> dict[str, object]:
        """Return the row as plain Python values."""
        return {
            "covariate": self.covariate,
            "smd_before": self.smd_before,
            "smd_after": self.smd_after,
            "mean_treated_before": self.mean_treated_before,
            "mean_comparison_before": self.mean_comparison_before,
            "mean_treated_after": self.mean_treated_after,
            "mean_comparison_after": self.mean_comparison_after,
            "imbalanced": self.imbalanced,
            "variance_ratio_before": self.variance_ratio_before,
            "variance_ratio_after": self.variance_ratio_after,
            "variance_ratio_flagged": self.variance_ratio_flagged,
        }


def _smd(diff: float, denominator: float) -> float:
    if denominator > 0:
        return diff / denominator
    if diff == 0 or np.isnan(diff):
        return 0.0 if diff == 0 else float("nan")
    return float(np.copysign(np.inf, diff))


def refusal_threshold(n_treated: int, control_weight: FloatArray) -> float:
    """The matched |SMD| above which no conclusion is drawn.

    ``SMD_REFUSAL``, or, if larger, what chance alone rarely exceeds between two random groups
    of the matched sizes: ``CHANCE_Z`` standard errors of a standardised difference in means,
    sqrt(1 / n_t + 1 / n_c), with n_c the effective size of the weighted matched comparison
    group (sum of weights squared over the sum of squared weights).
    """
    weight = np.asarray(control_weight, dtype=np.float64)
    if n_treated == 0 or not len(weight) or float(weight.sum()) <= 0:
        return SMD_REFUSAL
    effective = float(weight.sum()) ** 2 / float(weight @ weight)
    chance = CHANCE_Z * float(np.sqrt(1.0 / n_treated + 1.0 / effective))
    return max(SMD_REFUSAL, chance)


def _more_than_two_values(col: FloatArray) -> bool:
    """True unless the column holds at most two distinct values (a 0/1 flag, say)."""
    if not len(col):
        return False
    low, high = float(col.min()), float(col.max())
    head = col[:4096]
    if np.any((head != low) & (head != high)):
        return True
    return bool(np.any((col != low) & (col != high)))


def _ratio(top: float, bottom: float) -> float | None:
    if not (np.isfinite(top) and np.isfinite(bottom)) or bottom <= 0:
        return None
    return top / bottom


def balance_table(
    xt: FloatArray | Sequence[FloatArray],
    names: Sequence[str],
    treated: NDArray[np.bool_],
    matched_treated: IntArray,
    matched_control: IntArray,
    control_weight: FloatArray,
    *,
    summary: ColumnSummary | None = None,
) -> list[BalanceRow]:
    """Compute the balance table.

    ``xt`` holds one covariate per row (shape (p, n), or p arrays of length n); ``treated``
    marks the treated columns. ``matched_treated`` and ``matched_control`` are row numbers into
    the full data, and ``control_weight`` the weight of each matched comparison row.
    ``summary`` may pass in each covariate's mean and sum of squares over all rows.
    """
    t = np.asarray(treated, dtype=np.float64)
    n = len(t)
    n_t = float(t.sum())
    n_c = float(n - n_t)
    weight = np.asarray(control_weight, dtype=np.float64)
    weight_sum = float(weight.sum())
    rows: list[BalanceRow] = []
    treated_rows = np.flatnonzero(t)
    if summary is None:
        summary = summarise_columns(
            [np.asarray(xt[j], dtype=np.float64) for j in range(len(names))]
        )
    for j, name in enumerate(names):
        col = xt[j]
        mean_all = float(summary.mean[j])
        var_all_sum = float(summary.sum_squares[j])
        in_t = col[treated_rows]
        mean_t = float(in_t.mean()) if n_t else float("nan")
        ss_t = float(((in_t - mean_t) ** 2).sum()) if n_t else 0.0
        mean_c = (n * mean_all - n_t * mean_t) / n_c if n_c else float("nan")
        # Within-comparison sum of squares from the total, within-treated and between parts.
        ss_c = var_all_sum - ss_t - n_t * (mean_t - mean_all) ** 2 - n_c * (mean_c - mean_all) ** 2
        var_t = ss_t / (n_t - 1) if n_t > 1 else 0.0
        var_c = max(ss_c, 0.0) / (n_c - 1) if n_c > 1 else 0.0
        denominator = float(np.sqrt(var_t)) if var_t > 0 else float(np.sqrt((var_t + var_c) / 2))
        matched = len(matched_treated) > 0 and weight_sum > 0
        if matched:
            after_in_t = col[matched_treated]
            after_in_c = col[matched_control]
            after_t = float(after_in_t.mean())
            after_c = float(after_in_c @ weight / weight_sum)
        else:
            after_t = after_c = float("nan")
        smd_before = _smd(mean_t - mean_c, denominator)
        smd_after = _smd(after_t - after_c, denominator)
        ratio_before = ratio_after = None
        if _more_than_two_values(col):
            ratio_before = _ratio(var_t, var_c)
            if matched:
                spread_t = float(after_in_t.var())
                spread_c = float(((after_in_c - after_c) ** 2) @ weight / weight_sum)
                ratio_after = _ratio(spread_t, spread_c)
        low, high = VARIANCE_RATIO_RANGE
        rows.append(
            BalanceRow(
                covariate=name,
                mean_treated_before=mean_t,
                mean_comparison_before=mean_c,
                mean_treated_after=after_t,
                mean_comparison_after=after_c,
                smd_before=smd_before,
                smd_after=smd_after,
                imbalanced=bool(not np.isfinite(smd_after) or abs(smd_after) > SMD_THRESHOLD)
                if len(matched_treated)
                else False,
                variance_ratio_before=ratio_before,
                variance_ratio_after=ratio_after,
                variance_ratio_flagged=ratio_after is not None and not (low <= ratio_after <= high),
            )
        )
    return rows
