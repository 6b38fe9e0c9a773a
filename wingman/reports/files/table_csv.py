"""The report as one tidy CSV: a row per published number (section, table, row, column, value,
unit), `[c]` where a number is hidden; UTF-8 with a byte order mark so Excel reads it as such."""

import csv
import io

from wingman.reports.document import Report
from wingman.reports.suppression import SUPPRESSED

HEADER = ["section", "table", "row", "column", "value", "unit"]


def report_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for section in report.sections:
        for table in section.tables:
            for label, cells in table.rows:
                for column, cell in zip(table.columns, cells, strict=True):
                    value = SUPPRESSED if cell is None else cell
                    writer.writerow([section.title, table.title, label, column, value, table.unit])
    return out.getvalue().encode("utf-8-sig")
