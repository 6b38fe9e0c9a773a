"""Impact evaluation: the effect of the service on the people who got it.

``evaluate`` estimates the average treatment effect on the treated (ATT) from one table holding
treated and comparison rows, the way the Ministry of Justice's Justice Data Lab does it:
propensity score matching.

1. A logistic regression gives each person's propensity score, the modelled chance of getting
   the service given the covariates (``propensity``).
2. Each treated person is matched to the nearest comparison people on the logit of that score,
   within a caliper, after dropping treated people outside the comparison group's range
   (``matching``).
3. A balance table shows whether matching made the groups alike (``balance``).
4. The ATT is the matched difference in outcomes, with a 95% interval from the Abadie-Imbens
   (2006) variance for matching estimators (``estimate``).

The result says plainly when the numbers cannot carry a conclusion: too few matched treated
people, poor balance after matching, or too little overlap between the groups.

This package does not use Django; it needs only numpy and scipy, and pandas to take a DataFrame
(it is imported only when one is passed in, so the command line starts quickly).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

from wingman.evaluation import numbers
from wingman.evaluation.balance import (
    CHANCE_Z,
    SMD_REFUSAL,
    SMD_THRESHOLD,
    VARIANCE_RATIO_RANGE,
    balance_table,
    refusal_threshold,
)
from wingman.evaluation.errors import EvaluationInputError
from wingman.evaluation.estimate import VARIANCE_METHOD, VARIANCE_NEIGHBOURS, estimate_att
from wingman.evaluation.matching import SortedComparison, match
from wingman.evaluation.numbers import MINUS, share
from wingman.evaluation.propensity import fit_propensity, summarise_columns
from wingman.evaluation.result import EvaluationResult

__all__ = [
    "MAX_UNMATCHED_SHARE",
    "MIN_MATCHED_TREATED",
    "EvaluationInputError",
    "EvaluationResult",
    "evaluate",
]

# Fewer matched treated people than this and no conclusion is drawn.
MIN_MATCHED_TREATED = 30
# If more than this share of treated people is left out (common support or caliper), the
# groups overlap too little for a conclusion.
MAX_UNMATCHED_SHARE = 0.10
DEFAULT_OUTCOME_LABEL = "had the outcome"
# Logits are rounded to multiples of this before matching (``on_grid``).
LOGIT_GRID = 1e-8

FloatArray = NDArray[np.float64]

if TYPE_CHECKING:
    import pandas as pd

type Data = pd.DataFrame | Mapping[str, Any]


def _is_pandas(value: object, kind: str) -> bool:
    """Whether ``value`` is a pandas ``kind`` (Series or DataFrame), without importing pandas:
    if pandas has not been imported, nothing can be one."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(value, getattr(pandas, kind))


def _first_row(mask: NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask)[0])


def _numeric_column(data: Data, name: str, n_rows: int) -> NDArray[np.float64]:
    """Return a column as float64, or raise naming the first row that is missing or not a number."""
    if name not in data:
        raise EvaluationInputError("column not found in the data", column=name)
    raw = data[name]
    plain = raw.to_numpy() if _is_pandas(raw, "Series") else raw
    if isinstance(plain, np.ndarray) and plain.dtype.kind in "fiub" and plain.ndim == 1:
        # Fast path for numeric arrays (a float column is used without copying). A sum is
        # finite only if every value is, so one pass finds any missing or infinite value.
        fast = np.asarray(plain, dtype=np.float64)
        if len(fast) == n_rows and np.isfinite(np.add.reduce(fast)):
            return fast
    import pandas as pd

    series = raw if isinstance(raw, pd.Series) else pd.Series(np.asarray(raw))
    if len(series) != n_rows:
        raise EvaluationInputError(
            f"has {len(series)} values but other columns have {n_rows}", column=name
        )
    if series.dtype == bool:
        series = series.astype(np.float64)
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        not_number = np.zeros(n_rows, dtype=bool)
    else:
        coerced = pd.to_numeric(series, errors="coerce")
        values = coerced.to_numpy(dtype=np.float64, na_value=np.nan)
        not_number = (np.isnan(values) & series.notna().to_numpy()).astype(bool)
    missing = np.isnan(values) & ~not_number
    infinite = np.isinf(values)
    problem = not_number | missing | infinite
    if problem.any():
        row = _first_row(problem)
        shown = series.iloc[row]
        if missing[row]:
            raise EvaluationInputError("missing value", column=name, row=row)
        if infinite[row]:
            raise EvaluationInputError(
                f"value '{shown}' is not a finite number", column=name, row=row
            )
        raise EvaluationInputError(f"value '{shown}' is not a number", column=name, row=row)
    return np.ascontiguousarray(values)


def _check_settings(ratio: int, caliper: float | None) -> None:
    if isinstance(ratio, bool) or not isinstance(ratio, int | np.integer):
        raise EvaluationInputError(f"ratio must be a whole number, not {ratio!r}")
    if ratio < 1:
        raise EvaluationInputError(f"ratio must be at least 1, not {ratio}")
    if caliper is not None and not (np.isfinite(caliper) and caliper > 0):
        raise EvaluationInputError(f"caliper must be greater than 0, not {caliper}")


def _rows_in(data: Data) -> int:
    if _is_pandas(data, "DataFrame"):
        return len(data.index)  # type: ignore[union-attr]
    if not isinstance(data, Mapping) or not data:
        raise EvaluationInputError("data must be a pandas DataFrame or a dict of columns")
    return len(next(iter(data.values())))


def _smd_text(value: float) -> str:
    return f"{value:+.2f}".replace("-", MINUS)


def _whole(rate: float) -> int:
    """Round a rate to a whole number per 100, halves up."""
    return int(np.floor(100.0 * rate + 0.5))


def _format_difference(value: float, binary: bool) -> str:
    if binary:
        return f"{numbers.points(value)} percentage points"
    return numbers.signed(value)


def _conclusion(est: Any, binary: bool) -> str:
    noun = "rate of the outcome" if binary else "average outcome"
    diff = _format_difference(est.estimate, binary)
    span = numbers.interval(est.ci_low, est.ci_high, in_points=binary)
    unit = " percentage points" if binary else ""
    detail = f"difference {diff}, 95% interval {span}{unit}, {numbers.p_value(est.p_value)}"
    if est.p_value < 0.05:
        direction = "lower" if est.estimate < 0 else "higher"
        return (
            f"The matched comparison suggests that people who got the service had a {direction} "
            f"{noun} than similar people who did not ({detail}). The difference is "
            "statistically significant at the 5% level."
        )
    return (
        "The matched comparison found no statistically significant difference at the 5% level "
        f"between people who got the service and similar people who did not ({detail}). This "
        "does not show that the service had no effect: the interval gives the range of effects "
        "the data are consistent with."
    )


def evaluate(
    data: Data,
    *,
    treatment: str,
    outcome: str,
    covariates: Sequence[str],
    ratio: int = 1,
    replace: bool = True,
    caliper: float | None = 0.2,
    outcome_label: str = DEFAULT_OUTCOME_LABEL,
    progress: Callable[[str], None] | None = None,
) -> EvaluationResult:
    """Estimate the effect of the service on the treated by propensity score matching.

    ``data`` is a pandas DataFrame or a dict of equal-length arrays. ``treatment`` names a 0/1
    column (1 = got the service), ``outcome`` a numeric column and ``covariates`` the columns
    the groups are matched on. Each treated person is matched to ``ratio`` comparison people,
    ``replace`` says whether a comparison person may be used more than once, and ``caliper``
    is the widest allowed match in standard deviations of the logit of the propensity score
    (the pooled SD, sqrt((s_t^2 + s_c^2) / 2), as recommended by Austin, 2011); None means no
    caliper. ``outcome_label`` completes the sentence "for every 100 people ..., N ___" for a
    0/1 outcome. ``progress``, if given, is called with a short message at each stage.

    Raises ``EvaluationInputError`` for data or settings that cannot be used.
    """
    _check_settings(ratio, caliper)
    covariates = list(covariates)
    if not covariates:
        raise EvaluationInputError("at least one covariate is needed")
    seen: set[str] = set()
    for name in covariates:
        if name in seen:
            raise EvaluationInputError("listed twice as a covariate", column=name)
        seen.add(name)
    for role, name in (("treatment", treatment), ("outcome", outcome)):
        if name in seen:
            raise EvaluationInputError(f"is the {role} and cannot also be a covariate", column=name)
    if treatment == outcome:
        raise EvaluationInputError("is given as both the treatment and the outcome", column=outcome)
    n_rows = _rows_in(data)
    for name in [treatment, outcome, *covariates]:
        if name not in data:
            raise EvaluationInputError("column not found in the data", column=name)
    if n_rows == 0:
        raise EvaluationInputError("the data have no rows")

    treat_values = _numeric_column(data, treatment, n_rows)
    not_binary = (treat_values != 0.0) & (treat_values != 1.0)
    if not_binary.any():
        row = _first_row(not_binary)
        raise EvaluationInputError(
            f"value '{treat_values[row]:g}' is not 0 or 1 (1 = got the service)",
            column=treatment,
            row=row,
        )
    treated = treat_values == 1.0
    n_treated = int(treated.sum())
    n_comparison = n_rows - n_treated
    if n_treated == 0:
        raise EvaluationInputError("no treated rows (value 1)", column=treatment)
    if n_comparison == 0:
        raise EvaluationInputError("no comparison rows (value 0)", column=treatment)
    y = _numeric_column(data, outcome, n_rows)
    columns = [_numeric_column(data, name, n_rows) for name in covariates]

    with threadpool_limits(limits=1, user_api="blas"):
        return _analyse(
            treated=treated,
            y=y,
            columns=columns,
            covariates=covariates,
            ratio=int(ratio),
            replace=replace,
            caliper=caliper,
            outcome_label=outcome_label,
            say=progress or (lambda _message: None),
        )


def on_grid(logits: FloatArray) -> FloatArray:
    """Round logits to a fixed grid of ``LOGIT_GRID``, far coarser than rounding noise.

    Two machines, or one machine with another number of BLAS threads, can add up the same
    numbers in another order and so give logits that differ in the last bits. On the grid they
    are the same, so matching, which compares distances exactly and breaks ties by data order,
    makes the same matches everywhere. Infinite logits (rows set aside by separation) stay so.
    """
    with np.errstate(invalid="ignore"):
        return np.round(logits / LOGIT_GRID) * LOGIT_GRID


def _caliper_sd(logit_t: FloatArray, logit_c: FloatArray) -> float:
    """The pooled SD of the logit, sqrt((s_t^2 + s_c^2) / 2), over the region both groups
    reach: treated within the comparison range and comparison within the treated range, so a
    far-away pool does not widen the caliper."""
    if not len(logit_t) or not len(logit_c):
        return 0.0
    low = max(float(logit_t.min()), float(logit_c.min()))
    high = min(float(logit_t.max()), float(logit_c.max()))
    inside_t = logit_t[(logit_t >= low) & (logit_t <= high)]
    inside_c = logit_c[(logit_c >= low) & (logit_c <= high)]
    var_t = float(inside_t.var(ddof=1)) if len(inside_t) > 1 else 0.0
    var_c = float(inside_c.var(ddof=1)) if len(inside_c) > 1 else 0.0
    return float(np.sqrt((var_t + var_c) / 2.0))


SEPARATION_SENTENCES = {
    "comparison_side": (
        "{n_c} comparison people can be told apart from everyone who got the service (using: "
        "{names}): their propensity scores are 0. This does not harm the effect on the "
        "treated: those people are simply unlike anyone who got the service (off support), "
        "and the model was fitted without them."
    ),
    "treated_side": (
        "{n_t} of {n_treated} people who got the service can be told apart from everyone in "
        "the comparison group (using: {names}): their propensity scores are 1, so nobody in "
        "the comparison group is like them. They are left out (counted as outside common "
        "support) and the effect describes the others only."
    ),
    "complete": (
        "The people who got the service can be told apart from the comparison group "
        "perfectly (using: {names}): the two groups do not overlap at all, so nobody who got "
        "the service has a comparable person who did not. There is no estimate and no "
        "conclusion."
    ),
}


def _analyse(
    *,
    treated: NDArray[np.bool_],
    y: FloatArray,
    columns: list[FloatArray],
    covariates: list[str],
    ratio: int,
    replace: bool,
    caliper: float | None,
    outcome_label: str,
    say: Callable[[str], None],
) -> EvaluationResult:
    n_treated = int(treated.sum())
    n_comparison = len(treated) - n_treated
    warnings: list[str] = []

    say("fitting propensity model...")
    summary = summarise_columns(columns)
    fit = fit_propensity(columns, treated, covariates, summary=summary)
    warnings.extend(fit.warnings)
    if fit.separation != "none":
        names = ", ".join(fit.separating_covariates) or "a combination of the covariates"
        warnings.append(
            SEPARATION_SENTENCES[fit.separation].format(
                n_c=f"{fit.diagnostics['separated_comparison']:,}",
                n_t=f"{fit.diagnostics['separated_treated']:,}",
                n_treated=f"{n_treated:,}",
                names=names,
            )
        )
    logits = on_grid(fit.logits)
    # Rows whose scores are exactly 0 or 1 take no part in matching: treated ones have no
    # comparable people (counted as outside common support), comparison ones are like nobody.
    usable = ~fit.separated
    idx_t = np.flatnonzero(treated & usable)
    idx_c = np.flatnonzero(~treated & usable)
    n_set_aside = n_treated - len(idx_t)
    logit_t = logits[idx_t]
    logit_c = logits[idx_c]

    say("matching...")
    logit_sd = _caliper_sd(logit_t, logit_c)
    caliper_width = None if caliper is None else float(caliper) * logit_sd
    sorted_c = SortedComparison(logit_c)
    matches = match(
        logit_t,
        logit_c,
        ratio=ratio,
        replace=replace,
        caliper_width=caliper_width,
        comparison=sorted_c,
    )
    n_matched = len(matches.matched_treated)
    n_outside_support = matches.n_outside_support + n_set_aside

    say("balance...")
    balance = balance_table(
        columns,
        covariates,
        treated,
        idx_t[matches.matched_treated],
        idx_c[matches.control_rows],
        matches.control_weight,
        summary=summary,
    )

    say("interval...")
    est = estimate_att(y[idx_t], y[idx_c], matches, sorted_c)

    refuse = False
    if fit.separation == "complete":
        refuse = True
    elif not fit.converged:
        refuse = True
        warnings.append(
            "The propensity model did not converge: its scores, and the matches made on them, "
            "cannot be relied on. No conclusion is drawn."
        )
    if matches.n_outside_support:
        warnings.append(
            f"{matches.n_outside_support:,} of {n_treated:,} treated people "
            f"({share(matches.n_outside_support, n_treated)}) had a propensity score outside "
            "the range of the comparison group and were left out (common support)."
        )
    if matches.n_no_match:
        reason = (
            f"within the caliper ({caliper_width:.3f} on the logit scale)"
            if caliper_width is not None
            else "still available (every comparison person had been used)"
        )
        warnings.append(
            f"{matches.n_no_match:,} of {n_treated:,} treated people "
            f"({share(matches.n_no_match, n_treated)}) had no comparison person {reason} and "
            "were left out."
        )
    unmatched = n_treated - n_matched
    # With no overlap at all the separation warning has said everything these would.
    if fit.separation != "complete":
        if unmatched > MAX_UNMATCHED_SHARE * n_treated:
            refuse = True
            warnings.append(
                f"{share(unmatched, n_treated, beside=MAX_UNMATCHED_SHARE)} of treated people "
                f"could not be matched (more than {MAX_UNMATCHED_SHARE:.0%}): the groups "
                "overlap too little, and the estimate describes only the people who were "
                "matched. No conclusion is drawn."
            )
        if n_matched == 0:
            refuse = True
            warnings.append("No treated person could be matched, so there is no estimate.")
        elif n_matched < MIN_MATCHED_TREATED:
            refuse = True
            warnings.append(
                f"Only {n_matched} treated people were matched; at least {MIN_MATCHED_TREATED} "
                "are needed before drawing a conclusion. No conclusion is drawn."
            )
    limit = refusal_threshold(n_matched, matches.control_weight)
    flagged = [row for row in balance if row.imbalanced]
    poor = [row for row in flagged if not abs(row.smd_after) <= limit]
    if n_matched and poor:
        refuse = True
        listed = ", ".join(f"{row.covariate} (SMD {_smd_text(row.smd_after)})" for row in poor)
        warnings.append(
            f"After matching the groups still differ on: {listed}. That is more than "
            f"{limit:.2f} in size (the larger of {SMD_REFUSAL} and what chance alone rarely "
            "gives at these numbers), so like is not being compared with like. No conclusion "
            "is drawn."
        )
    mild = [row for row in flagged if row not in poor]
    if n_matched and mild:
        listed = ", ".join(f"{row.covariate} (SMD {_smd_text(row.smd_after)})" for row in mild)
        warnings.append(
            f"After matching the groups differ a little on: {listed} (a standardised mean "
            f"difference above {SMD_THRESHOLD} in size, but within what chance gives at these "
            "numbers). Read the balance table."
        )
    spread = [row for row in balance if row.variance_ratio_flagged]
    if n_matched and spread:
        low, high = VARIANCE_RATIO_RANGE
        listed = ", ".join(
            f"{row.covariate} ({row.variance_ratio_after:.2f})"
            for row in spread
            if row.variance_ratio_after is not None
        )
        warnings.append(
            f"After matching the spread of these covariates differs between the groups "
            f"(variance ratio outside {low:g} to {high:g}): {listed}."
        )

    rate_treated = rate_comparison = None
    statement = None
    if est.binary and n_matched:
        rate_treated = est.mean_treated
        rate_comparison = est.mean_comparison
        statement = (
            f"For every 100 people like these who got the service, {_whole(rate_treated)} "
            f"{outcome_label}; for every 100 similar people who did not, "
            f"{_whole(rate_comparison)}."
        )
    conclusion = None if refuse else _conclusion(est, est.binary)

    return EvaluationResult(
        estimate=est.estimate,
        ci_low=est.ci_low,
        ci_high=est.ci_high,
        p_value=est.p_value,
        std_error=est.std_error,
        n_treated=n_treated,
        n_treated_matched=n_matched,
        n_comparison=n_comparison,
        n_comparison_matched=len(matches.control_rows),
        n_outside_support=n_outside_support,
        n_no_match_within_caliper=matches.n_no_match,
        balance=[row.to_dict() for row in balance],
        warnings=warnings,
        parameters={
            "ratio": ratio,
            "replace": bool(replace),
            "caliper": caliper_width,
            "caliper_sd_units": None if caliper is None else float(caliper),
            "caliper_sd": (
                "pooled SD of the logit, sqrt((s_t^2 + s_c^2) / 2) (Austin, 2011), over the "
                "treated within the comparison group's range and the comparison people within "
                "the treated group's range"
            ),
            "logit_sd": logit_sd,
            "logit_grid": LOGIT_GRID,
            "propensity_method": (
                "logistic regression, intercept included, Newton-Raphson with step halving; "
                "separation by the linear-programming test of Konis (2007) when the fit does "
                "not converge; Firth's bias-reduced likelihood with the FLIC intercept if it "
                "does not converge without separation"
            ),
            "matching_method": (
                "nearest neighbour on the logit of the propensity score (rounded to the logit "
                "grid), "
                + (
                    "with replacement"
                    if replace
                    else "without replacement, greedy, treated in descending score order"
                )
                + "; ties by distance then data order; common support trimming"
            ),
            "balance_method": (
                "standardised mean difference, by the SD of the treated group before matching "
                "(the pooled SD if the treated all have one value), before and after; flagged "
                f"above {SMD_THRESHOLD}, no conclusion above {SMD_REFUSAL} or what chance "
                f"gives ({CHANCE_Z} standard errors at the matched sizes), whichever is "
                "larger; variance ratio treated over comparison for covariates with more than "
                f"two values, flagged outside {VARIANCE_RATIO_RANGE[0]:g} to "
                f"{VARIANCE_RATIO_RANGE[1]:g}"
            ),
            "smd_warning": SMD_THRESHOLD,
            "smd_refusal": limit,
            "variance_method": VARIANCE_METHOD,
            "variance_neighbours": VARIANCE_NEIGHBOURS,
            "min_matched_treated": MIN_MATCHED_TREATED,
            "max_unmatched_share": MAX_UNMATCHED_SHARE,
            "outcome_label": outcome_label,
        },
        rate_treated=rate_treated,
        rate_comparison=rate_comparison,
        statement=statement,
        conclusion=conclusion,
        variance_method=VARIANCE_METHOD,
        propensity={
            "intercept": fit.intercept,
            "coefficients": fit.coefficients,
            "covariates_used": fit.covariates_used,
            "covariates_dropped": fit.covariates_dropped,
            "converged": fit.converged,
            "iterations": fit.iterations,
            "separation": fit.separation,
            "separating_covariates": fit.separating_covariates,
            "penalty": fit.penalty,
            "diagnostics": fit.diagnostics,
        },
    )
