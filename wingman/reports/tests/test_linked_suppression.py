"""Suppression across linked tables (the same table for every borough, and the month before): no
hidden number of any table can be worked out from everything shown in all of them. The check is
independent of the module's: the null space (by SVD) of every published sum's coefficients over
the hidden numbers is zero at a number exactly when the sums fix it."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from wingman.reports.suppression import Link, Preset, Published, suppress_linked


def every_sum(tables: list[Published], links: list[Link]) -> tuple[list[tuple], np.ndarray]:
    """The hidden numbers, and each sum a reader can write down over them (own sums and links)."""
    rows, columns = len(tables[0].cells), len(tables[0].cells[0])

    def keys(t: int) -> dict[tuple, int | None]:
        table = tables[t]
        out: dict[tuple, int | None] = {}
        for r in range(rows):
            for c in range(columns):
                out[(t, "c", r, c)] = table.cells[r][c]
            out[(t, "r", r)] = table.row_totals[r]
        for c in range(columns):
            out[(t, "k", c)] = table.column_totals[c]
        out[(t, "g")] = table.grand_total
        return out

    everything: dict[tuple, int | None] = {}
    for t in range(len(tables)):
        everything |= keys(t)
    names = [k for k, v in everything.items() if v is None]
    at = {name: i for i, name in enumerate(names)}
    lines: list[dict[tuple, int]] = []
    for t in range(len(tables)):
        for r in range(rows):
            lines.append({(t, "c", r, c): 1 for c in range(columns)} | {(t, "r", r): -1})
        for c in range(columns):
            lines.append({(t, "c", r, c): 1 for r in range(rows)} | {(t, "k", c): -1})
        lines.append({(t, "r", r): 1 for r in range(rows)} | {(t, "g"): -1})
    for link in links:
        for key in keys(0):
            line = {(link.whole, *key[1:]): -1}
            for part in link.parts:
                line[(part, *key[1:])] = line.get((part, *key[1:]), 0) + 1
            lines.append(line)
    matrix = np.zeros((len(lines), len(names)))
    for i, line in enumerate(lines):
        for key, k in line.items():
            if key in at:
                matrix[i, at[key]] += k
    return names, matrix


def worked_out(tables: list[Published], links: list[Link]) -> list[tuple]:
    names, matrix = every_sum(tables, links)
    if not names:
        return []
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]
    return [name for i, name in enumerate(names) if np.all(np.abs(null_space[:, i]) < 1e-9)]


counts = st.one_of(st.integers(0, 4), st.integers(0, 30))


@st.composite
def boroughs_and_months(draw):
    """Each borough's table this month and last, and the organisation's (their sum) for both."""
    rows, columns = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    boroughs = draw(st.integers(1, 3))
    table = st.lists(
        st.lists(counts, min_size=columns, max_size=columns), min_size=rows, max_size=rows
    )
    this = [draw(table) for _ in range(boroughs)]
    last = [draw(table) for _ in range(boroughs)]
    span = [
        [[a + b for a, b in zip(x, y, strict=True)] for x, y in zip(t, p, strict=True)]
        for t, p in zip(this, last, strict=True)
    ]
    tables = this + last + span
    links = [Link(2 * boroughs + b, (b, boroughs + b)) for b in range(boroughs)]
    if draw(st.booleans()):
        total = [[sum(t[r][c] for t in this) for c in range(columns)] for r in range(rows)]
        tables.append(total)
        links.append(Link(len(tables) - 1, tuple(range(boroughs))))
    return tables, links


@settings(max_examples=150, deadline=None)
@given(boroughs_and_months(), st.sampled_from(list(Preset)))
def test_no_hidden_number_of_any_linked_table_can_be_worked_out(drawn, preset):
    tables, links = drawn
    published = suppress_linked(tables, preset.value, links)
    assert worked_out(published, links) == [], (tables, published)


@settings(max_examples=150, deadline=None)
@given(boroughs_and_months(), st.sampled_from(list(Preset)))
def test_every_small_count_of_every_linked_table_is_hidden_and_shown_numbers_are_true(
    drawn, preset
):
    tables, links = drawn
    for cells, table in zip(tables, suppress_linked(tables, preset.value, links), strict=True):
        for row, shown in zip(cells, table.cells, strict=True):
            for true, cell in zip(row, shown, strict=True):
                assert cell is None or cell == true
                assert not (preset.value.hides(true) and cell is not None)


def test_a_cell_shown_last_month_and_over_both_months_is_hidden_this_month_too():
    # This month's 3 is small; last month's 10 and the two months' 13 would give it away.
    this, last = [[3, 20]], [[10, 20]]
    span = [[13, 40]]
    published = suppress_linked([this, last, span], Preset.DEFAULT.value, [Link(2, (0, 1))])
    assert published[0].cells[0][0] is None
    assert published[1].cells[0][0] is None or published[2].cells[0][0] is None
    assert worked_out(published, [Link(2, (0, 1))]) == []


def test_the_independent_check_catches_a_difference_left_open():
    this, last, span = [[3, 20]], [[10, 20]], [[13, 40]]
    badly = [
        Published([[None, None]], [23], [None, None], 23),
        Published([[10, 20]], [30], [10, 20], 30),
        Published([[13, 40]], [53], [13, 40], 53),
    ]
    assert (0, "c", 0, 0) in worked_out(badly, [Link(2, (0, 1))])
    assert this and last and span
