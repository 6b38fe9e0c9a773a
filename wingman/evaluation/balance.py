"""The balance table: how alike the two groups are on each covariate, before and after matching.

Each covariate gets a standardised mean difference (SMD): the difference in means (treated
minus comparison) divided by the pooled standard deviation of the unmatched groups,
sqrt((s_t^2 + s_c^2) / 2), with sample standard deviations (n - 1 denominator). The same
denominator is used after matching, so the two figures can be compared directly.

Before matching the groups are all treated rows and all comparison rows. After matching they
are the matched treated rows (each counted once) and their matches, each comparison row
weighted by the sum of its match weights. An absolute SMD above ``SMD_THRESHOLD`` after
matching is flagged as poor balance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wingman.evaluation.propensity import ColumnSummary, summarise_columns

SMD_THRESHOLD = 0.1

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
        }


def _smd(diff: float, denominator: float) -> float:
    if denominator > 0:
        return diff / denominator
    if diff == 0 or np.isnan(diff):
        return 0.0 if diff == 0 else float("nan")
    return float(np.copysign(np.inf, diff))


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
        denominator = float(np.sqrt((var_t + var_c) / 2.0))
        if len(matched_treated) and weight_sum > 0:
            after_t = float(col[matched_treated].mean())
            after_c = float(col[matched_control] @ weight / weight_sum)
        else:
            after_t = after_c = float("nan")
        smd_before = _smd(mean_t - mean_c, denominator)
        smd_after = _smd(after_t - after_c, denominator)
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
            )
        )
    return rows
