"""Background work runs for real: enqueued when the asking transaction commits, picked up by
django-tasks-db's worker, its progress kept, its writes audited as the person who asked."""

import pytest
from django.db import transaction
from django.urls import reverse

from testing.factories import TeamFactory, UserFactory
from testing.helpers import sign_in, work_through_the_queue
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.background.models import Job, JobStatus
from wingman.background.services import FAILED_UNEXPECTEDLY, job_start
from wingman.background.tests import tasks_for_tests

pytestmark = pytest.mark.django_db


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """`job_start`, with what waits for the commit run as the request's commit would run it."""

    def start(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return job_start(**kwargs)

    return start


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER)


def test_work_is_done_by_the_worker_and_audited_as_whoever_asked(manager, start):
    team = TeamFactory()
    job = start(
        actor=manager,
        task=tasks_for_tests.rename_team,
        title="Rename a team",
        team_id=team.pk,
        name="Renamed in the background",
    )
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    work_through_the_queue()
    job.refresh_from_db()
    team.refresh_from_db()
    assert team.name == "Renamed in the background"
    assert (job.status, job.done, job.total, job.step) == (JobStatus.DONE, 2, 2, "Renamed")
    assert job.started_at is not None and job.finished_at is not None
    assert job.result_url == "/"
    change = AuditEvent.objects.get(object_type="accounts.team", object_id=str(team.pk))
    assert change.actor == manager
    assert change.channel == "task"
    assert change.path == f"{job.kind} job {job.pk}"
    assert AuditEvent.objects.filter(object_type="background.job", actor=manager).exists()


def test_a_job_asked_for_in_a_transaction_that_rolls_back_never_runs(manager, start):
    team = TeamFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        start(
            actor=manager,
            task=tasks_for_tests.rename_team,
            title="Rename a team",
            team_id=team.pk,
            name="Never",
        )
        raise RuntimeError("the request failed")
    work_through_the_queue()
    assert not Job.objects.exists()
    team.refresh_from_db()
    assert team.name != "Never"


def test_a_refusal_fails_the_job_with_its_own_words(manager, start):
    job = start(actor=manager, task=tasks_for_tests.refuse, title="Refused")
    work_through_the_queue()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "There are fewer than 60 people to send"


def test_a_bug_fails_the_job_with_a_general_message_and_is_logged(manager, caplog, start):
    job = start(actor=manager, task=tasks_for_tests.break_down, title="Broken")
    work_through_the_queue()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == FAILED_UNEXPECTEDLY
    assert "a bug" in caplog.text


def test_the_job_page_shows_progress_and_refreshes_itself_until_finished(client, manager, start):
    team = TeamFactory()
    job = start(
        actor=manager,
        task=tasks_for_tests.rename_team,
        title="Rename a team",
        team_id=team.pk,
        name="X",
    )
    sign_in(client, manager)
    page = client.get(reverse("background:job", args=[job.pk]))
    assert page.status_code == 200
    assert b'http-equiv="refresh"' in page.content
    assert b"Waiting to start" in page.content
    work_through_the_queue()
    page = client.get(reverse("background:job", args=[job.pk]))
    assert b'http-equiv="refresh"' not in page.content
    assert b"Finished" in page.content and b"See the result" in page.content


def test_nobody_but_whoever_started_a_job_can_see_it(client, manager, start):
    job = start(actor=manager, task=tasks_for_tests.refuse, title="Mine")
    for role in Role.values:
        other = UserFactory(role=role)
        sign_in(client, other)
        assert client.get(reverse("background:job", args=[job.pk])).status_code == 404
    client.logout()
    page = client.get(reverse("background:job", args=[job.pk]))
    assert page.status_code == 302 and "sign-in" in page["Location"]
