"""The demo service's safeguarding: concerns at every stage, risk flags, the on-call rota and the
safeguarding lead's notifications, and each seen only by those who may."""

import pytest
from django.db import transaction
from django.utils import timezone

from testing.helpers import sign_in
from wingman.accounts.models import User
from wingman.demo.generator import build_demo
from wingman.safeguarding.choices import Category, ConcernStatus, DecisionKind, FlagKind, Grade
from wingman.safeguarding.models import (
    Concern,
    Notification,
    OnCallShift,
    RiskFlag,
    StatutoryReferral,
)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo(scale=0.06, seed=7)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return None


def user(username):
    return User.objects.get(username=username)


def test_concerns_wait_for_triage_one_in_time_and_one_overdue(demo):
    now = timezone.now()
    waiting = Concern.objects.awaiting_triage()
    assert waiting.count() == 2
    assert Concern.objects.triage_overdue(now).count() == 1


def test_concerns_are_triaged_red_amber_and_green_and_one_action_is_overdue(demo):
    grades = set(Concern.objects.exclude(status="raised").values_list("grade", flat=True))
    assert grades == {Grade.RED, Grade.AMBER, Grade.GREEN}
    overdue = Concern.objects.action_overdue(timezone.now())
    assert [c.category for c in overdue] == [Category.EXPLOITATION]


def test_referrals_to_marac_with_a_reference_and_to_childrens_social_care_awaiting_feedback(demo):
    marac = StatutoryReferral.objects.get(service="marac")
    assert marac.reference.startswith("MARAC-")
    assert marac.concern.category == Category.DOMESTIC_ABUSE_PERPETRATOR
    waiting = StatutoryReferral.objects.filter(
        service="childrens_social_care", feedback_on__isnull=True
    )
    assert {r.concern.category for r in waiting} >= {
        Category.CHILD_AT_RISK,
        Category.CHILD_CRIMINAL_EXPLOITATION,
    }


def test_a_decision_not_to_refer_and_a_concern_closed_with_its_reason(demo):
    assert Concern.objects.filter(decisions__kind=DecisionKind.NOT_REFER).exists()
    closed = Concern.objects.filter(status=ConcernStatus.CLOSED)
    assert closed.exists()
    for concern in closed:
        assert concern.decisions.filter(kind=DecisionKind.CLOSE).exclude(rationale="").exists()


def test_the_midnight_call_raised_its_concern_and_told_the_lead(demo):
    concern = Concern.objects.get(crisis_call__isnull=False)
    assert concern.crisis_call.contact_type == "crisis_call"
    assert concern.crisis_call.client_id == concern.client_id
    assert Notification.objects.filter(
        concern=concern, recipient=user("safeguarding"), kind="crisis_call"
    ).exists()


def test_the_allegation_is_about_the_team_lead_who_never_sees_it(demo):
    teamlead = user("teamlead")
    allegation = Concern.objects.get(category=Category.STAFF_ALLEGATION)
    assert allegation.about_staff == teamlead
    assert Concern.objects.visible_to(teamlead).exists()
    assert not Concern.objects.visible_to(teamlead).filter(pk=allegation.pk).exists()
    assert Concern.objects.visible_to(user("manager")).filter(pk=allegation.pk).exists()
    assert Concern.objects.visible_to(user("safeguarding")).filter(pk=allegation.pk).exists()
    assert not Concern.objects.visible_to(user("dpo")).exists()


def test_risk_flags_of_each_kind_and_one_past_its_review(demo):
    kinds = set(RiskFlag.objects.current().values_list("kind", flat=True))
    assert {FlagKind.DO_NOT_VISIT_ALONE, FlagKind.HOSTILE_AREA, FlagKind.SEE_CONCERN} <= kinds
    assert RiskFlag.objects.filter(kind=FlagKind.HOSTILE_AREA, detail__endswith="estate").exists()
    today = timezone.localdate()
    assert RiskFlag.objects.current().filter(review_on__lt=today).count() == 1
    assert not RiskFlag.objects.filter(concern__category=Category.STAFF_ALLEGATION).exists()


def test_someone_is_on_call_now_and_every_hour_of_the_next_week(demo):
    now = timezone.now()
    shifts = OnCallShift.objects.all()
    for hour in range(0, 7 * 24, 1):
        moment = now + timezone.timedelta(hours=hour)
        assert shifts.on_at(moment).exists(), moment
    assert shifts.on_at(now).count() == 1


def test_the_lead_has_notifications_waiting(demo):
    lead = user("safeguarding")
    unseen = Notification.objects.for_recipient(lead).unseen()
    assert unseen.count() >= 2
    assert not Notification.objects.unsent().exists()  # the demo sends no email


def test_the_register_shows_the_demo_to_the_dpo_and_no_account_text(demo, client):
    sign_in(client, user("dpo"))
    page = client.get("/audit/safeguarding/").content.decode()
    assert "Triage overdue" in page and "Action overdue" in page
    assert "Not updated in 90 days" in page and "Review overdue" in page
    for words in ("feels trapped", "hit her", "messaging her"):
        assert words not in page
