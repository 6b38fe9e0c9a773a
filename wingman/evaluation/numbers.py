"""Numbers written for people: the text report and the conclusion's sentences.

Thousands separators, a real minus sign (U+2212), a sign on effects, three significant figures
but never fewer digits than a number's whole part (1166.4 is "1,166", 0.0421 is "0.0421"), and
no scientific notation. JSON output keeps full precision and does not use these.
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = [
    "MINUS",
    "count",
    "interval",
    "number",
    "p_value",
    "percent",
    "points",
    "share",
    "signed",
]

MINUS = "\u2212"
NOT_AVAILABLE = "n/a"
SIGNIFICANT = 3
# Beyond this many decimals a share is shown as it rounds, whatever it is next to.
MAX_SHARE_DECIMALS = 6


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _magnitude(value: float, significant: int) -> str:
    """``abs(value)`` to ``significant`` figures (more if its whole part is longer), with commas."""
    size = abs(value)
    if size == 0:
        return "0"
    decimals = max(0, significant - 1 - math.floor(math.log10(size)))
    rounded = round(size, decimals)
    if rounded == 0:
        return "0"
    # Rounding may carry into a new digit (0.09996 to 0.1000); keep to the figures asked for.
    decimals = min(decimals, max(0, significant - 1 - math.floor(math.log10(rounded))))
    text = f"{size:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def number(value: float | None, significant: int = SIGNIFICANT) -> str:
    """A number as people read it: ``-1234.5`` is "\u22121,234"; "n/a" when there is none."""
    if not _finite(value):
        return NOT_AVAILABLE
    assert value is not None
    text = _magnitude(value, significant)
    return f"{MINUS}{text}" if value < 0 and text != "0" else text


def signed(value: float | None, significant: int = SIGNIFICANT) -> str:
    """A difference, always with its sign: "+1,166", "\u2212621"; zero is "0"."""
    text = number(value, significant)
    if text in (NOT_AVAILABLE, "0") or text.startswith(MINUS):
        return text
    return f"+{text}"


def points(difference: float | None) -> str:
    """A difference between two rates (shares of 1) in percentage points: "+4.2", "\u22121.0"."""
    if not _finite(difference):
        return NOT_AVAILABLE
    assert difference is not None
    text = f"{abs(100.0 * difference):,.1f}"
    if text == "0.0":
        return text
    return f"{MINUS if difference < 0 else '+'}{text}"


def interval(low: float | None, high: float | None, *, in_points: bool = False) -> str:
    """A 95% interval's ends with their signs: "\u2212621 to +2,954"."""
    show = points if in_points else signed
    return f"{show(low)} to {show(high)}"


def count(n: int | float | None) -> str:
    """A count of people or rows: "16,000"."""
    if not _finite(n):
        return NOT_AVAILABLE
    assert n is not None
    text = f"{abs(round(n)):,d}"
    return f"{MINUS}{text}" if n < 0 and text != "0" else text


def p_value(p: float | None) -> str:
    """A p-value as a phrase: "p < 0.001", else "p = 0.034" (two significant figures, no
    trailing zeros: "p = 0.5")."""
    if not _finite(p):
        return f"p = {NOT_AVAILABLE}"
    assert p is not None
    if p < 0.001:
        return "p < 0.001"
    text = f"{p:.2g}"
    return f"p = {text}"


def share(part: float, whole: float, *, beside: float | None = None) -> str:
    """``part`` as a percentage of ``whole``, on the right side of every line it is compared with.

    Shown to one decimal ("10.4%", "25.0%"), with more decimals where rounding would otherwise
    move it onto or across 0%, 100% or ``beside`` (a threshold, as a share of 1, that the
    text puts it next to): 100.1 of 10,000 beside 0.10 is "10.01%", never "10.0%", and 999.9 of
    1,000 is "99.99%", never "100%".
    """
    if not (_finite(part) and _finite(whole)) or whole == 0:
        return NOT_AVAILABLE
    exact = Fraction(part) / Fraction(whole) * 100
    lines = [Fraction(0), Fraction(100)]
    if beside is not None and _finite(beside):
        # The threshold as written (0.1), not as the nearest binary fraction to it.
        lines.append(Fraction(repr(float(beside))) * 100)
    for decimals in range(1, MAX_SHARE_DECIMALS + 1):
        rounded = _half_up(exact, decimals)
        if all(_side(rounded, line) == _side(exact, line) for line in lines):
            break
    text = f"{float(rounded):,.{decimals}f}"
    if text.startswith("-"):
        text = MINUS + text[1:]
    return f"{text}%"


def percent(rate: float | None) -> str:
    """A rate (a share of 1) as a percentage: 0.315 is "31.5%"; "n/a" when there is none."""
    if not _finite(rate):
        return NOT_AVAILABLE
    assert rate is not None
    return share(rate, 1)


def _half_up(value: Fraction, decimals: int) -> Fraction:
    scale = 10**decimals
    size = Fraction(math.floor(abs(value) * scale + Fraction(1, 2)), scale)
    return -size if value < 0 else size


def _side(value: Fraction, line: Fraction) -> int:
    return (value > line) - (value < line)
