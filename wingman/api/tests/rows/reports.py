"""The API permission matrix's rows for reports: a borough's monthly report, the issued reports
and an issued file (about a borough, never a client: the relation does not apply)."""

from typing import Any

from wingman.api.tests.rows import Row
from wingman.reports.issue_views import month_choices
from wingman.reports.issuing import last_month, report_issue
from wingman.reports.models import IssuedReport
from wingman.tests.rows import TODAY

LAST_MONTH = month_choices(TODAY)[0][0]

ROWS: dict[str, Row] = {
    "get_monthly_report": (
        "get",
        lambda c: f"/reports/boroughs/{c.team.borough_id}/monthly/{LAST_MONTH}",
        None,
        "read issued reports",
        200,
    ),
    "list_issued_reports": ("get", lambda c: "/reports/issued", None, "read issued reports", 200),
    "download_issued_report": (
        "get",
        lambda c: f"/reports/issued/{c.issued_report.pk}/csv",
        None,
        "read issued reports",
        200,
    ),
}
UNSCOPED = set(ROWS)


def furnish(client: Any, author: Any) -> None:
    """One report issued (by the schedule) for the client's borough, shared by its clients."""
    borough = client.team.borough
    client.issued_report = IssuedReport.objects.filter(borough=borough).first()
    if client.issued_report is None:
        start, end = last_month(TODAY)
        client.issued_report = report_issue(
            actor=None, borough=borough, funding_stream=None, start=start, end=end
        )
