"""What the renderers share: a table's chart, drawn from its own cells."""

from django.utils.safestring import SafeString

from wingman.core.charts import bar_chart
from wingman.core.dates import when
from wingman.reports.document import Cell, Report, Table


def _number(cell: Cell) -> float | None:
    return float(cell) if isinstance(cell, int | float) else None


def table_chart(table: Table, table_id: str) -> SafeString:
    """The table as a bar chart beside it: its rows (not the total row) as categories, its
    columns (not the total column) as series; a hidden cell is drawn as [c]."""
    rows = table.rows[:-1] if table.total_row else table.rows
    columns = table.columns[:-1] if table.total_column and len(table.columns) > 1 else table.columns
    return bar_chart(
        title=table.title,
        described_by=table_id,
        categories=[label for label, _ in rows],
        series=[
            (column, [_number(cells[i]) for _, cells in rows]) for i, column in enumerate(columns)
        ],
        unit=table.unit,
    )


def period_of(report: Report) -> str:
    """The period in words, with years (a file is kept and read later)."""
    return f"{when(report.period_start, year=True)} to {when(report.period_end, year=True)}"
