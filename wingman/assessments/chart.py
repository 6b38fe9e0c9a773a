"""Distance travelled as a picture: a small line chart drawn on the server as SVG, one line per
pathway, scores 1 to 10 up the side and the assessment dates along the bottom. No script and no
style attributes (the pages' strict CSP allows neither): colours and shapes are SVG presentation
attributes, so it prints as it shows. The table beside it on the page says the same in words."""

from dataclasses import dataclass
from datetime import date

from django.utils import dateformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .choices import HIGHEST_SCORE, LOWEST_SCORE

WIDTH = 520
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 36, 16, 14, 40
MOST_DATE_LABELS = 4

# One look per line: GOV.UK colours, and a dash pattern and a marker shape, so that lines can be
# told apart without colour too (and in a black and white print).
COLOURS = (
    "#1d70b8",
    "#d4351c",
    "#00703c",
    "#4c2c92",
    "#f47738",
    "#28a197",
    "#d53880",
    "#b58840",
    "#003078",
    "#6f72af",
    "#0b0c0c",
)
DASHES = ("", "6 3", "2 3", "10 4", "")
MARKERS = ("circle", "square", "diamond", "triangle")


@dataclass(frozen=True)
class Look:
    colour: str
    dash: str
    marker: str


def look_of(n: int) -> Look:
    return Look(COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)], MARKERS[n % len(MARKERS)])


def short_date(day: date) -> str:
    return dateformat.format(day, "j M Y")


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return (
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"'
            ' stroke="#ffffff" stroke-width="1"/>'
        )
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}" stroke="#ffffff"'
        ' stroke-width="1"/>'
    )


def swatch(n: int) -> SafeString:
    """A small picture of line `n`'s look, for the key."""
    look = look_of(n)
    dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
    return mark_safe(  # noqa: S308 - built only from our own constants
        '<svg class="wm-chart-key" width="36" height="12" viewBox="0 0 36 12" aria-hidden="true"'
        ' focusable="false">'
        f'<line x1="0" y1="6" x2="36" y2="6" stroke="{look.colour}" stroke-width="3"{dash}/>'
        f"{_marker(look.marker, 18, 6, look.colour)}</svg>"
    )


def line_chart(
    lines: list[tuple[str, list[tuple[date, int]]]], *, title: str, described_by: str
) -> SafeString:
    """`lines` is (name, [(date, score), ...]) per pathway, in the order of the key."""
    days = sorted({day for _name, points in lines for day, _score in points})
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    first, last = (days[0], days[-1]) if days else (None, None)
    span = (last - first).days if first and last else 0

    def x_of(day: date) -> float:
        if not span or first is None:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (day - first).days / span

    def y_of(score: int) -> float:
        return TOP + plot_h * (HIGHEST_SCORE - score) / (HIGHEST_SCORE - LOWEST_SCORE)

    parts = [
        f'<svg class="wm-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img"'
        f' aria-labelledby="{described_by}-title" aria-describedby="{described_by}"'
        ' font-family="Arial, sans-serif" font-size="15" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{described_by}-title">{escape(title)}</title>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1):
        y = y_of(score)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#b1b4b6"'
            f' stroke-width="{1 if score in (LOWEST_SCORE, HIGHEST_SCORE) else 0.5}"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#0b0c0c">{score}</text>'
        )
    labelled = days
    if len(days) > MOST_DATE_LABELS:
        step = (len(days) - 1) / (MOST_DATE_LABELS - 1)
        labelled = [days[round(i * step)] for i in range(MOST_DATE_LABELS)]
    for n, day in enumerate(labelled):
        x = x_of(day)
        anchor = "middle"
        if len(labelled) > 1 and n == 0:
            anchor = "start"
        elif len(labelled) > 1 and n == len(labelled) - 1:
            anchor = "end"
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP + plot_h}" x2="{x:.1f}" y2="{TOP + plot_h + 5}"'
            ' stroke="#505a5f" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{TOP + plot_h + 22}" text-anchor="{anchor}" fill="#0b0c0c">'
            f"{escape(short_date(day))}</text>"
        )
    for n, (_name, points) in enumerate(lines):
        if not points:
            continue
        look = look_of(n)
        coords = " ".join(f"{x_of(day):.1f},{y_of(score):.1f}" for day, score in points)
        dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{look.colour}" stroke-width="2.5"'
            f' stroke-linejoin="round"{dash}/>'
        )
        parts.extend(
            _marker(look.marker, x_of(day), y_of(score), look.colour) for day, score in points
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - names and dates are escaped above
