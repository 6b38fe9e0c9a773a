from datetime import timedelta

import pytest
from django.utils import timezone

from wingman.accounts.choices import Role
from wingman.casework import selectors, services
from wingman.casework.choices import (
    ContactType,
    PartnerReferralStatus,
    PartnerType,
    Stage,
    TaskKind,
)
from wingman.casework.models import PartnerReferral, Task
from wingman.core.errors import EditConflict, NotAllowed, ServiceError
from wingman.core.models import FormSubmission


def today():
    return timezone.localdate()


def add_task(actor, client, due_in_days, title="Ring probation", token=None):
    task, _ = services.task_create(
        actor=actor,
        client=client,
        data={
            "kind": TaskKind.FOLLOW_UP,
            "title": title,
            "due_on": today() + timedelta(due_in_days),
        },
        token=token,
    )
    return task


def test_a_task_sent_twice_with_one_token_is_added_once(caseworker, own):
    token = FormSubmission.new_token()
    first = add_task(caseworker, own, 3, token=token)
    again = add_task(caseworker, own, 3, token=token)
    assert first == again and Task.objects.count() == 1
    assert first.assigned_to == caseworker


def test_completing_a_task_records_who_and_when(caseworker, own):
    task = add_task(caseworker, own, 1)
    services.task_complete(actor=caseworker, task=task)
    task.refresh_from_db()
    assert task.is_done and task.done_by == caseworker


def test_due_soon_tasks_are_this_persons_outstanding_tasks_in_the_window(caseworker, own):
    soon = add_task(caseworker, own, 2, title="Court date")
    add_task(caseworker, own, 30, title="Much later")
    add_task(caseworker, own, -1, title="Overdue")
    done = add_task(caseworker, own, 1, title="Done already")
    services.task_complete(actor=caseworker, task=done)
    assert list(selectors.due_soon_tasks(caseworker, today())) == [soon]


def test_making_a_partner_referral_then_updating_its_status(caseworker, own):
    made, created = services.partner_referral_make(
        actor=caseworker,
        client=own,
        data={
            "partner_type": PartnerType.DRUGS_ALCOHOL,
            "partner_name": "Brief Intervention Service",
            "made_on": today(),
        },
    )
    assert created and made.status == PartnerReferralStatus.MADE
    services.partner_referral_update(
        actor=caseworker,
        partner_referral=made,
        changes={"status": PartnerReferralStatus.ACCEPTED, "outcome": "Seen for an assessment"},
        expected_version=made.version,
    )
    made.refresh_from_db()
    assert made.status == PartnerReferralStatus.ACCEPTED
    assert made.outcome == "Seen for an assessment" and made.version == 3


def test_a_partner_referral_update_on_a_stale_version_raises_a_conflict(caseworker, own):
    made, _ = services.partner_referral_make(
        actor=caseworker,
        client=own,
        data={"partner_type": PartnerType.HOUSING, "partner_name": "Council housing"},
    )
    services.partner_referral_update(
        actor=caseworker,
        partner_referral=made,
        changes={"status": PartnerReferralStatus.ACCEPTED},
        expected_version=1,
    )
    with pytest.raises(EditConflict):
        services.partner_referral_update(
            actor=caseworker,
            partner_referral=made,
            changes={"status": PartnerReferralStatus.DECLINED},
            expected_version=1,
        )
    assert PartnerReferral.objects.get().status == PartnerReferralStatus.ACCEPTED


def test_a_partner_referral_dated_in_the_future_is_refused(caseworker, own):
    with pytest.raises(ServiceError) as refused:
        services.partner_referral_make(
            actor=caseworker,
            client=own,
            data={
                "partner_type": PartnerType.GP,
                "partner_name": "Surgery",
                "made_on": today() + timedelta(days=2),
            },
        )
    assert refused.value.field == "made_on"


def test_a_funder_cannot_add_a_task(world, own):
    with pytest.raises(NotAllowed):
        add_task(world["users"][Role.FUNDER], own, 1)


def test_client_casework_takes_the_same_number_of_queries_however_much_there_is(
    caseworker, own, journey, django_assert_max_num_queries
):
    def add_work(n):
        for i in range(n):
            services.contact_log(
                actor=caseworker,
                client=own,
                data={
                    "occurred_on": today(),
                    "minutes": 30,
                    "contact_type": ContactType.PHONE,
                    "pathways": [],
                },
            )
            add_task(caseworker, own, i)
            services.partner_referral_make(
                actor=caseworker,
                client=own,
                data={"partner_type": PartnerType.OTHER, "partner_name": f"Partner {i}"},
            )

    add_work(1)
    with django_assert_max_num_queries(4):
        small = selectors.client_casework(caseworker, own)
    add_work(5)
    with django_assert_max_num_queries(4):
        large = selectors.client_casework(caseworker, own)
    assert small["journey"] == large["journey"] == journey
    assert len(large["contacts"]) == 6 and len(large["tasks"]) == 6
    assert len(large["partner_referrals"]) == 6
    for contact in large["contacts"]:
        assert contact.author.username == caseworker.username


def test_client_casework_shows_the_open_journey_before_a_closed_one(caseworker, own, journey):
    services.journey_move(
        actor=caseworker,
        journey=journey,
        to=Stage.CLOSED,
        on=today(),
        closure_reason="goals_met",
    )
    assert selectors.client_casework(caseworker, own)["journey"] == journey
    from testing.factories import JourneyFactory

    newer_open = JourneyFactory(client=own, opened_on=today() - timedelta(days=60))
    assert selectors.client_casework(caseworker, own)["journey"] == newer_open


def test_client_casework_shows_nothing_out_of_scope(world, caseworker):
    other = world["clients"]["other_team"]
    found = selectors.client_casework(caseworker, other)
    assert found["journey"] is None and found["contacts"] == [] and found["tasks"] == []


def test_a_task_cannot_be_given_to_someone_outside_the_clients_team(caseworker, own):
    from testing.factories import UserFactory

    elsewhere = UserFactory(role=Role.CASEWORKER)
    with pytest.raises(ServiceError, match="in the client's team"):
        services.task_create(
            actor=caseworker,
            client=own,
            data={
                "kind": TaskKind.FOLLOW_UP,
                "title": "x",
                "due_on": today(),
                "assigned_to": elsewhere,
            },
        )
    assert not Task.objects.filter(title="x").exists()
