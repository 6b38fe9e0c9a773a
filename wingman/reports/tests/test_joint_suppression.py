"""A borough's table is its funding streams' added up, and, for most tables, the borough's work no
stream pays for, which no report shows apart. A reader who knows nothing of that work learns
nothing about the streams from the borough's figure: hidden beside its own months alone, as the
monthly report hides it, nothing hidden in the borough's table or its streams' can be worked out
from all three with the unfunded work unknown. Where the borough's table is its streams' alone,
they are hidden together."""

from hypothesis import given, settings
from hypothesis import strategies as st

from wingman.reports.suppression import (
    Key,
    Link,
    Preset,
    Published,
    derivable_from,
    linked_equations,
    suppress_linked,
)

counts = st.integers(min_value=0, max_value=12)


def table(rows: int, columns: int) -> st.SearchStrategy[list[list[int]]]:
    return st.lists(
        st.lists(counts, min_size=columns, max_size=columns), min_size=rows, max_size=rows
    )


def three_tables() -> st.SearchStrategy[tuple[list[list[int]], ...]]:
    return st.integers(min_value=1, max_value=3).flatmap(
        lambda rows: st.integers(min_value=1, max_value=3).flatmap(
            lambda columns: st.tuples(
                table(rows, columns), table(rows, columns), table(rows, columns)
            )
        )
    )


def added(*tables: list[list[int]]) -> list[list[int]]:
    return [[sum(cells) for cells in zip(*rows, strict=True)] for rows in zip(*tables, strict=True)]


def hidden_keys(published: list[Published]) -> set[Key]:
    hidden: set[Key] = set()
    for t, shown in enumerate(published):
        rows, columns = len(shown.cells), len(shown.cells[0])
        hidden |= {
            (t, "cell", r, c)
            for r in range(rows)
            for c in range(columns)
            if shown.cells[r][c] is None
        }
        hidden |= {(t, "row", r) for r in range(rows) if shown.row_totals[r] is None}
        hidden |= {(t, "column", c) for c in range(columns) if shown.column_totals[c] is None}
        if shown.grand_total is None:
            hidden.add((t, "grand"))
    return hidden


@settings(max_examples=60, deadline=None)
@given(three_tables())
def test_nothing_hidden_is_derivable_when_each_is_hidden_alone_beside_unknown_unfunded_work(
    tables: tuple[list[list[int]], ...],
) -> None:
    first, second, unfunded = tables
    borough = added(first, second, unfunded)
    published = [suppress_linked([t], Preset.DEFAULT.value)[0] for t in (borough, first, second)]
    rows, columns = len(borough), len(borough[0])
    # The reader's equations: every table's own sums, and the borough as the sum of its streams
    # and the unfunded work, of which every number is unknown.
    unknown_unfunded = set(
        hidden_keys([Published([[None] * columns] * rows, [None] * rows, [None] * columns, None)])
    )
    hidden = hidden_keys(published) | {(3, *key[1:]) for key in unknown_unfunded}
    links = [Link(0, (1, 2, 3))]
    exposed = derivable_from(linked_equations((rows, columns), 4, links), hidden)
    assert not {key for key in exposed if key[0] != 3}


@settings(max_examples=60, deadline=None)
@given(three_tables())
def test_nothing_hidden_is_derivable_in_a_borough_and_its_streams_hidden_together(
    tables: tuple[list[list[int]], ...],
) -> None:
    first, second, third = tables
    borough = added(first, second, third)
    links = [Link(0, (1, 2, 3))]
    published = suppress_linked([borough, first, second, third], Preset.DEFAULT.value, links)
    rows, columns = len(borough), len(borough[0])
    exposed = derivable_from(linked_equations((rows, columns), 4, links), hidden_keys(published))
    assert not exposed
