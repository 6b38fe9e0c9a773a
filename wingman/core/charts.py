"""Charts drawn on the server as SVG, for pages and PDFs alike: bars for counts and hours side by
side, lines for trends by month, and dots for a balance ("love") plot. Each is a picture of a
table shown beside it (`described_by` is that table's id), never the only place a number is.

No script and no style attributes (the pages' strict CSP allows neither): colours and shapes are
SVG presentation attributes, so a chart prints as it shows. Each series has a colour, a dash
pattern and a marker shape, so series can be told apart without colour (and in black and white).
A value of `None` is one hidden by small-number suppression, drawn as `[c]` where its bar would
be. Every text is escaped."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK colours, in the order series take them.
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
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
AXIS = "#505a5f"
HIDDEN = "[c]"
FONT = 'font-family="Arial, sans-serif" font-size="14"'

Series = Sequence[tuple[str, Sequence[float | None]]]


@dataclass(frozen=True)
class Look:
    colour: str
    dash: str
    marker: str


def look_of(n: int) -> Look:
    """The look of series `n`."""
    return Look(COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)], MARKERS[n % len(MARKERS)])


def marker(shape: str, x: float, y: float, colour: str) -> str:
    """A marker of `shape` centred on (x, y)."""
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
    """A small picture of series `n`'s look, for a key."""
    look = look_of(n)
    dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
    return mark_safe(  # noqa: S308 - built only from our own constants
        '<svg class="wm-chart-key" width="36" height="12" viewBox="0 0 36 12" aria-hidden="true"'
        ' focusable="false">'
        f'<line x1="0" y1="6" x2="36" y2="6" stroke="{look.colour}" stroke-width="3"{dash}/>'
        f"{marker(look.marker, 18, 6, look.colour)}</svg>"
    )


def number(value: float) -> str:
    """A value as a chart labels it: whole numbers as they are, others to one decimal place."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def nice_top(largest: float) -> float:
    """The top of a scale: 1, 2 or 5 times a power of ten, at or above `largest`."""
    if largest <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= largest:
        power *= 10
    while power > largest:
        power /= 10
    for step in (1, 2, 5, 10):
        if step * power >= largest:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _open(width: int, height: int, title: str, described_by: str) -> list[str]:
    return [
        f'<svg class="wm-chart" viewBox="0 0 {width} {height}" width="100%" role="img"'
        f' aria-labelledby="{escape(described_by)}-title"'
        f' aria-describedby="{escape(described_by)}" {FONT}'
        ' preserveAspectRatio="xMidYMid meet">',
        f'<title id="{escape(described_by)}-title">{escape(title)}</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _key(series_names: Sequence[str], *, x: float, y: float, bars: bool) -> list[str]:
    """A key in one column from (x, y): a swatch and each series' name."""
    parts = []
    for n, name in enumerate(series_names):
        look = look_of(n)
        top = y + n * 20
        if bars:
            parts.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="14" height="14" fill="{look.colour}"/>'
            )
        else:
            dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
            parts.append(
                f'<line x1="{x:.1f}" y1="{top + 7:.1f}" x2="{x + 24:.1f}" y2="{top + 7:.1f}"'
                f' stroke="{look.colour}" stroke-width="3"{dash}/>'
            )
            parts.append(marker(look.marker, x + 12, top + 7, look.colour))
        parts.append(
            f'<text x="{x + 30:.1f}" y="{top + 12:.1f}" fill="{TEXT}">{escape(name)}</text>'
        )
    return parts


def _check(labels: Sequence[str], series: Series) -> None:
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")


def bar_chart(
    *,
    title: str,
    described_by: str,
    categories: Sequence[str],
    series: Series,
    unit: str = "",
) -> SafeString:
    """Horizontal bars: a group per category, a bar per series, each labelled with its value
    (`[c]` where hidden). The scale starts at zero."""
    _check(categories, series)
    label_w, value_w, right = 190, 60, 16
    width = 640
    bar_h, gap = 16, 12
    key_h = 20 * len(series) + 8 if len(series) > 1 else 0
    group_h = bar_h * max(len(series), 1) + gap
    top = 12 + key_h
    plot_h = group_h * len(categories)
    height = top + plot_h + 36
    plot_x = label_w
    plot_w = width - label_w - value_w - right
    largest = max((v for _n, vs in series for v in vs if v is not None), default=0.0)
    scale_top = nice_top(float(largest))

    parts = _open(width, height, title, described_by)
    if key_h:
        parts += _key([n for n, _v in series], x=plot_x, y=8, bars=True)
    for tick in range(5):
        at = scale_top * tick / 4
        x = plot_x + plot_w * tick / 4
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + plot_h}"'
            f' stroke="{GRID}" stroke-width="{1 if tick == 0 else 0.5}"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle"'
            f' fill="{TEXT}">{number(at)}</text>'
        )
    if unit:
        parts.append(
            f'<text x="{plot_x + plot_w / 2:.1f}" y="{height - 2}" text-anchor="middle"'
            f' fill="{TEXT}">{escape(unit)}</text>'
        )
    for i, category in enumerate(categories):
        group_top = top + i * group_h + gap / 2
        parts.append(
            f'<text x="{label_w - 8}" y="{group_top + group_h / 2 - gap / 2 + 5:.1f}"'
            f' text-anchor="end" fill="{TEXT}">{escape(category)}</text>'
        )
        for n, (_name, values) in enumerate(series):
            value = values[i]
            y = group_top + n * bar_h
            if value is None:
                parts.append(
                    f'<text x="{plot_x + 4}" y="{y + bar_h - 3:.1f}" fill="{TEXT}">{HIDDEN}</text>'
                )
                continue
            w = plot_w * max(float(value), 0.0) / scale_top
            parts.append(
                f'<rect x="{plot_x}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 2}"'
                f' fill="{look_of(n).colour}"/>'
            )
            parts.append(
                f'<text x="{plot_x + w + 4:.1f}" y="{y + bar_h - 4:.1f}"'
                f' fill="{TEXT}">{number(float(value))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def trend_chart(
    *,
    title: str,
    described_by: str,
    points: Sequence[str],
    series: Series,
    unit: str = "",
) -> SafeString:
    """Lines over ordered points (months, say), one per series, from zero up. A hidden value
    breaks its line and is marked `[c]` at the foot."""
    _check(points, series)
    width, left, right = 640, 56, 16
    key_h = 20 * len(series) + 8 if len(series) > 1 else 0
    top, plot_h = 14 + key_h, 200
    height = top + plot_h + 48
    plot_w = width - left - right
    largest = max((v for _n, vs in series for v in vs if v is not None), default=0.0)
    scale_top = nice_top(float(largest))

    def x_of(i: int) -> float:
        return left + (plot_w / 2 if len(points) < 2 else plot_w * i / (len(points) - 1))

    def y_of(value: float) -> float:
        return top + plot_h * (1 - float(value) / scale_top)

    parts = _open(width, height, title, described_by)
    if key_h:
        parts += _key([n for n, _v in series], x=left, y=8, bars=False)
    for tick in range(5):
        at = scale_top * tick / 4
        y = y_of(at)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"'
            f' stroke-width="{1 if tick == 0 else 0.5}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end"'
            f' fill="{TEXT}">{number(at)}</text>'
        )
    every = max(1, -(-len(points) // 6))
    for i, label in enumerate(points):
        if i % every and i != len(points) - 1:
            continue
        parts.append(
            f'<text x="{x_of(i):.1f}" y="{top + plot_h + 20}" text-anchor="middle"'
            f' fill="{TEXT}">{escape(label)}</text>'
        )
    if unit:
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle"'
            f' fill="{TEXT}">{escape(unit)}</text>'
        )
    for n, (_name, values) in enumerate(series):
        look = look_of(n)
        dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
        run: list[str] = []
        for i, value in enumerate([*values, None]):
            if value is not None:
                run.append(f"{x_of(i):.1f},{y_of(value):.1f}")
                continue
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{look.colour}"'
                    f' stroke-width="2.5" stroke-linejoin="round"{dash}/>'
                )
            run = []
            if i < len(values):
                parts.append(
                    f'<text x="{x_of(i):.1f}" y="{top + plot_h - 4}" text-anchor="middle"'
                    f' fill="{TEXT}">{HIDDEN}</text>'
                )
        parts.extend(
            marker(look.marker, x_of(i), y_of(v), look.colour)
            for i, v in enumerate(values)
            if v is not None
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def dot_plot(
    *,
    title: str,
    described_by: str,
    rows: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    guides: Sequence[float] = (),
    unit: str = "",
) -> SafeString:
    """A row per label, a dot per series on a common scale symmetric about zero, and dashed
    guide lines (a balance plot: standardised differences before and after matching, guides at
    -0.1, 0 and 0.1)."""
    _check(rows, series)
    width, label_w, right = 640, 200, 24
    key_h = 20 * len(series) + 8 if len(series) > 1 else 0
    top, row_h = 14 + key_h, 24
    plot_h = row_h * len(rows)
    height = top + plot_h + 48
    plot_w = width - label_w - right
    reach = max([abs(float(v)) for _n, vs in series for v in vs] + [abs(g) for g in guides])
    reach = nice_top(reach * 1.05) if reach else 1.0

    def x_of(value: float) -> float:
        return label_w + plot_w * (float(value) + reach) / (2 * reach)

    parts = _open(width, height, title, described_by)
    if key_h:
        parts += _key([n for n, _v in series], x=label_w, y=8, bars=False)
    for i, label in enumerate(rows):
        y = top + i * row_h + row_h / 2
        parts.append(
            f'<line x1="{label_w}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"'
            f' stroke="{GRID}" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 5:.1f}" text-anchor="end"'
            f' fill="{TEXT}">{escape(label)}</text>'
        )
    for guide in guides:
        x = x_of(guide)
        dash = "" if guide == 0 else ' stroke-dasharray="4 3"'
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="{AXIS}"'
            f' stroke-width="1"{dash}/>'
        )
    for value in (-reach, -reach / 2, 0.0, reach / 2, reach):
        parts.append(
            f'<text x="{x_of(value):.1f}" y="{top + plot_h + 18}" text-anchor="middle"'
            f' fill="{TEXT}">{value:g}</text>'
        )
    if unit:
        parts.append(
            f'<text x="{label_w + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle"'
            f' fill="{TEXT}">{escape(unit)}</text>'
        )
    for n, (_name, values) in enumerate(series):
        look = look_of(n)
        for i, value in enumerate(values):
            y = top + i * row_h + row_h / 2
            parts.append(marker(look.marker, x_of(value), y, look.colour))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
