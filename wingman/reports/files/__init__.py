"""A `document.Report` drawn as a file: a PDF, a workbook and a tidy CSV. Each renderer is
deterministic (the same report gives the same bytes), so an issued report can be checked against
its stored hash, and the three say the same thing as the page."""

from collections.abc import Callable
from dataclasses import dataclass

from wingman.reports.document import Report

from .pdf import report_pdf
from .table_csv import report_csv
from .workbook import report_xlsx


@dataclass(frozen=True)
class Format:
    name: str
    content_type: str
    extension: str
    render: Callable[[Report], bytes]


FORMATS: dict[str, Format] = {
    "pdf": Format("PDF", "application/pdf", "pdf", report_pdf),
    "xlsx": Format(
        "Excel workbook",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        report_xlsx,
    ),
    "csv": Format("CSV", "text/csv; charset=utf-8", "csv", report_csv),
}

__all__ = ["FORMATS", "Format", "report_csv", "report_pdf", "report_xlsx"]
