"""Partner referrals: the status moves only along PARTNER_REFERRAL_TRANSITIONS, and a start or
appointment date puts a task on the client's caseworker's list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from testing.helpers import date_boxes
from wingman.audit.models import AuditEvent
from wingman.casework import services
from wingman.casework.choices import PartnerReferralStatus, PartnerType, TaskKind
from wingman.casework.models import PartnerReferral, Task
from wingman.core.errors import InvalidTransition, ServiceError


def today():
    return timezone.localdate()


def make(actor, client, **more):
    made, _ = services.partner_referral_make(
        actor=actor,
        client=client,
        data={"partner_type": PartnerType.TRAINING, "partner_name": "CSCS course", **more},
    )
    return made


def move(actor, made, to):
    return services.partner_referral_move(actor=actor, partner_referral=made, to=to)


def test_a_referral_moves_made_accepted_attended_completed(caseworker, own):
    made = make(caseworker, own)
    for step in ("accepted", "attended", "completed"):
        move(caseworker, made, step)
    assert PartnerReferral.objects.get().status == PartnerReferralStatus.COMPLETED
    moves = AuditEvent.objects.filter(
        object_type="casework.partnerreferral", action=AuditEvent.Action.TRANSITION
    ).order_by("id")
    assert [e.changes["status"] for e in moves] == [
        ["made", "accepted"],
        ["accepted", "attended"],
        ["attended", "completed"],
    ]


@pytest.mark.parametrize(
    ("path", "to"),
    [
        ([], "attended"),
        ([], "completed"),
        (["accepted", "attended"], "declined"),
        (["declined"], "made"),
    ],
)
def test_a_referral_cannot_jump_along_or_leave_where_it_ended(caseworker, own, path, to):
    made = make(caseworker, own)
    for step in path:
        move(caseworker, made, step)
    with pytest.raises(InvalidTransition) as refused:
        move(caseworker, made, to)
    assert refused.value.field == "status"


def test_a_new_referral_starts_as_made(caseworker, own):
    with pytest.raises(ServiceError) as refused:
        make(caseworker, own, status=PartnerReferralStatus.ATTENDED)
    assert refused.value.field == "status"


def test_an_update_that_jumps_the_status_saves_nothing(caseworker, own):
    made = make(caseworker, own)
    with pytest.raises(InvalidTransition):
        services.partner_referral_update(
            actor=caseworker,
            partner_referral=made,
            changes={"status": "completed", "outcome": "Finished it"},
            expected_version=made.version,
        )
    made.refresh_from_db()
    assert (made.status, made.outcome, made.version) == ("made", "", 1)


def test_a_start_date_puts_an_appointment_task_on_the_caseworkers_list(world, own):
    senior = world["users"]["senior_caseworker"]
    starts = today() + timedelta(days=4)
    made = make(senior, own, starts_on=starts)
    task = Task.objects.get()
    assert (task.kind, task.due_on, task.assigned_to) == (
        TaskKind.APPOINTMENT,
        starts,
        own.caseworker,
    )
    assert task.title == "First day at CSCS course" and made.appointment_task == task


def test_a_declined_referral_closes_its_outstanding_appointment_task_with_an_audit_row(
    caseworker, own
):
    made = make(caseworker, own, starts_on=today() + timedelta(days=4))
    move(caseworker, made, PartnerReferralStatus.DECLINED)
    task = Task.objects.get()
    assert task.done_at is not None and task.done_by == caseworker
    assert AuditEvent.objects.filter(
        object_type="casework.task", object_id=str(task.pk), summary="Task done"
    ).exists()


def test_an_accepted_referral_keeps_its_appointment_task_on_the_list(caseworker, own):
    made = make(caseworker, own, starts_on=today() + timedelta(days=4))
    move(caseworker, made, PartnerReferralStatus.ACCEPTED)
    assert Task.objects.get().done_at is None


def test_moving_the_start_date_moves_its_task_and_adds_no_other(caseworker, own):
    made = make(caseworker, own, starts_on=today() + timedelta(days=4))
    later = today() + timedelta(days=11)
    services.partner_referral_update(
        actor=caseworker,
        partner_referral=made,
        changes={"starts_on": later},
        expected_version=made.version,
    )
    assert list(Task.objects.values_list("due_on", flat=True)) == [later]


def test_setting_a_start_date_after_its_task_was_done_adds_a_new_task(caseworker, own):
    made = make(caseworker, own, starts_on=today())
    services.task_complete(actor=caseworker, task=Task.objects.get())
    made.refresh_from_db()
    services.partner_referral_update(
        actor=caseworker,
        partner_referral=made,
        changes={"starts_on": today() + timedelta(days=7)},
        expected_version=made.version,
    )
    assert Task.objects.count() == 2 and Task.objects.outstanding().count() == 1


def test_clearing_the_start_date_keeps_its_task_and_says_so(caseworker, own):
    made = make(caseworker, own, starts_on=today() + timedelta(days=4))
    _, said = services.partner_referral_update(
        actor=caseworker,
        partner_referral=made,
        changes={"starts_on": None},
        expected_version=made.version,
    )
    assert Task.objects.outstanding().count() == 1
    assert "still on" in said and "mark it done" in said


def test_a_start_date_more_than_five_years_ahead_is_refused(caseworker, own):
    with pytest.raises(ServiceError) as refused:
        make(caseworker, own, starts_on=today() + timedelta(days=6 * 366))
    assert refused.value.field == "starts_on"
    assert not Task.objects.exists()


def test_the_update_page_offers_only_the_next_statuses(as_caseworker, caseworker, own):
    made = make(caseworker, own)
    page = as_caseworker.get(f"/partner-referrals/{made.pk}/edit/").content.decode()
    assert "Still made" in page and 'value="accepted"' in page and 'value="attended"' not in page


def test_clearing_the_start_date_on_the_page_tells_what_stays(as_caseworker, caseworker, own):
    made = make(caseworker, own, starts_on=today() + timedelta(days=4))
    response = as_caseworker.post(
        f"/partner-referrals/{made.pk}/edit/",
        {
            "status": "made",
            "outcome": "",
            "version": str(made.version),
            **date_boxes("starts_on", None),
        },
        follow=True,
    )
    assert "still on" in response.content.decode()
    assert Task.objects.outstanding().count() == 1
