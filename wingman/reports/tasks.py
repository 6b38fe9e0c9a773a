"""Issuing reports in the background: every borough's for a month, when a manager asks, and each
month's by the schedule (issued by nobody, audited as the schedule)."""

from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wingman.accounts.models import Borough
from wingman.audit import context as audit_context
from wingman.background.services import job_progress, job_result, running
from wingman.referrals.models import FundingStream

from .issuing import last_month, month_of, report_issue

SCHEDULE_HOUR = 6
# pg_advisory_xact_lock key for "one start of the service schedules at a time" (the bytes of
# "MONTHLY").
SCHEDULE_LOCK = 0x4D4F4E54484C59


@task()
def issue_every_borough(job_id: int, year: int, month: int, result_url: str) -> None:
    """Issue the month's report of every borough of the organisation of whoever asked."""
    with running(job_id) as job:
        start, end = month_of(date(year, month, 1))
        boroughs = list(Borough.objects.filter(organisation=job.organisation).order_by("name"))
        for done, borough in enumerate(boroughs):
            job_progress(job, done=done, total=len(boroughs), step=f"Issuing {borough.name}")
            report_issue(
                actor=job.started_by, borough=borough, funding_stream=None, start=start, end=end
            )
        job_progress(job, done=len(boroughs), total=len(boroughs), step="Issued")
        job_result(job, result_url)


def boroughs_with_a_live_stream(start: date, end: date) -> list[Borough]:
    """Boroughs with a funding stream open at some time from `start` to `end`."""
    live = FundingStream.objects.filter(starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    return list(Borough.objects.filter(pk__in=live.values("borough_id")).order_by("pk"))


def next_run(today: date) -> datetime:
    """06:00 on the first of the month after `today`, London time."""
    first = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    return timezone.make_aware(datetime.combine(first, time(SCHEDULE_HOUR)))


@task()
def issue_monthly_reports(today: str | None = None) -> None:
    """Issue last month's report of every borough with a live stream, then come back on the
    first of next month. `today` (ISO) is for tests."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    start, end = last_month(day)
    token = audit_context.begin(
        audit_context.RequestContext(channel="task", path="schedule: monthly reports")
    )
    try:
        for borough in boroughs_with_a_live_stream(start, end):
            report_issue(actor=None, borough=borough, funding_stream=None, start=start, end=end)
    finally:
        audit_context.end(token)
    issue_monthly_reports.using(run_after=next_run(day)).enqueue()


def schedule_monthly_reports(today: date | None = None) -> datetime | None:
    """Put `issue_monthly_reports` on the schedule for the next first of the month, unless it is
    already waiting or running: the time it is scheduled for, or None if it already was. Any
    number of starts of the service at once schedule it once: the check and the scheduling are
    one transaction that holds a lock (on SQLite, the write lock taken as it begins)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULE_LOCK])
        waiting = DBTaskResult.objects.filter(
            task_path=issue_monthly_reports.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        if waiting.exists():
            return None
        when = next_run(today or timezone.localdate())
        issue_monthly_reports.using(run_after=when).enqueue()
        return when
