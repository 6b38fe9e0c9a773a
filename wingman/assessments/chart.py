"""Distance travelled as a picture: a small line chart drawn on the server as SVG, one line per
pathway, scores 1 to 10 up the side and the assessment dates along the bottom. No script and no
style attributes (the pages' strict CSP allows neither): colours and shapes are SVG presentation
attributes, so it prints as it shows. The table beside it on the page says the same in words."""

from datetime import date

from django.utils import dateformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wingman.core.charts import look_of, marker, swatch

from .choices import HIGHEST_SCORE, LOWEST_SCORE

WIDTH = 520
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 36, 16, 14, 40
MOST_DATE_LABELS = 4

__all__ = ["line_chart", "short_date", "swatch"]


def short_date(day: date) -> str:
    return dateformat.format(day, "j M Y")


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
            marker(look.marker, x_of(day), y_of(score), look.colour) for day, score in points
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - names and dates are escaped above
