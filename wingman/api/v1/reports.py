"""The API's reports operations: a borough's monthly report as data (hidden numbers are null),
the issued reports, and each issued file exactly as issued. Figures only, never a name; every
read is recorded as an export."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import StringConstraints

from wingman.accounts import permissions
from wingman.accounts.models import Borough
from wingman.audit.services import record_denial
from wingman.reports.files import FORMATS
from wingman.reports.issuing import (
    boroughs_reported_to,
    latest_ids,
    month_of,
    report_data,
    report_download,
)
from wingman.reports.models import IssuedReport

from ..auth import actor_of, requires
from ..records import get_record
from ..schemas import READ_ERRORS, Id

router = Router(tags=["Reports"])

READS_REPORTS = "Your role does not read borough reports."

Cell = int | float | str | None


class TableOut(Schema):
    title: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]
    unit: str
    total_row: bool
    total_column: bool
    note: str


class SectionOut(Schema):
    title: str
    intro: str
    tables: list[TableOut]


class ReportOut(Schema):
    title: str
    organisation: str
    borough: str
    funding_stream: str | None
    period_start: date
    period_end: date
    generated_at: datetime
    threshold: str
    notes: list[str]
    sections: list[SectionOut]


Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class IssuedOut(Schema):
    id: int
    borough_id: int
    funding_stream_id: int | None
    period_start: date
    period_end: date
    issued_by_id: int | None
    issued_at: datetime
    threshold: str
    title: str
    latest: bool
    pdf_sha256: str
    xlsx_sha256: str
    csv_sha256: str


@router.get(
    "/reports/boroughs/{borough_id}/monthly/{month}",
    response={200: ReportOut, **READ_ERRORS},
    operation_id="get_monthly_report",
    summary="A borough's monthly report as data (a hidden small number is null)",
)
@requires(permissions.reads_issued_reports, READS_REPORTS)
def get_monthly_report(request: HttpRequest, borough_id: Id, month: Month) -> Any:
    user = actor_of(request)
    borough = boroughs_reported_to(user).filter(pk=borough_id).first()
    if borough is None:
        record_denial(actor=user, model=Borough, object_id=borough_id)
        raise Http404("Not found")
    year, number = (int(part) for part in month.split("-"))
    start, end = month_of(date(year, number, 1))
    return report_data(actor=user, borough=borough, start=start, end=end)


@router.get(
    "/reports/issued",
    response={200: list[IssuedOut], **READ_ERRORS},
    operation_id="list_issued_reports",
    summary="The issued reports one may read, latest period first",
)
@requires(permissions.reads_issued_reports, READS_REPORTS)
def list_issued_reports(request: HttpRequest) -> Any:
    issued = list(IssuedReport.objects.visible_to(actor_of(request)).defer("pdf", "xlsx", "csv"))
    latest = latest_ids(issued)
    return [
        {
            **{f: getattr(r, f) for f in IssuedOut.model_fields if f not in ("id", "latest")},
            "id": r.pk,
            "latest": r.pk in latest,
        }
        for r in issued
    ]


@router.get(
    "/reports/issued/{issued_id}/{fmt}",
    response={**READ_ERRORS},
    operation_id="download_issued_report",
    summary="An issued report's file, exactly as issued (pdf, xlsx or csv)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file as issued",
                "content": {
                    f.content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                    for f in FORMATS.values()
                },
            }
        }
    },
)
@requires(permissions.downloads_issued_reports, READS_REPORTS)
def download_issued_report(
    request: HttpRequest, issued_id: Id, fmt: Literal["pdf", "xlsx", "csv"]
) -> Any:
    issued = get_record(request, IssuedReport, issued_id, audit=False)
    data = report_download(actor=actor_of(request), issued=issued, fmt=fmt)
    response = HttpResponse(data, content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="report-{issued.pk}.{fmt}"'
    return response
