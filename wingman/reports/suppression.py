"""Small-number suppression for the tables funders read: a count of a few young people can point
at one of them, so counts from 1 to below the threshold are shown as `[c]` (primary suppression),
and further cells are hidden until no hidden cell can be worked out from what is shown (secondary
suppression).

A table is published with its row totals, its column totals and its grand total. Each row, each
column and the grand total is an equation between its cells and its total; a hidden cell is
**derivable** when those equations, with every shown number put in, fix its value — in linear
algebra, when its unit vector lies in the row space of the equations' coefficients over the hidden
cells. Secondary suppression hides, next to each derivable cell, the smallest shown cell of its
row or column, and looks again, until no hidden cell is derivable. Zeros are shown: a zero counts
no one.

`suppress` covers one table. `suppress_linked` covers tables a reader holds together: the same
table for every borough of the organisation (which a reader can add up into the organisation's)
and for the month before (so that no hidden cell can be had by taking one from another). Its
equations are each table's own sums and the links between tables (`Link`: one table, cell by
cell and total by total, the sum of others), and a hidden number is derivable when all of them
together fix it.
"""

from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np
import scipy.linalg
from threadpoolctl import ThreadpoolController

SUPPRESSED = "[c]"


@dataclass(frozen=True)
class Threshold:
    """Counts from 1 up to (not including) `below` are hidden."""

    name: str
    below: int

    def hides(self, count: int) -> bool:
        return 0 < count < self.below


class Preset(Enum):
    """The thresholds an organisation chooses from."""

    DEFAULT = Threshold("Counts under 5 hidden", 5)
    # NHS England's rule for published health statistics hides 1 to 7.
    NHS = Threshold("Counts of 1 to 7 hidden (the NHS rule)", 8)
    TEN = Threshold("Counts under 10 hidden", 10)


@dataclass(frozen=True)
class Published:
    """A table as it may be published: `None` where a number is hidden."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    grand_total: int | None

    def shown(self, value: int | None) -> str:
        return SUPPRESSED if value is None else str(value)


# Cells are named by position: ("cell", r, c), ("row", r), ("column", c), ("grand",).
Key = tuple[object, ...]


def _equations(rows: int, columns: int) -> list[dict[Key, int]]:
    """Each published sum as {key: coefficient} = 0."""
    equations: list[dict[Key, int]] = []
    for r in range(rows):
        equation: dict[Key, int] = {("cell", r, c): 1 for c in range(columns)}
        equation[("row", r)] = -1
        equations.append(equation)
    for c in range(columns):
        equation = {("cell", r, c): 1 for r in range(rows)}
        equation[("column", c)] = -1
        equations.append(equation)
    # The grand total is the sum of the row totals, and of the column totals: the second
    # follows from the others, but written out it lets a column total's companion be found.
    for kind, count in (("row", rows), ("column", columns)):
        grand: dict[Key, int] = {(kind, i): 1 for i in range(count)}
        grand[("grand",)] = -1
        equations.append(grand)
    return equations


def derivable(rows: int, columns: int, hidden: set[Key]) -> set[Key]:
    """The hidden numbers one table's published sums fix, whatever the hidden values are."""
    return derivable_from(_equations(rows, columns), hidden)


def derivable_from(equations: list[dict[Key, int]], hidden: set[Key]) -> set[Key]:
    """The hidden numbers that `equations` (each {key: coefficient} = 0, over keys of any
    number of tables), with every shown number put in, fix."""
    return System(equations).derivable(hidden)


class System:
    """Published sums as a matrix, one row per equation and one column per number, built once
    so that each look at a set of hidden numbers only picks out their columns.

    A hidden number is fixed when its unit vector lies in the row space of the equations'
    coefficients over the hidden numbers. An equation with one hidden number left fixes it
    outright; those are taken off first, round after round, as each one fixed is as good as
    shown. What is left is decided by a QR factorisation with column pivoting of the remaining
    coefficients' transpose (its rank from the pivots): a number is fixed when its row of the
    orthonormal basis has length one."""

    def __init__(self, equations: list[dict[Key, int]]) -> None:
        self.keys = sorted({key for equation in equations for key in equation}, key=repr)
        self.index = {key: i for i, key in enumerate(self.keys)}
        self.matrix = np.zeros((len(equations), len(self.keys)))
        for j, equation in enumerate(equations):
            for key, k in equation.items():
                self.matrix[j, self.index[key]] = k

    def derivable(self, hidden: set[Key]) -> set[Key]:
        columns = np.array(sorted(self.index[key] for key in hidden if key in self.index), int)
        if not columns.size:
            return set()
        coefficients = self.matrix[:, columns]
        fixed = np.zeros(columns.size, bool)
        while True:
            left = coefficients[:, ~fixed]
            alone = np.count_nonzero(left, axis=1) == 1
            if not alone.any():
                break
            # Each equation with one hidden number left fixes that number.
            fixed[np.flatnonzero(~fixed)[np.flatnonzero(left[alone].any(axis=0))]] = True
        rest = np.flatnonzero(~fixed)
        if rest.size:
            matrix = coefficients[:, rest]
            matrix = matrix[np.count_nonzero(matrix, axis=1) > 0].T  # one column per equation
            if matrix.size:
                with _one_blas_thread():
                    basis, triangle, _ = scipy.linalg.qr(matrix, mode="economic", pivoting=True)
                pivots = np.abs(np.diag(triangle))
                tolerance = pivots[0] * max(matrix.shape) * np.finfo(float).eps
                rank = int(np.sum(pivots > tolerance))
                length = np.sum(basis[:, :rank] ** 2, axis=1)
                fixed[rest[np.abs(length - 1) < 1e-9]] = True
        return {self.keys[i] for i in columns[fixed]}


_controller: ThreadpoolController | None = None


def _one_blas_thread() -> Any:
    """One BLAS thread: these matrices are small, and a report is drawn beside other work. The
    controller finds the loaded libraries once, not at every factorisation."""
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")


def suppress(cells: list[list[int]], threshold: Threshold = Preset.DEFAULT.value) -> Published:
    """`cells` (rows of counts, all the same length) published with their totals, small counts
    and whatever would reveal them hidden."""
    rows, columns = len(cells), len(cells[0]) if cells else 0
    if any(len(row) != columns for row in cells):
        raise ValueError("every row of a table must have the same number of cells")
    value: dict[Key, int] = {
        ("cell", r, c): cells[r][c] for r in range(rows) for c in range(columns)
    }
    value |= {("row", r): sum(cells[r]) for r in range(rows)}
    value |= {("column", c): sum(cells[r][c] for r in range(rows)) for c in range(columns)}
    value[("grand",)] = sum(value[("row", r)] for r in range(rows))
    hidden = {key for key, count in value.items() if threshold.hides(count)}
    system = System(_equations(rows, columns))
    while exposed := system.derivable(hidden):
        hidden.add(_companion(sorted(exposed, key=repr)[0], value, hidden, rows, columns))
    return Published(
        cells=[
            [None if ("cell", r, c) in hidden else cells[r][c] for c in range(columns)]
            for r in range(rows)
        ],
        row_totals=[None if ("row", r) in hidden else value[("row", r)] for r in range(rows)],
        column_totals=[
            None if ("column", c) in hidden else value[("column", c)] for c in range(columns)
        ],
        grand_total=None if ("grand",) in hidden else value[("grand",)],
    )


def _companion(key: Key, value: dict[Key, int], hidden: set[Key], rows: int, columns: int) -> Key:
    """The number to hide beside `key` so it cannot be worked out: the smallest shown cell of its
    row or column (a total when no cell is left shown there)."""
    if key[0] == "cell":
        r, c = int(key[1]), int(key[2])  # type: ignore[call-overload]
        near: list[Key] = [("cell", r, j) for j in range(columns)] + [
            ("cell", i, c) for i in range(rows)
        ]
        totals: list[Key] = [("row", r), ("column", c)]
    elif key[0] == "row":
        near = [("cell", int(key[1]), j) for j in range(columns)]  # type: ignore[call-overload]
        near += [("row", i) for i in range(rows)]
        totals = [("grand",)]
    elif key[0] == "column":
        near = [("cell", i, int(key[1])) for i in range(rows)]  # type: ignore[call-overload]
        near += [("column", j) for j in range(columns)]
        totals = [("grand",)]
    else:
        near = [("row", i) for i in range(rows)]
        near += [("column", j) for j in range(columns)]
        totals = []
    shown = [k for k in near if k not in hidden]
    if shown:
        return min(shown, key=lambda k: (value[k], repr(k)))
    left = [k for k in totals if k not in hidden] or [k for k in value if k not in hidden]
    return min(left, key=lambda k: (value[k], repr(k)))


def percentage(part: int | None, whole: int | None, threshold: Threshold) -> str:
    """A share of a total, hidden when either is hidden or the total is too small to say."""
    if part is None or whole is None or threshold.hides(whole) or whole == 0:
        return SUPPRESSED
    return f"{round(100 * part / whole)}%"


@dataclass(frozen=True)
class Link:
    """Table `whole` is, cell by cell and total by total, the sum of tables `parts` (positions in
    the list given to `suppress_linked`)."""

    whole: int
    parts: tuple[int, ...]


def _table_keys(rows: int, columns: int) -> list[Key]:
    keys: list[Key] = [("cell", r, c) for r in range(rows) for c in range(columns)]
    return (
        keys
        + [("row", r) for r in range(rows)]
        + [("column", c) for c in range(columns)]
        + [("grand",)]
    )


def _values(cells: list[list[int]]) -> dict[Key, int]:
    rows, columns = len(cells), len(cells[0]) if cells else 0
    value: dict[Key, int] = {
        ("cell", r, c): cells[r][c] for r in range(rows) for c in range(columns)
    }
    value |= {("row", r): sum(cells[r]) for r in range(rows)}
    value |= {("column", c): sum(cells[r][c] for r in range(rows)) for c in range(columns)}
    value[("grand",)] = sum(value[("row", r)] for r in range(rows))
    return value


def linked_equations(shape: tuple[int, int], count: int, links: list[Link]) -> list[dict[Key, int]]:
    """Each table's own sums and every link's, over keys (table, *key)."""
    rows, columns = shape
    equations: list[dict[Key, int]] = []
    for t in range(count):
        for own in _equations(rows, columns):
            equations.append({(t, *key): k for key, k in own.items()})
    for link in links:
        for key in _table_keys(rows, columns):
            equation: dict[Key, int] = {(link.whole, *key): -1}
            for part in link.parts:
                equation[(part, *key)] = equation.get((part, *key), 0) + 1
            equations.append(equation)
    return equations


def suppress_linked(
    tables: list[list[list[int]]],
    threshold: Threshold = Preset.DEFAULT.value,
    links: list[Link] | None = None,
) -> list[Published]:
    """Tables of the same shape published together: small counts hidden in each, and whatever
    would let any hidden number of any of them be worked out from everything shown in all of
    them (each table's sums, and the `links` between tables). A table beside its neighbours
    hides what a reader could otherwise get by adding them up or taking one from another."""
    if not tables:
        return []
    rows, columns = len(tables[0]), len(tables[0][0]) if tables[0] else 0
    for cells in tables:
        if len(cells) != rows or any(len(row) != columns for row in cells):
            raise ValueError("linked tables must all have the same rows and columns")
    links = links or []
    equations = linked_equations((rows, columns), len(tables), links)
    value: dict[Key, int] = {}
    for t, cells in enumerate(tables):
        value |= {(t, *key): v for key, v in _values(cells).items()}
    hidden = {key for key, count in value.items() if threshold.hides(count)}
    system = System(equations)
    touching: dict[Key, list[dict[Key, int]]] = {}
    for equation in equations:
        for key in equation:
            touching.setdefault(key, []).append(equation)
    # A companion for every exposed number at once, each a different one, then look again: a
    # few rounds, not one per hidden number, as each look factorises every linked table's sums.
    while exposed := system.derivable(hidden):
        before = len(hidden)
        for key in sorted(exposed, key=repr):
            companion = _linked_companion(key, value, hidden, touching)
            if companion is not None:
                hidden.add(companion)
        if len(hidden) == before:
            break  # everything is hidden already
    return [
        Published(
            cells=[
                [None if (t, "cell", r, c) in hidden else tables[t][r][c] for c in range(columns)]
                for r in range(rows)
            ],
            row_totals=[
                None if (t, "row", r) in hidden else value[(t, "row", r)] for r in range(rows)
            ],
            column_totals=[
                None if (t, "column", c) in hidden else value[(t, "column", c)]
                for c in range(columns)
            ],
            grand_total=None if (t, "grand") in hidden else value[(t, "grand")],
        )
        for t in range(len(tables))
    ]


def _linked_companion(
    key: Key, value: dict[Key, int], hidden: set[Key], touching: dict[Key, list[dict[Key, int]]]
) -> Key | None:
    """The number to hide beside `key`: the smallest shown cell in a sum with it (in its own
    table first), else the smallest shown total in one, else the smallest shown number of its
    table, else of any table."""

    def smallest(keys: list[Key]) -> Key | None:
        shown = [k for k in keys if k not in hidden]
        return min(shown, key=lambda k: (value[k], repr(k))) if shown else None

    near = [k for equation in touching.get(key, []) for k in equation]
    own = [k for k in near if k[0] == key[0]]
    for keys in (own, near):
        found = smallest([k for k in keys if k[1] == "cell"]) or smallest(keys)
        if found is not None:
            return found
    return smallest([k for k in value if k[0] == key[0]]) or smallest(list(value))
