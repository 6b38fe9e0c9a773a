"""A report as it is published: sections of tables whose hidden numbers are already hidden. The
selectors build one (`monthly.monthly_report`); the renderers draw the same one as a page, a PDF,
a workbook and CSV, so every format says the same thing.

A cell is a number (an int for a count, a float for hours or a rate), text, or `None` where a
small number is hidden (shown as `[c]`)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from .suppression import SUPPRESSED, Published

Cell = int | float | str | None


def shown(cell: Cell) -> str:
    """A cell as text: `[c]` where hidden, hours and rates to one decimal place."""
    if cell is None:
        return SUPPRESSED
    if isinstance(cell, float):
        return f"{cell:,.1f}"
    if isinstance(cell, int):
        return f"{cell:,}"
    return cell


@dataclass(frozen=True)
class Table:
    """One table: a heading for its rows' labels, the column headings, and the rows (a label and
    its cells). `total_row`/`total_column` say whether the last row/column is a total; `chart`
    whether the table is also drawn as a bar chart (first numeric column, or each column as a
    series); `unit` says what the numbers count ("young people", "hours")."""

    title: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]
    unit: str = ""
    total_row: bool = False
    total_column: bool = False
    chart: bool = False
    note: str = ""

    @classmethod
    def of_counts(
        cls,
        title: str,
        *,
        row_heading: str,
        row_labels: list[str],
        columns: list[str],
        published: Published,
        unit: str = "young people",
        chart: bool = False,
        note: str = "",
    ) -> "Table":
        """A suppressed count table with its row totals, column totals and grand total."""
        rows: list[tuple[str, list[Cell]]] = [
            (label, [*cells, total])
            for label, cells, total in zip(
                row_labels, published.cells, published.row_totals, strict=True
            )
        ]
        rows.append(("Total", [*published.column_totals, published.grand_total]))
        return cls(
            title=title,
            row_heading=row_heading,
            columns=[*columns, "Total"],
            rows=rows,
            unit=unit,
            total_row=True,
            total_column=True,
            chart=chart,
            note=note,
        )


@dataclass(frozen=True)
class Section:
    title: str
    tables: list[Table]
    intro: str = ""


@dataclass(frozen=True)
class Report:
    """What one report covers (a borough and perhaps one funding stream, over a period) and its
    sections. `notes` are the caveats printed with it (the suppression rule, provisional
    figures, the rule hours are split by)."""

    title: str
    organisation: str
    borough: str
    funding_stream: str | None
    period_start: date
    period_end: date
    generated_at: datetime
    threshold: str
    sections: list[Section]
    notes: list[str] = field(default_factory=list)
