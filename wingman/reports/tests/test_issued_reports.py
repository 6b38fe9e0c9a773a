"""Issued reports: kept exactly as issued, downloaded as issued and recorded, scoped by borough
and licence, issued in the background for every borough and on the schedule."""

import csv
import io
from datetime import date, time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from testing.factories import BoroughFactory, FundingStreamFactory
from testing.helpers import sign_in, work_through_the_queue
from wingman.accounts.choices import Role
from wingman.accounts.models import AccessWindow
from wingman.audit.models import AccessEvent, AppendOnlyError, AuditEvent
from wingman.background.models import Job, JobStatus
from wingman.core.errors import ServiceError
from wingman.reports.issue_views import month_choices
from wingman.reports.issuing import last_month, report_issue
from wingman.reports.models import IssuedReport, sha256
from wingman.reports.tasks import issue_monthly_reports
from wingman.tests.rows import form_token
from wingman.tests.rows.issued_reports import DOWNLOADS, DOWNLOADS_ON_LICENCE, TODAY

pytestmark = pytest.mark.django_db

START, END = last_month(TODAY)


@pytest.fixture
def issued(world):
    manager = world["users"][Role.MANAGER]
    a, b = world["boroughs"]
    return {
        "a": report_issue(actor=manager, borough=a, funding_stream=None, start=START, end=END),
        "b": report_issue(actor=manager, borough=b, funding_stream=None, start=START, end=END),
    }


def test_issuing_keeps_the_three_files_with_their_hashes_and_is_audited(world, issued):
    report = issued["a"]
    report.refresh_from_db()
    for fmt in ("pdf", "xlsx", "csv"):
        assert getattr(report, f"{fmt}_sha256") == sha256(report.file(fmt))
    assert report.file("pdf").startswith(b"%PDF")
    load_workbook(io.BytesIO(report.file("xlsx")))
    assert next(csv.reader(io.StringIO(report.file("csv").decode("utf-8-sig"))))[0] == "section"
    event = AuditEvent.objects.get(object_type="reports.issuedreport", object_id=str(report.pk))
    assert event.actor == world["users"][Role.MANAGER] and event.action == "create"


def test_an_issued_report_cannot_be_changed_or_removed(issued):
    report = issued["a"]
    with pytest.raises(AppendOnlyError):
        report.save()
    with pytest.raises(AppendOnlyError):
        IssuedReport.objects.filter(pk=report.pk).update(title="Changed")
    with pytest.raises(AppendOnlyError):
        report.delete()


def test_only_a_manager_of_the_organisation_issues(world):
    a, _ = world["boroughs"]
    for role in (Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.FUNDER, Role.ADMINISTRATOR):
        with pytest.raises(ServiceError):
            report_issue(
                actor=world["users"][role], borough=a, funding_stream=None, start=START, end=END
            )


def test_a_stream_of_another_borough_is_refused(world):
    a, b = world["boroughs"]
    with pytest.raises(ServiceError) as refused:
        report_issue(
            actor=world["users"][Role.MANAGER],
            borough=a,
            funding_stream=FundingStreamFactory(borough=b),
            start=START,
            end=END,
        )
    assert refused.value.field == "funding_stream"


def test_a_download_is_the_stored_bytes_exactly_and_is_recorded_as_an_export(world, issued, client):
    funder = world["users"][Role.FUNDER]
    sign_in(client, funder)
    report = issued["a"]
    for fmt, kind in (("pdf", "application/pdf"), ("xlsx", "spreadsheetml"), ("csv", "text/csv")):
        response = client.get(reverse("reports:issued-download", args=[report.pk, fmt]))
        assert response.status_code == 200
        assert kind in response["Content-Type"]
        assert response.content == report.file(fmt)
        assert sha256(response.content) == getattr(report, f"{fmt}_sha256")
    exports = AccessEvent.objects.filter(
        actor=funder, kind=AccessEvent.Kind.EXPORT, object_type="reports.issuedreport"
    )
    assert exports.count() == 3


@pytest.mark.parametrize("role", Role.values)
def test_who_downloads_which_boroughs_report(world, issued, client, role):
    user = world["users"][role]
    sign_in(client, user)
    for borough, expected in zip(("a", "b"), DOWNLOADS[role], strict=True):
        url = reverse("reports:issued-download", args=[issued[borough].pk, "pdf"])
        assert client.get(url).status_code == expected, f"{role} borough {borough}"


@pytest.mark.parametrize("role", list(DOWNLOADS_ON_LICENCE))
def test_staff_on_temporary_licence_never_download_but_see_the_list(world, issued, client, role):
    user = world["users"][role]
    user.on_temporary_licence = True
    user.save()
    AccessWindow.objects.create(
        user=user, weekdays=list(range(7)), starts_at=time(0, 0), ends_at=time(23, 59, 59)
    )
    sign_in(client, user)
    for borough, expected in zip(("a", "b"), DOWNLOADS_ON_LICENCE[role], strict=True):
        url = reverse("reports:issued-download", args=[issued[borough].pk, "csv"])
        assert client.get(url).status_code == expected
    page = client.get(reverse("reports:issued"))
    assert page.status_code == 200
    assert b"cannot download them while on temporary licence" in page.content
    assert not AccessEvent.objects.filter(actor=user, kind=AccessEvent.Kind.EXPORT).exists()


def test_a_funder_lists_only_its_own_boroughs_reports(world, issued, client):
    sign_in(client, world["users"][Role.FUNDER])
    page = client.get(reverse("reports:issued")).content.decode()
    assert "Borough A" in page and "Borough B" not in page


def test_issuing_a_month_again_keeps_both_and_the_list_says_which_is_latest(world, client):
    manager = world["users"][Role.MANAGER]
    a, _ = world["boroughs"]
    sign_in(client, manager)
    month = month_choices(TODAY)[0][0]
    for _ in range(2):
        response = client.post(
            reverse("reports:issue"), {"borough": a.pk, "month": month, **form_token()}
        )
        assert response.status_code == 302
    assert IssuedReport.objects.filter(borough=a, period_start=START).count() == 2
    page = client.get(reverse("reports:issued")).content.decode()
    assert page.count(">Latest<") == 1 and page.count(">Replaced<") == 1


def test_the_issue_form_sent_twice_issues_the_report_once(world, client):
    manager = world["users"][Role.MANAGER]
    a, b = world["boroughs"]
    sign_in(client, manager)
    sent = {"borough": a.pk, "month": month_choices(TODAY)[0][0], **form_token()}
    for _ in range(2):
        response = client.post(reverse("reports:issue"), sent)
        assert response.status_code == 302
    assert IssuedReport.objects.filter(borough=a, period_start=START).count() == 1
    # The same form changed to another borough is refused, and issues nothing.
    response = client.post(reverse("reports:issue"), {**sent, "borough": b.pk})
    assert response.status_code == 200
    assert IssuedReport.objects.filter(borough=b).count() == 0


def test_an_issue_form_without_its_token_is_refused_and_issues_nothing(world, client):
    sign_in(client, world["users"][Role.MANAGER])
    a, _ = world["boroughs"]
    response = client.post(
        reverse("reports:issue"), {"borough": a.pk, "month": month_choices(TODAY)[0][0]}
    )
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    assert not IssuedReport.objects.exists()


def test_every_boroughs_report_is_issued_in_the_background_as_the_manager(
    world, client, django_capture_on_commit_callbacks
):
    manager = world["users"][Role.MANAGER]
    sign_in(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:issue-all"), {"month": month_choices(TODAY)[0][0]})
    job = Job.objects.get()
    assert response["Location"] == reverse("background:job", args=[job.pk])
    work_through_the_queue()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.done, job.total, job.result_url) == (2, 2, reverse("reports:issued"))
    issued = IssuedReport.objects.filter(period_start=START)
    assert {r.borough.name for r in issued} == {"Borough A", "Borough B"}
    assert {r.issued_by for r in issued} == {manager}


def test_the_schedule_issues_last_months_reports_of_boroughs_with_a_live_stream_and_comes_back(
    world, django_capture_on_commit_callbacks
):
    a, _ = world["boroughs"]
    stream = FundingStreamFactory(borough=BoroughFactory(organisation=a.organisation))
    no_stream = BoroughFactory(organisation=a.organisation)
    ended = FundingStreamFactory(borough=BoroughFactory(organisation=a.organisation))
    ended.ends_on = date(2026, 9, 30)
    ended.save()
    with django_capture_on_commit_callbacks(execute=True):
        issue_monthly_reports.enqueue(today="2027-03-15")
    work_through_the_queue()
    boroughs = set(IssuedReport.objects.values_list("borough", flat=True))
    assert stream.borough.pk in boroughs
    assert no_stream.pk not in boroughs and ended.borough.pk not in boroughs
    issued = IssuedReport.objects.get(borough=stream.borough)
    assert issued.issued_by is None
    assert (str(issued.period_start), str(issued.period_end)) == ("2027-02-01", "2027-02-28")
    event = AuditEvent.objects.get(object_type="reports.issuedreport", object_id=str(issued.pk))
    assert event.actor is None and event.channel == "task"
    again = DBTaskResult.objects.filter(
        task_path=issue_monthly_reports.module_path, status="READY"
    ).get()
    assert str(again.run_after.date()) == "2027-04-01"


def test_scheduling_the_monthly_reports_twice_queues_them_once(db):
    call_command("schedule_monthly_reports")
    call_command("schedule_monthly_reports")
    waiting = DBTaskResult.objects.filter(task_path=issue_monthly_reports.module_path)
    assert waiting.count() == 1
    assert waiting.get().run_after.day == 1
