"""Small-number suppression: small counts hidden, and no hidden number can be worked out from the
shown cells and totals by any linear combination. The check here is independent of the module's:
a hidden number is fixed by the published sums exactly when every solution of the homogeneous
system leaves it unchanged, i.e. when the null space of the sums' coefficients (found by SVD)
is zero at that number."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wingman.reports.suppression import SUPPRESSED, Preset, Published, percentage, suppress


def unknowns_and_sums(table: Published) -> tuple[list[str], np.ndarray]:
    """The hidden numbers, and each published sum's coefficients over them."""
    rows, columns = len(table.cells), len(table.cells[0])
    names: list[str] = []
    for r in range(rows):
        names += [f"c{r},{c}" for c in range(columns) if table.cells[r][c] is None]
    names += [f"r{r}" for r in range(rows) if table.row_totals[r] is None]
    names += [f"k{c}" for c in range(columns) if table.column_totals[c] is None]
    names += ["g"] if table.grand_total is None else []
    if not names:
        return names, np.zeros((0, 0))
    at = {name: i for i, name in enumerate(names)}
    sums = []
    for r in range(rows):
        line = np.zeros(len(names))
        for c in range(columns):
            if f"c{r},{c}" in at:
                line[at[f"c{r},{c}"]] += 1
        if f"r{r}" in at:
            line[at[f"r{r}"]] -= 1
        sums.append(line)
    for c in range(columns):
        line = np.zeros(len(names))
        for r in range(rows):
            if f"c{r},{c}" in at:
                line[at[f"c{r},{c}"]] += 1
        if f"k{c}" in at:
            line[at[f"k{c}"]] -= 1
        sums.append(line)
    line = np.zeros(len(names))
    for r in range(rows):
        if f"r{r}" in at:
            line[at[f"r{r}"]] += 1
    if "g" in at:
        line[at["g"]] -= 1
    sums.append(line)
    return names, np.array(sums).reshape(-1, len(names))


def worked_out(table: Published) -> list[str]:
    names, sums = unknowns_and_sums(table)
    if not names:
        return []  # nothing hidden
    _, singular, vt = np.linalg.svd(sums)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]  # rows spanning the solutions of sums @ x = 0
    return [name for i, name in enumerate(names) if np.all(np.abs(null_space[:, i]) < 1e-9)]


small_and_not = st.one_of(st.integers(0, 4), st.integers(0, 40))
tables = st.integers(1, 5).flatmap(
    lambda columns: st.lists(
        st.lists(small_and_not, min_size=columns, max_size=columns), min_size=1, max_size=5
    )
)


@settings(max_examples=300, deadline=None)
@given(tables, st.sampled_from(list(Preset)))
def test_no_hidden_number_can_be_worked_out_from_what_is_shown(cells, preset):
    table = suppress(cells, preset.value)
    assert worked_out(table) == [], (cells, table)


@settings(max_examples=300, deadline=None)
@given(tables, st.sampled_from(list(Preset)))
def test_every_small_count_is_hidden_and_every_shown_number_is_true(cells, preset):
    table = suppress(cells, preset.value)
    threshold = preset.value
    for r, row in enumerate(cells):
        for c, count in enumerate(row):
            shown = table.cells[r][c]
            assert shown in (None, count)
            if threshold.hides(count):
                assert shown is None
        assert table.row_totals[r] in (None, sum(row))
        if threshold.hides(sum(row)):
            assert table.row_totals[r] is None
    assert table.grand_total in (None, sum(map(sum, cells)))


def test_a_lone_small_cell_takes_a_companion_in_its_row_and_column():
    table = suppress([[3, 12], [20, 30]])
    assert table.cells == [[None, None], [None, None]] or (
        table.cells[0][0] is None
        and sum(v is None for v in table.cells[0]) >= 2
        and sum(table.cells[r][0] is None for r in range(2)) >= 2
    )
    assert worked_out(table) == []


def test_a_table_with_no_small_count_is_shown_whole():
    table = suppress([[12, 30], [25, 0]])
    assert table.cells == [[12, 30], [25, 0]]
    assert table.row_totals == [42, 25] and table.column_totals == [37, 30]
    assert table.grand_total == 67


def test_the_presets_hide_under_5_1_to_7_and_under_10_and_never_zero():
    hidden = {p: [n for n in range(12) if p.value.hides(n)] for p in Preset}
    assert hidden[Preset.DEFAULT] == [1, 2, 3, 4]
    assert hidden[Preset.NHS] == [1, 2, 3, 4, 5, 6, 7]
    assert hidden[Preset.TEN] == [1, 2, 3, 4, 5, 6, 7, 8, 9]


def test_a_percentage_of_a_small_or_hidden_total_is_hidden():
    threshold = Preset.DEFAULT.value
    assert percentage(2, 4, threshold) == SUPPRESSED
    assert percentage(None, 40, threshold) == SUPPRESSED
    assert percentage(10, 40, threshold) == "25%"


def test_rows_of_unequal_length_are_refused():
    with pytest.raises(ValueError, match="same number of cells"):
        suppress([[1, 2], [3]])


def test_the_independent_check_does_catch_a_table_hidden_badly():
    """The check itself can fail: one small cell hidden alone is worked out from its row total."""
    badly = Published(cells=[[None, 12]], row_totals=[15], column_totals=[3, 12], grand_total=15)
    assert "c0,0" in worked_out(badly)
