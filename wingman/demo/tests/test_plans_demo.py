"""The demo's support plans and partner referrals' start dates."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from wingman.accounts.models import User
from wingman.casework.models import Journey, PartnerReferral
from wingman.plans.choices import ActionStatus
from wingman.plans.models import Action, Goal, SupportPlan
from wingman.plans.selectors import for_home


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO(), stderr=StringIO(), scale=0.06, seed=7)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def test_most_open_journeys_have_a_plan_with_two_to_four_goals(demo):
    open_journeys = Journey.objects.open().count()
    planned = SupportPlan.objects.filter(journey__stage__in=Journey.objects.open().values("stage"))
    assert planned.count() >= 0.75 * open_journeys
    per_plan = [p.goals.count() for p in SupportPlan.objects.all()[:50]]
    assert min(per_plan) >= 2 and max(per_plan) <= 4
    assert Goal.objects.exclude(in_their_words="").count() == Goal.objects.count()


def test_actions_are_done_under_way_and_overdue_on_the_caseworkers_caseload(demo):
    statuses = set(Action.objects.values_list("status", flat=True))
    assert {ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.TO_DO} <= statuses
    assert not Action.objects.filter(status=ActionStatus.DONE, done_on__isnull=True).exists()
    caseworker = User.objects.get(username="caseworker")
    assert len(for_home(caseworker, today=timezone.localdate())["overdue_actions"]) >= 3
    assert Action.contacts.through.objects.exists()
    assert Action.partner_referrals.through.objects.exists()


def test_partner_referrals_with_a_start_date_point_at_their_appointment_task(demo):
    started = PartnerReferral.objects.filter(starts_on__isnull=False)
    assert started.exists()
    assert not started.filter(appointment_task__isnull=True).exists()
    assert not started.filter(status__in=["made", "declined"]).exists()
    for referral in started.select_related("appointment_task")[:30]:
        assert referral.appointment_task.due_on == referral.starts_on
    cscs = PartnerReferral.objects.get(outcome__contains="a lift on the first morning")
    assert cscs.starts_on > timezone.localdate() and not cscs.appointment_task.is_done
