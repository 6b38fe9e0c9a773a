"""The report as a PDF, drawn by WeasyPrint from a template with the DejaVu fonts on the machine
(nothing fetched from outside). Its metadata dates are the report's own `generated_at`, so the
same report gives the same bytes."""

from typing import Any

from django.template.loader import render_to_string

from wingman.reports.document import Report, shown

from .charted import period_of, table_chart


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"Not fetched: {url}")


def pdf_context(report: Report) -> dict[str, Any]:
    sections = []
    for s, section in enumerate(report.sections, start=1):
        tables = []
        for t, table in enumerate(section.tables, start=1):
            table_id = f"table-{s}-{t}"
            tables.append(
                {
                    "table": table,
                    "id": table_id,
                    "rows": [(label, [shown(c) for c in cells]) for label, cells in table.rows],
                    "chart": table_chart(table, table_id) if table.chart else None,
                }
            )
        sections.append({"section": section, "tables": tables})
    return {
        "report": report,
        "period": period_of(report),
        "sections": sections,
        "stamp": report.generated_at.isoformat(timespec="seconds"),
    }


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # loading it costs a second; only the PDF needs it

    html = render_to_string("reports/issued_report_pdf.html", pdf_context(report))
    return bytes(HTML(string=html, url_fetcher=_no_fetching).write_pdf())
