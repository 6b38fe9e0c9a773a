"""Comparison pools are imported all or nothing, and evaluations run for real in the background
and give the same result when run again."""

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from testing.factories import ClientFactory, JourneyFactory, TeamFactory, UserFactory
from testing.helpers import work_through_the_queue
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.background.models import JobStatus
from wingman.core.errors import ServiceError
from wingman.impact import selectors, services
from wingman.impact.models import ComparisonPerson, ComparisonPool, EvaluationRun
from wingman.impact.views import LESS, MORE, UNSURE, verdict
from wingman.offending.models import Offence

pytestmark = pytest.mark.django_db

HEADER = "ref,Reoffended,Age,Sex,Sanctions,age_first_sanction,age_current_sanction\n"


def pool_csv(n: int, seed: int = 1) -> bytes:
    chance = random.Random(seed)
    lines = [HEADER]
    for i in range(n):
        age = chance.randint(18, 24)
        first = chance.randint(12, age)
        lines.append(
            f"P{i},{int(chance.random() < 0.5)},{age},{chance.choice('MF')},"
            f"{chance.randint(1, 6)},{first},{chance.randint(first, age)}\n"
        )
    return "".join(lines).encode()


@pytest.fixture
def team():
    return TeamFactory()


@pytest.fixture
def manager(team):
    return UserFactory(role=Role.MANAGER, team=team)


def import_pool(manager, content):
    headers, _ = services.read_csv(content)
    return services.pool_import(
        actor=manager,
        name="Extract",
        source="Partner",
        content=content,
        mapping=services.guess_mapping(headers),
    )


def make_treated(team, manager, n, seed=2):
    chance = random.Random(seed)
    today = timezone.localdate()
    for _ in range(n):
        start = today - timedelta(days=800 + chance.randint(0, 200))
        age = chance.randint(18, 24)
        born = date(start.year - age, 1, 1) - timedelta(days=chance.randint(1, 300))
        client = ClientFactory(team=team, date_of_birth=born, gender="male")
        JourneyFactory(client=client, opened_on=start, stage_since=start)
        for k in range(chance.randint(1, 3)):
            Offence.objects.create(
                client=client,
                committed_on=start - timedelta(days=300 - 50 * k),
                category="violence",
                disposal="conviction",
                disposal_on=start - timedelta(days=280 - 50 * k),
                source="pnc",
                recorded_by=manager,
            )
        if chance.random() < 0.3:
            Offence.objects.create(
                client=client,
                committed_on=start + timedelta(days=60),
                category="violence",
                disposal="conviction",
                disposal_on=start + timedelta(days=120),
                source="pnc",
                recorded_by=manager,
            )


def test_a_pool_is_imported_with_its_mapping_and_fingerprint(manager):
    pool = import_pool(manager, pool_csv(30))
    assert pool.row_count == 30 == ComparisonPerson.objects.filter(pool=pool).count()
    assert pool.mapping["reoffended"] == "Reoffended" and pool.mapping["identifier"] == "ref"
    assert len(pool.sha256) == 64
    assert AuditEvent.objects.filter(object_type="impact.comparisonpool", actor=manager).exists()


def test_a_bad_row_names_its_row_and_column_and_nothing_is_imported(manager):
    content = pool_csv(20).replace(b"\nP13,", b"\nP13,", 1)
    lines = content.decode().splitlines()
    parts = lines[13].split(",")
    parts[2] = "abc"
    lines[13] = ",".join(parts)
    with pytest.raises(services.PoolErrors) as refused:
        import_pool(manager, "\n".join(lines).encode())
    assert refused.value.errors == ["Row 14, age: 'abc' is not a whole number"]
    assert not ComparisonPool.objects.exists() and not ComparisonPerson.objects.exists()


def test_a_file_that_is_not_text_is_refused(manager):
    with pytest.raises(ServiceError, match="text CSV"):
        import_pool(manager, b"\x89PNG\0\0")


def test_a_caseworker_cannot_import_a_pool(team):
    caseworker = UserFactory(role=Role.CASEWORKER, team=team)
    with pytest.raises(ServiceError):
        import_pool(caseworker, pool_csv(5))


def test_clients_whose_follow_up_is_not_complete_are_left_out_and_counted(team, manager):
    make_treated(team, manager, 3)
    recent = ClientFactory(team=team, date_of_birth=date(2000, 1, 1), gender="male")
    JourneyFactory(client=recent)
    cohort = selectors.treated_cohort(manager, today=timezone.localdate())
    assert len(cohort.rows) == 3
    assert cohort.left_out == {selectors.PROVISIONAL: 1}


def test_a_matched_evaluation_runs_in_the_background_and_again_gives_the_same_result(
    team, manager, django_capture_on_commit_callbacks
):
    make_treated(team, manager, 70)
    pool = import_pool(manager, pool_csv(400))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=manager, pool=pool, today=timezone.localdate())
    work_through_the_queue()
    run.refresh_from_db()
    run.job.refresh_from_db()
    assert run.job.status == JobStatus.DONE, run.job.error
    assert run.job.result_url == f"/impact/runs/{run.pk}/"
    assert run.result["design"] == "matched" and run.result["n_treated"] == 70
    with django_capture_on_commit_callbacks(execute=True):
        again = services.run_again(actor=manager, run=run)
    work_through_the_queue()
    again.refresh_from_db()
    assert again.fingerprint == run.fingerprint
    assert again.result == run.result


def test_fewer_than_60_clients_fail_the_job_in_plain_words(
    team, manager, django_capture_on_commit_callbacks
):
    make_treated(team, manager, 10)
    pool = import_pool(manager, pool_csv(50))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=manager, pool=pool, today=timezone.localdate())
    work_through_the_queue()
    run.job.refresh_from_db()
    assert run.job.status == JobStatus.FAILED
    assert "at least 60 are needed" in run.job.error
    assert EvaluationRun.objects.get(pk=run.pk).result is None


def test_with_no_pool_expected_is_compared_with_observed(
    team, manager, django_capture_on_commit_callbacks, client
):
    make_treated(team, manager, 65)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=manager, pool=None, today=timezone.localdate())
    work_through_the_queue()
    run.refresh_from_db()
    assert run.result["design"] == "expected" and run.result["n"] == 65


def test_the_three_way_wording_follows_the_interval():
    assert verdict(-0.2, -0.01) == LESS
    assert verdict(-0.2, 0.01) == UNSURE
    assert verdict(0.01, 0.2) == MORE


def test_the_run_page_shows_the_result_sentence_and_the_balance_plot_beside_its_table(
    team, manager, django_capture_on_commit_callbacks, client
):
    from testing.helpers import sign_in

    make_treated(team, manager, 70)
    pool = import_pool(manager, pool_csv(400))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=manager, pool=pool, today=timezone.localdate())
    work_through_the_queue()
    sign_in(client, manager)
    page = client.get(f"/impact/runs/{run.pk}/").content.decode()
    run.refresh_from_db()
    expected = verdict(run.result["ci_low"], run.result["ci_high"])
    assert expected in page
    assert 'id="balance-table"' in page and "<svg" in page
    assert "per 100 people" in page


def test_the_demo_pool_is_the_same_every_time_and_imports(manager):
    from wingman.impact.demo_pool import demo_pool_csv

    assert demo_pool_csv() == demo_pool_csv()
    pool = import_pool(manager, demo_pool_csv())
    assert pool.row_count == 600
    assert pool.mapping["custody_months"] == "custody_months"
