from datetime import timedelta

import pytest

from testing.factories import give_casework
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.core.models import FormSubmission
from wingman.plans import services
from wingman.plans.choices import ActionOwner, ActionStatus
from wingman.plans.models import Action, SupportPlan

from .helpers import add_action, plan_with_goal, today


def test_a_plan_starts_on_the_clients_open_journey_and_is_audited(caseworker, own):
    plan, created = services.plan_start(actor=caseworker, client=own, agreed_on=today())
    assert created and plan.journey == own.journeys.get()
    assert AuditEvent.objects.filter(
        object_type="plans.supportplan", client_id=own.pk, action=AuditEvent.Action.CREATE
    ).exists()


def test_a_second_plan_for_the_same_journey_is_refused(caseworker, own):
    services.plan_start(actor=caseworker, client=own, agreed_on=today())
    with pytest.raises(ServiceError, match="already has a support plan"):
        services.plan_start(actor=caseworker, client=own, agreed_on=today())
    assert SupportPlan.objects.count() == 1


def test_a_plan_form_sent_twice_starts_one_plan(caseworker, own):
    token = FormSubmission.new_token()
    first, _ = services.plan_start(actor=caseworker, client=own, agreed_on=today(), token=token)
    again, created = services.plan_start(
        actor=caseworker, client=own, agreed_on=today(), token=token
    )
    assert first == again and not created


def test_a_plan_agreed_in_the_future_is_refused_on_its_date(caseworker, own):
    with pytest.raises(ServiceError) as refused:
        services.plan_start(actor=caseworker, client=own, agreed_on=today() + timedelta(days=1))
    assert refused.value.field == "agreed_on"


def test_a_review_before_the_plan_was_agreed_is_refused(caseworker, own):
    plan, _ = plan_with_goal(caseworker, own)
    with pytest.raises(ServiceError) as refused:
        services.plan_update(
            actor=caseworker,
            plan=plan,
            changes={"reviewed_on": today() - timedelta(days=3)},
            expected_version=plan.version,
        )
    assert refused.value.field == "reviewed_on"


def test_a_safeguarding_lead_reads_plans_but_cannot_write_one(world, own):
    with pytest.raises(NotAllowed):
        services.plan_start(
            actor=world["users"][Role.SAFEGUARDING_LEAD], client=own, agreed_on=today()
        )


def test_a_goal_needs_a_pathway_and_their_own_words(caseworker, own):
    plan, _ = plan_with_goal(caseworker, own)
    with pytest.raises(ServiceError) as no_words:
        services.goal_add(
            actor=caseworker, plan=plan, data={"pathway": "ete", "in_their_words": "  "}
        )
    assert no_words.value.field == "in_their_words"
    with pytest.raises(ServiceError) as no_pathway:
        services.goal_add(
            actor=caseworker, plan=plan, data={"pathway": "gangs", "in_their_words": "Out"}
        )
    assert no_pathway.value.field == "pathway"


def test_an_action_done_by_a_partner_names_the_partner(caseworker, own):
    _, goal = plan_with_goal(caseworker, own)
    with pytest.raises(ServiceError) as refused:
        add_action(caseworker, goal, owner=ActionOwner.PARTNER)
    assert refused.value.field == "partner_name"
    action = add_action(caseworker, goal, owner=ActionOwner.PARTNER, partner="Shelter")
    assert action.owner_words == "Shelter (partner)" and action.status == ActionStatus.TO_DO


def test_a_partner_name_is_dropped_when_the_client_does_the_action(caseworker, own):
    _, goal = plan_with_goal(caseworker, own)
    action = add_action(caseworker, goal, owner=ActionOwner.CLIENT, partner="Shelter")
    assert action.partner_name == ""


def test_an_action_moves_to_do_in_progress_done_and_records_the_day(caseworker, own):
    _, goal = plan_with_goal(caseworker, own)
    action = add_action(caseworker, goal)
    services.action_move(actor=caseworker, action=action, to=ActionStatus.IN_PROGRESS)
    services.action_move(actor=caseworker, action=action, to=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_on == today()
    moves = AuditEvent.objects.filter(
        object_type="plans.action", action=AuditEvent.Action.TRANSITION
    )
    assert [e.changes["status"] for e in moves.order_by("id")] == [
        ["to_do", "in_progress"],
        ["in_progress", "done"],
    ]


def test_an_action_cannot_skip_back_from_done_to_to_do(caseworker, own):
    _, goal = plan_with_goal(caseworker, own)
    action = add_action(caseworker, goal)
    services.action_move(actor=caseworker, action=action, to=ActionStatus.DONE)
    with pytest.raises(InvalidTransition):
        services.action_move(actor=caseworker, action=action, to=ActionStatus.TO_DO)
    services.action_move(actor=caseworker, action=action, to=ActionStatus.IN_PROGRESS)
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.done_on is None


def test_an_action_links_only_to_its_own_clients_contacts_and_partner_referrals(
    world, caseworker, own
):
    other = world["clients"]["other_team"]
    give_casework(own, caseworker)
    give_casework(other, other.caseworker)
    _, goal = plan_with_goal(caseworker, own)
    action = add_action(caseworker, goal)
    with pytest.raises(ServiceError) as refused:
        services.action_link(
            actor=caseworker, action=action, contacts=[other.contact.pk], partner_referrals=[]
        )
    assert refused.value.field == "contacts"
    with pytest.raises(ServiceError):
        services.action_link(
            actor=caseworker,
            action=action,
            contacts=[],
            partner_referrals=[other.partner_referral.pk],
        )
    services.action_link(
        actor=caseworker,
        action=action,
        contacts=[own.contact.pk],
        partner_referrals=[own.partner_referral.pk],
    )
    assert list(action.contacts.all()) == [own.contact]
    assert list(own.partner_referral.plan_actions.all()) == [action]
    event = AuditEvent.objects.filter(object_type="plans.action").latest("id")
    assert event.changes["contacts"] == [[], [own.contact.pk]]


def test_an_overdue_action_on_my_caseload_is_on_my_home_page_list(world, caseworker, own):
    from wingman.plans.selectors import for_home

    _, goal = plan_with_goal(caseworker, own)
    late = add_action(caseworker, goal, what="Ring the council", due_in=-2)
    add_action(caseworker, goal, what="Not due yet", due_in=3)
    done = add_action(caseworker, goal, what="Done already", due_in=-5)
    services.action_move(actor=caseworker, action=done, to=ActionStatus.DONE)
    shown = for_home(caseworker, today=today())
    assert shown["overdue_actions"] == [late] and shown["client_ids"] == [own.pk]
    senior = world["users"][Role.SENIOR_CASEWORKER]
    assert for_home(senior, today=today())["overdue_actions"] == []


def test_the_client_record_counts_goals_and_actions_in_a_fixed_number_of_queries(
    caseworker, own, django_assert_max_num_queries
):
    from wingman.plans.selectors import for_client_record

    _, goal = plan_with_goal(caseworker, own)
    for n in range(5):
        add_action(caseworker, goal, what=f"Step {n}", due_in=n - 2)
    with django_assert_max_num_queries(2):
        shown = for_client_record(caseworker, own)
    assert shown["counts"] == {"goals": 1, "actions": 5, "done": 0, "open": 5, "overdue": 2}
    assert Action.objects.count() == 5
