"""The report as an Excel workbook: a cover sheet (what it is, the period, the suppression rule,
the notes) and a sheet per section, numbers as numbers and `[c]` as text. The workbook's
properties and every zip entry's date are the report's `generated_at`, so the same report gives
the same bytes."""

import io
import zipfile
from datetime import UTC, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from wingman.reports.document import Report
from wingman.reports.suppression import SUPPRESSED

from .charted import period_of

BOLD = Font(bold=True)
# Characters a sheet's name may not hold, and its longest length.
NOT_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(title: str, taken: set[str]) -> str:
    base = title.translate(NOT_IN_SHEET_NAMES).strip()[:28] or "Section"
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:25]} {n}", n + 1
    taken.add(name.lower())
    return name


def _workbook(report: Report) -> Workbook:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "About this report"
    stream = report.funding_stream or "All funding streams"
    lines: list[tuple[str, str]] = [
        ("Report", report.title),
        ("Organisation", report.organisation),
        ("Borough", report.borough),
        ("Funding stream", stream),
        ("Period", period_of(report)),
        ("Small numbers", f"{report.threshold}, shown as {SUPPRESSED}"),
    ]
    lines += [("Note", note) for note in report.notes]
    for label, value in lines:
        cover.append([label, value])
        cover.cell(row=cover.max_row, column=1).font = BOLD
    cover.column_dimensions["A"].width = 18
    cover.column_dimensions["B"].width = 90
    taken = {cover.title.lower()}
    for section in report.sections:
        sheet = book.create_sheet(_sheet_name(section.title, taken))
        if section.intro:
            sheet.append([section.intro])
            sheet.append([])
        for table in section.tables:
            sheet.append([table.title + (f" ({table.unit})" if table.unit else "")])
            sheet.cell(row=sheet.max_row, column=1).font = BOLD
            sheet.append([table.row_heading, *table.columns])
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD
            for label, cells in table.rows:
                sheet.append([label, *(SUPPRESSED if c is None else c for c in cells)])
            if table.note:
                sheet.append([table.note])
            sheet.append([])
        sheet.column_dimensions["A"].width = 40
        for column in range(2, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 14
    made = report.generated_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    book.properties.creator = report.organisation
    book.properties.title = report.title
    book.properties.created = made
    book.properties.modified = made
    return book


def report_xlsx(report: Report) -> bytes:
    book = _workbook(report)
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        # openpyxl's own save stamps "modified" with now; the writer keeps what is set.
        ExcelWriter(book, archive).save()
    return _with_fixed_dates(written.getvalue(), report.generated_at)


def _with_fixed_dates(data: bytes, at: datetime) -> bytes:
    """The same zip with every entry dated `at` (a zip entry holds the time it was written)."""
    stamp = at.astimezone(UTC).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)  # type: ignore[arg-type]
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = entry.external_attr
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()
