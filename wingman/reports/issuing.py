"""Issuing a borough's monthly report: built once, drawn as PDF, workbook and CSV, and the three
files kept exactly as issued (`IssuedReport`, append-only). Downloading one returns those bytes."""

import calendar
from datetime import date
from typing import Any

from django.db import transaction

from wingman.accounts import permissions
from wingman.accounts.models import Borough
from wingman.audit.services import record_change, record_export
from wingman.core.errors import ServiceError
from wingman.referrals.models import FundingStream

from .files import FORMATS
from .models import IssuedReport, sha256
from .monthly import monthly_report

NOT_A_MANAGER = "Only a manager can issue reports"


def month_of(day: date) -> tuple[date, date]:
    """The first and last days of `day`'s month."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def last_month(today: date) -> tuple[date, date]:
    return month_of(today.replace(day=1).fromordinal(today.replace(day=1).toordinal() - 1))


def report_issue(
    *,
    actor: Any,
    borough: Borough,
    funding_stream: FundingStream | None,
    start: date,
    end: date,
) -> IssuedReport:
    """Issue the report for `borough` (one of its streams, if given) from `start` to `end`.
    `actor` None is the schedule."""
    if actor is not None and not (
        permissions.issues_reports(actor) and borough.organisation_id == actor.organisation_id
    ):
        raise ServiceError(NOT_A_MANAGER)
    if funding_stream is not None and funding_stream.borough_id != borough.pk:
        raise ServiceError("Choose a funding stream of this borough", field="funding_stream")
    if end < start:
        raise ServiceError("The period must end after it starts", field="month")
    report = monthly_report(borough=borough, funding_stream=funding_stream, start=start, end=end)
    files = {fmt: format.render(report) for fmt, format in FORMATS.items()}
    with transaction.atomic():
        issued = IssuedReport.objects.create(
            borough=borough,
            funding_stream=funding_stream,
            period_start=start,
            period_end=end,
            issued_by=actor,
            issued_at=report.generated_at,
            threshold=report.threshold,
            title=report.title[:300],
            **files,
            **{f"{fmt}_sha256": sha256(data) for fmt, data in files.items()},
        )
        who = "the schedule" if actor is None else "a manager"
        record_change(
            actor=actor,
            action="create",
            obj=issued,
            client_id=None,
            summary=f"Issued by {who}: {issued}",
        )
    return issued


def report_download(*, actor: Any, issued: IssuedReport, fmt: str) -> bytes:
    """The issued file's bytes, exactly as issued; the export is recorded."""
    if not permissions.downloads_issued_reports(actor):
        raise ServiceError("You cannot take reports out of the system")
    if fmt not in FORMATS:
        raise ServiceError("There is no such file", field="fmt")
    with transaction.atomic():
        record_export(actor=actor, obj=issued)
    return issued.file(fmt)


def latest_ids(issued: Any) -> set[int]:
    """Of these issued reports, the latest issue of each borough, stream and period."""
    latest: dict[tuple[Any, ...], tuple[Any, int]] = {}
    for r in issued:
        key = (r.borough_id, r.funding_stream_id, r.period_start, r.period_end)
        if key not in latest or (r.issued_at, r.pk) > latest[key]:
            latest[key] = (r.issued_at, r.pk)
    return {pk for _, pk in latest.values()}


def boroughs_reported_to(user: Any) -> Any:
    """The boroughs whose reports `user` reads (a manager: the organisation's; a funder: its
    own)."""
    scope = permissions.issued_report_boroughs(user)
    if scope is None:
        return Borough.objects.none()
    if "borough_id" in scope:
        return Borough.objects.filter(pk=scope["borough_id"])
    return Borough.objects.filter(organisation_id=scope["borough__organisation_id"])


def report_data(*, actor: Any, borough: Borough, start: date, end: date) -> Any:
    """The borough's monthly report as published (hidden numbers already hidden), its reading
    recorded as an export."""
    if not permissions.downloads_issued_reports(actor):
        raise ServiceError("You cannot take reports out of the system")
    report = monthly_report(borough=borough, start=start, end=end)
    with transaction.atomic():
        record_export(actor=actor, obj=borough)
    return report
