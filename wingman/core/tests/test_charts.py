"""Charts are well-formed SVG a screen reader can name, drawn to scale, with hidden values shown
as [c] and every text escaped."""

import xml.etree.ElementTree as ET

import pytest

from wingman.core.charts import bar_chart, dot_plot, nice_top, trend_chart

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ET.Element:
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return ET.fromstring(svg)  # noqa: S314 - our own output, not input from outside


def test_a_bar_is_as_long_as_its_value_on_a_scale_from_zero():
    root = parsed(
        bar_chart(
            title="Hours by contact type",
            described_by="hours-table",
            categories=["Face to face", "Phone"],
            series=[("Hours", [40.0, 10.0])],
        )
    )
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")][1:]
    assert widths[0] == pytest.approx(4 * widths[1], rel=0.01)
    assert root.get("aria-describedby") == "hours-table"
    assert root.find(f"{SVG}title").text == "Hours by contact type"


def test_a_hidden_value_is_drawn_as_c_and_no_bar():
    svg = bar_chart(
        title="Referrals by source",
        described_by="t",
        categories=["Police", "School"],
        series=[("Referrals", [12, None])],
    )
    root = parsed(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "[c]" in texts and "12" in texts
    assert len(list(root.iter(f"{SVG}rect"))) == 2  # the background and the one bar


def test_every_label_is_escaped():
    svg = bar_chart(title="<script>", described_by="t", categories=["A & <b>"], series=[("x", [1])])
    assert "<script>" not in svg and "&lt;b&gt;" in svg
    parsed(svg)


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="has 1 values for 2 labels"):
        bar_chart(title="t", described_by="t", categories=["a", "b"], series=[("x", [1])])


def test_a_trend_breaks_its_line_where_a_value_is_hidden():
    root = parsed(
        trend_chart(
            title="Referrals by month",
            described_by="t",
            points=["Jan", "Feb", "Mar", "Apr", "May"],
            series=[("Referrals", [6, 7, None, 9, 8]), ("Closed", [1, 2, 3, 4, 5])],
        )
    )
    lines = [p.get("points").split() for p in root.iter(f"{SVG}polyline")]
    assert sorted(len(line) for line in lines) == [2, 2, 5]
    assert "[c]" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_balance_plot_puts_zero_in_the_middle_and_draws_a_dot_per_value():
    root = parsed(
        dot_plot(
            title="Balance before and after matching",
            described_by="balance",
            rows=["Age", "Previous sanctions"],
            series=[("Before", [0.45, -0.3]), ("After", [0.05, 0.02])],
            guides=[-0.1, 0.0, 0.1],
        )
    )
    zero = [ln for ln in root.iter(f"{SVG}line") if ln.get("stroke-dasharray") is None][-1]
    assert float(zero.get("x1")) == pytest.approx(200 + (640 - 200 - 24) / 2)
    markers = [e for e in root.iter() if e.tag in (f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon")]
    assert len(markers) - 1 - 2 == 4  # less the background and the key's two markers


@pytest.mark.parametrize(
    ("largest", "top"), [(0, 1), (0.3, 0.5), (7, 10), (10, 10), (11, 20), (48, 50), (230, 500)]
)
def test_a_scale_tops_out_at_a_round_number(largest, top):
    assert nice_top(largest) == pytest.approx(top)
