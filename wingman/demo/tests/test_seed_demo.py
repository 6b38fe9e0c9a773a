from datetime import time, timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from testing.factories import ClientFactory
from wingman.accounts.choices import Role
from wingman.accounts.models import Borough, Organisation, Team, User
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.casework.choices import ChecklistItem, ClosureReason, Stage
from wingman.casework.models import (
    Contact,
    Journey,
    PartnerReferral,
    StageChange,
    Task,
)
from wingman.casework.selectors import live, overdue_tasks, releases_due, taken_on_by_themselves
from wingman.demo.generator import DEMO_ACCOUNTS, DEMO_PASSWORD
from wingman.people.models import Client
from wingman.referrals.choices import OPEN_REFERRAL_STATES, ReferralState, Source
from wingman.referrals.models import Allocation, FundingStream, Referral

SCALE = 0.06


def seed(**options):
    out, err = StringIO(), StringIO()
    call_command("seed_demo", stdout=out, stderr=err, **options)
    return out.getvalue()


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """One small demo service for the tests that only read it, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed(scale=SCALE, seed=7)
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def user(username):
    return User.objects.select_related("team__borough").get(username=username)


def fingerprint():
    return (
        list(
            Client.objects.order_by("id").values_list(
                "given_name",
                "family_name",
                "date_of_birth",
                "gender",
                "borough__name",
                "team__name",
                "caseworker__username",
                "prison_number",
            )
        ),
        list(
            Referral.objects.order_by("id").values_list(
                "source", "received_on", "state", "decided_by__username", "funding_stream__name"
            )
        ),
        list(
            Journey.objects.order_by("id").values_list(
                "stage", "opened_on", "stage_since", "closed_on", "expected_release_date"
            )
        ),
        list(
            Contact.objects.order_by("id").values_list(
                "occurred_on", "minutes", "contact_type", "note", "author__username"
            )
        ),
        list(Task.objects.order_by("id").values_list("title", "due_on", "done_at__date")),
        list(User.objects.order_by("id").values_list("username", "first_name", "role")),
    )


class TestASmallDemoService:
    """Built once for every test in the class, and rolled back after them."""

    def test_builds_one_organisation_with_eighteen_boroughs_and_a_team_in_each(self, demo):
        assert Organisation.objects.get().name == "Wingman Demo Trust"
        assert Borough.objects.count() == 18
        assert {"Southwark", "Hackney", "Barking and Dagenham"} <= set(
            Borough.objects.values_list("name", flat=True)
        )
        for borough in Borough.objects.all():
            assert 1 <= Team.objects.filter(borough=borough).count() <= 2
            assert 1 <= FundingStream.objects.filter(borough=borough).count() <= 3

    def test_creates_every_role_and_every_documented_account(self, demo):
        assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
        for account in DEMO_ACCOUNTS:
            staff = user(account.username)
            assert staff.role == account.role
            assert staff.check_password(DEMO_PASSWORD)
        admin, funder = user("admin"), user("funder")
        assert admin.is_superuser and admin.is_staff and admin.team is None  # by role
        assert admin.organisation is not None
        assert funder.team is None and funder.funded_borough is not None
        assert User.objects.filter(role=Role.CASEWORKER, lived_experience=True).count() >= 3

    def test_the_rotl_caseworker_may_work_only_weekdays_eight_till_six(self, demo):
        rotl = user("rotl")
        assert rotl.on_temporary_licence and rotl.role == Role.CASEWORKER
        (window,) = rotl.access_windows.all()
        assert sorted(window.weekdays) == [0, 1, 2, 3, 4]
        assert (window.starts_at, window.ends_at) == (time(8), time(18))

    def test_takes_referrals_from_every_source(self, demo):
        assert set(Referral.objects.values_list("source", flat=True)) == set(Source.values)

    def test_decides_most_older_referrals_and_leaves_recent_ones_open(self, demo):
        today = timezone.localdate()
        old = Referral.objects.filter(received_on__lt=today - timedelta(days=90))
        assert not old.filter(state__in=OPEN_REFERRAL_STATES).exists()
        assert old.filter(state=ReferralState.ACCEPTED).count() > old.count() / 2
        assert Referral.objects.filter(state=ReferralState.DECLINED).exists()
        assert Referral.objects.filter(state__in=OPEN_REFERRAL_STATES).exists()

    def test_every_team_has_an_open_referral_nobody_has_picked_up(self, demo):
        for team in Team.objects.all():
            assert Referral.objects.filter(
                client__team=team, state__in=OPEN_REFERRAL_STATES, client__caseworker__isnull=True
            ).exists(), team

    def test_has_journeys_at_every_stage_including_closed(self, demo):
        assert set(Journey.objects.values_list("stage", flat=True)) == set(Stage.values)
        closed = Journey.objects.filter(stage=Stage.CLOSED)
        assert not closed.filter(closure_reason="").exists()
        assert not closed.filter(closed_on__isnull=True).exists()
        assert set(closed.values_list("closure_reason", flat=True)) <= set(ClosureReason.values)

    def test_records_unfunded_journeys_with_the_reason(self, demo):
        unfunded = Journey.objects.filter(funding_stream__isnull=True)
        assert unfunded.exists()
        assert not unfunded.filter(unfunded_reason="").exists()
        assert (
            not Journey.objects.filter(funding_stream__isnull=False)
            .exclude(unfunded_reason="")
            .exists()
        )

    def test_each_journey_history_ends_in_its_current_stage(self, demo):
        for journey in Journey.objects.prefetch_related("stage_changes"):
            changes = list(journey.stage_changes.all())
            assert changes[0].from_stage == "" and changes[0].on == journey.opened_on
            assert changes[-1].to_stage == journey.stage
            assert changes[-1].on == journey.stage_since
            for before, after in pairwise(changes):
                assert after.from_stage == before.to_stage and after.on >= before.on

    def test_journeys_past_release_day_have_a_checklist(self, demo):
        released = Journey.objects.filter(stage_changes__to_stage=Stage.RELEASE_DAY).distinct()
        assert released.exists()
        for journey in released:
            assert journey.checklist.count() == len(ChecklistItem.values)
        in_custody = Journey.objects.filter(stage=Stage.IN_CUSTODY)
        assert not in_custody.filter(expected_release_date__isnull=True).exists()
        assert not in_custody.filter(establishment="").exists()

    def test_never_dates_work_in_the_future(self, demo):
        today = timezone.localdate()
        assert Contact.objects.count() > 10 * Journey.objects.count() / 2
        assert Contact.objects.aggregate(last=Max("occurred_on"))["last"] <= today
        assert StageChange.objects.aggregate(last=Max("on"))["last"] <= today
        assert PartnerReferral.objects.aggregate(last=Max("made_on"))["last"] <= today
        assert not Contact.objects.filter(created_at__gt=timezone.now()).exists()

    def test_gives_the_caseworker_releases_this_week_and_overdue_tasks(self, demo):
        caseworker, today = user("caseworker"), timezone.localdate()
        assert releases_due(caseworker, today).count() >= 2
        assert overdue_tasks(caseworker, today).exists()
        assert Task.objects.filter(assigned_to=caseworker, done_at__isnull=False).exists()
        assert Task.objects.filter(
            assigned_to=caseworker, done_at__isnull=True, due_on__gte=today
        ).exists()

    def test_keeps_allocation_history_for_allocated_clients(self, demo):
        allocated = Client.objects.filter(caseworker__isnull=False)
        assert allocated.exists()
        for client in allocated:
            latest = Allocation.objects.filter(client=client).order_by("-allocated_at").first()
            assert latest is not None and latest.caseworker_id == client.caseworker_id
            assert client.caseworker.team_id == client.team_id

    def test_the_safeguarding_lead_sees_every_seeded_client(self, demo):
        assert Client.objects.visible_to(user("safeguarding")).count() == Client.objects.count()

    def test_the_caseworker_sees_their_own_caseload_and_no_one_else(self, demo):
        caseworker = user("caseworker")
        visible = set(Client.objects.visible_to(caseworker).values_list("pk", flat=True))
        own = set(Client.objects.filter(caseworker=caseworker).values_list("pk", flat=True))
        assert own and own <= visible
        live = Client.objects.filter(
            caseworker=caseworker, journeys__stage__in=[Stage.IN_CUSTODY, Stage.COMMUNITY]
        )
        assert live.exists()
        others = Client.objects.exclude(caseworker=caseworker).exclude(
            caseworker__isnull=True, created_by=caseworker
        )
        assert not visible & set(others.values_list("pk", flat=True))

    def test_a_caseworker_in_another_borough_shares_no_client_with_caseworker(self, demo):
        here, there = user("caseworker"), user("caseworker2")
        assert here.team.borough != there.team.borough
        mine = set(Client.objects.visible_to(here).values_list("pk", flat=True))
        theirs = set(Client.objects.visible_to(there).values_list("pk", flat=True))
        assert mine and theirs and not mine & theirs
        assert Client.objects.filter(caseworker=there).exists()

    def test_journeys_record_the_actual_release_date_as_the_moves_do(self, demo):
        released = 0
        for journey in Journey.objects.prefetch_related("stage_changes"):
            expected = None
            for change in journey.stage_changes.all():
                if change.to_stage == Stage.RELEASE_DAY:
                    expected = change.on
                elif change.to_stage == Stage.IN_CUSTODY:
                    expected = None
            assert journey.released_on == expected, journey.pk
            released += expected is not None
        assert released

    def test_the_monday_walk_in_was_taken_on_by_the_caseworker_who_saw_her(self, demo):
        today = timezone.localdate()
        taken = taken_on_by_themselves(user("teamlead"), today)
        assert [a.caseworker.username for a in taken] == ["caseworker"]
        assert taken[0].client.referrals.get().source == Source.SELF

    def test_writes_no_audit_rows(self, demo):
        assert not AuditEvent.objects.exists()
        assert not AccessEvent.objects.exists()

    def test_sign_in_help_names_every_account_and_the_password(self, demo):
        out = StringIO()
        call_command("demo_sign_in_help", stdout=out)
        text = out.getvalue()
        for account in DEMO_ACCOUNTS:
            assert account.username in text
        assert DEMO_PASSWORD in text
        assert "http://127.0.0.1:" in text
        assert "issue_enrolment_code caseworker" in text  # the suite runs with two-factor on

    def test_demo_accounts_sign_in_with_the_printed_password_when_two_factor_is_relaxed(
        self, demo, client, settings
    ):
        settings.WINGMAN_TWO_FACTOR_REQUIRED = False
        out = StringIO()
        call_command("demo_sign_in_help", stdout=out)
        assert "Two-factor sign-in is relaxed" in out.getvalue()
        for username in ("caseworker", "teamlead", "admin"):
            response = client.post("/sign-in/", {"username": username, "password": DEMO_PASSWORD})
            assert response.status_code == 302, username
            assert client.get("/").status_code == 200
            client.logout()

    def test_with_two_factor_on_a_demo_account_enrols_with_a_printed_code(self, demo, client):
        out = StringIO()
        call_command(
            "issue_enrolment_code", "caseworker", "--lost", "phone", stdout=out, stderr=StringIO()
        )
        response = client.post(
            "/sign-in/enrol/", {"username": "caseworker", "code": out.getvalue().strip()}
        )
        assert response["Location"] == "/sign-in/enrol/password/"
        response = client.post("/sign-in/enrol/password/", {"password": DEMO_PASSWORD})
        assert response["Location"] == "/sign-in/set-up-code/"

    def test_sign_in_help_says_where_each_caseworker_works_and_their_live_caseload(self, demo):
        out = StringIO()
        call_command("demo_sign_in_help", stdout=out)
        text = " ".join(out.getvalue().split())
        for username in ("caseworker", "caseworker2"):
            staff = user(username)
            live_now = live(Client.objects.filter(caseworker=staff)).count()
            where = f"{username} Caseworker, {staff.team.name} team, {staff.team.borough.name}"
            assert where in text
            after = text[text.index(where) :]
            assert f"{live_now} live clients." in after[: after.index("live clients.") + 14]
        assert "another borough" in text


def test_the_same_seed_builds_the_same_service(db):
    prints = []
    for _ in range(2):
        with transaction.atomic():
            seed(scale=0.03, seed=42)
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert prints[0][0]


def test_another_seed_builds_another_service(db):
    prints = []
    for number in (1, 2):
        with transaction.atomic():
            seed(scale=0.03, seed=number)
            prints.append(fingerprint()[0])
            transaction.set_rollback(True)
    assert prints[0] != prints[1]


def test_if_empty_leaves_a_database_with_clients_alone(db):
    ClientFactory()
    output = seed(if_empty=True, scale=SCALE)
    assert "not loaded" in output
    assert not Organisation.objects.filter(name="Wingman Demo Trust").exists()


def test_refuses_to_load_the_demo_a_second_time(db):
    seed(scale=0.02)
    with pytest.raises(CommandError, match="already loaded"):
        seed(scale=0.02)


def test_if_empty_loads_an_empty_database(db):
    seed(if_empty=True, scale=0.02)
    assert Client.objects.exists()


def test_sign_in_help_says_when_the_demo_is_not_loaded(db):
    out = StringIO()
    call_command("demo_sign_in_help", stdout=out)
    assert "not been loaded" in out.getvalue()
