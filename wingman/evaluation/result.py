"""The result of an evaluation, ready to print or to turn into JSON."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Significant digits a float keeps in the result. A CPU's BLAS kernel (chosen when the library
# loads, and changed by variables such as OPENBLAS_CORETYPE) can add the same numbers in another
# order and move the last bits of a fitted coefficient; ten digits are far more than any
# reading of the result needs and far fewer than that noise reaches, so the result is the same
# file on every machine.
DIGITS = 10


def plain(value: Any) -> Any:
    """Turn numpy values into plain Python ones (floats to `DIGITS` significant digits), and NaN
    or infinity into None, recursively."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return float(f"{number:.{DIGITS}g}") if math.isfinite(number) else None
    return value


@dataclass
class EvaluationResult:
    """Everything an evaluation found.

    ``estimate`` is the average treatment effect on the treated (matched treated mean outcome
    minus the weighted mean outcome of their matches), with a 95% interval ``ci_low`` to
    ``ci_high`` and a two-sided ``p_value``. ``conclusion`` is None when the numbers cannot
    carry one; ``warnings`` say why.
    """

    estimate: float
    ci_low: float
    ci_high: float
    p_value: float
    std_error: float
    n_treated: int
    n_treated_matched: int
    n_comparison: int
    n_comparison_matched: int
    n_outside_support: int
    n_no_match_within_caliper: int
    balance: list[dict[str, Any]]
    warnings: list[str]
    parameters: dict[str, Any]
    rate_treated: float | None
    rate_comparison: float | None
    statement: str | None
    conclusion: str | None
    variance_method: str
    propensity: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready values (plain floats; NaN becomes None)."""
        return plain(
            {
                "estimate": self.estimate,
                "ci_low": self.ci_low,
                "ci_high": self.ci_high,
                "p_value": self.p_value,
                "std_error": self.std_error,
                "n_treated": self.n_treated,
                "n_treated_matched": self.n_treated_matched,
                "n_comparison": self.n_comparison,
                "n_comparison_matched": self.n_comparison_matched,
                "n_outside_support": self.n_outside_support,
                "n_no_match_within_caliper": self.n_no_match_within_caliper,
                "rate_treated": self.rate_treated,
                "rate_comparison": self.rate_comparison,
                "statement": self.statement,
                "conclusion": self.conclusion,
                "variance_method": self.variance_method,
                "warnings": list(self.warnings),
                "parameters": dict(self.parameters),
                "propensity": dict(self.propensity),
                "balance": list(self.balance),
            }
        )
