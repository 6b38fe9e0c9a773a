from datetime import timedelta

import pytest
from django.utils import timezone

from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.casework import services
from wingman.casework.choices import ChecklistItem, ChecklistStatus, ClosureReason, Stage, TaskKind
from wingman.casework.models import ChecklistEntry, Journey, StageChange, Task
from wingman.core.errors import EditConflict, InvalidTransition, NotAllowed, ServiceError


def today():
    return timezone.localdate()


def test_moving_a_journey_records_a_dated_stage_change(caseworker, journey):
    on = today() - timedelta(days=3)
    services.journey_move(actor=caseworker, journey=journey, to=Stage.SUSTAINMENT, on=on, note="ok")
    journey.refresh_from_db()
    assert journey.stage == Stage.SUSTAINMENT and journey.stage_since == on
    change = StageChange.objects.get(journey=journey)
    assert (change.from_stage, change.to_stage, change.on) == (
        Stage.COMMUNITY,
        Stage.SUSTAINMENT,
        on,
    )
    assert change.recorded_by == caseworker
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.TRANSITION, object_id=str(journey.pk)
    ).exists()


def test_closing_a_journey_needs_a_reason(caseworker, journey):
    with pytest.raises(ServiceError) as refused:
        services.journey_move(actor=caseworker, journey=journey, to=Stage.CLOSED, on=today())
    assert refused.value.field == "closure_reason"
    journey.refresh_from_db()
    assert journey.stage == Stage.COMMUNITY


def test_re_opening_a_closed_journey_keeps_the_closure_in_the_history(caseworker, journey):
    services.journey_move(
        actor=caseworker,
        journey=journey,
        to=Stage.CLOSED,
        on=today() - timedelta(days=2),
        closure_reason=ClosureReason.DISENGAGED,
    )
    assert journey.closure_reason == ClosureReason.DISENGAGED
    services.journey_move(actor=caseworker, journey=journey, to=Stage.COMMUNITY, on=today())
    journey.refresh_from_db()
    assert journey.is_open and journey.closed_on is None and journey.closure_reason == ""
    history = list(journey.stage_changes.values_list("from_stage", "to_stage"))
    assert history == [(Stage.COMMUNITY, Stage.CLOSED), (Stage.CLOSED, Stage.COMMUNITY)]
    assert AuditEvent.objects.filter(summary="Journey re-opened").exists()


def test_a_move_cannot_be_dated_in_the_future(caseworker, journey):
    with pytest.raises(ServiceError) as refused:
        services.journey_move(
            actor=caseworker, journey=journey, to=Stage.SUSTAINMENT, on=today() + timedelta(days=1)
        )
    assert refused.value.field == "on"


def test_a_move_not_allowed_from_the_current_stage_is_refused(caseworker, journey):
    with pytest.raises(InvalidTransition):
        services.journey_move(actor=caseworker, journey=journey, to=Stage.RELEASE_DAY, on=today())


def test_a_funder_cannot_move_a_journey(world, journey):
    with pytest.raises(NotAllowed):
        services.journey_move(
            actor=world["users"][Role.FUNDER], journey=journey, to=Stage.SUSTAINMENT, on=today()
        )


def test_reaching_release_day_creates_the_checklist(caseworker, journey):
    services.journey_move(
        actor=caseworker, journey=journey, to=Stage.IN_CUSTODY, on=today() - timedelta(days=1)
    )
    services.journey_move(actor=caseworker, journey=journey, to=Stage.RELEASE_DAY, on=today())
    assert set(journey.checklist.values_list("item", flat=True)) == set(ChecklistItem.values)


def test_a_checklist_item_records_who_marked_it_and_when(caseworker, journey):
    before = timezone.now()
    entry = services.checklist_set(
        actor=caseworker,
        journey=journey,
        item=ChecklistItem.SOMEWHERE_TO_SLEEP,
        status=ChecklistStatus.DONE,
        note="Hostel bed for tonight",
    )
    entry = ChecklistEntry.objects.get(pk=entry.pk)
    assert entry.status == ChecklistStatus.DONE and entry.note == "Hostel bed for tonight"
    assert entry.updated_by == caseworker and entry.updated_at >= before
    audit = AuditEvent.objects.get(object_type="casework.checklistentry", object_id=str(entry.pk))
    assert audit.changes["status"] == [ChecklistStatus.OUTSTANDING, ChecklistStatus.DONE]


def test_custody_details_saved_on_a_stale_version_raise_a_conflict(caseworker, journey):
    services.journey_update_custody(
        actor=caseworker,
        journey=journey,
        changes={"establishment": "HMP Rochester"},
        expected_version=journey.version,
    )
    with pytest.raises(EditConflict) as conflict:
        services.journey_update_custody(
            actor=caseworker,
            journey=journey,
            changes={"establishment": "HMYOI Feltham"},
            expected_version=journey.version - 1,
        )
    assert conflict.value.current.establishment == "HMP Rochester"
    journey.refresh_from_db()
    assert journey.establishment == "HMP Rochester"


def _in_custody(caseworker, journey, **custody):
    Journey.objects.filter(pk=journey.pk).update(**custody)
    journey.refresh_from_db()
    return services.journey_move(
        actor=caseworker, journey=journey, to=Stage.IN_CUSTODY, on=today() - timedelta(days=3)
    )


def _release_task(caseworker, of, **fields):
    values = {
        "client": of.client,
        "journey": of,
        "kind": TaskKind.RELEASE_DATE,
        "title": "Meet him at the gate",
        "due_on": today(),
        "assigned_to": caseworker,
        "created_by": caseworker,
    }
    return Task.objects.create(**(values | fields))


def test_release_day_records_the_actual_release_date_beside_the_expected_one(caseworker, journey):
    expected = today() + timedelta(days=2)
    journey = _in_custody(caseworker, journey, expected_release_date=expected)
    released = today() - timedelta(days=1)
    services.journey_move(actor=caseworker, journey=journey, to=Stage.RELEASE_DAY, on=released)
    journey.refresh_from_db()
    assert journey.released_on == released and journey.expected_release_date == expected
    audit = AuditEvent.objects.filter(object_type="casework.journey", action="transition").first()
    assert audit.changes["released_on"] == [None, released.isoformat()]


def test_release_day_marks_the_journeys_release_date_task_done(caseworker, journey):
    journey = _in_custody(caseworker, journey)
    gate = _release_task(caseworker, journey)
    before_journey = _release_task(caseworker, journey, journey=None)
    court = _release_task(caseworker, journey, kind=TaskKind.COURT_DATE)
    services.journey_move(actor=caseworker, journey=journey, to=Stage.RELEASE_DAY, on=today())
    for task in (gate, before_journey):
        task.refresh_from_db()
        assert task.done_at is not None and task.done_by == caseworker
        assert AuditEvent.objects.filter(
            object_type="casework.task", object_id=str(task.pk), summary="Task done"
        ).exists()
    court.refresh_from_db()
    assert court.done_at is None


def test_release_day_leaves_another_clients_release_date_task_alone(world, caseworker, journey):
    journey = _in_custody(caseworker, journey)
    other_journey = world["clients"]["same_team"].journeys.get()
    other = _release_task(caseworker, other_journey)
    services.journey_move(actor=caseworker, journey=journey, to=Stage.RELEASE_DAY, on=today())
    other.refresh_from_db()
    assert other.done_at is None


def test_going_back_into_custody_clears_the_actual_release_date(caseworker, journey):
    journey = _in_custody(caseworker, journey)
    services.journey_move(
        actor=caseworker, journey=journey, to=Stage.RELEASE_DAY, on=today() - timedelta(days=2)
    )
    services.journey_move(
        actor=caseworker, journey=journey, to=Stage.COMMUNITY, on=today() - timedelta(days=1)
    )
    journey.refresh_from_db()
    assert journey.released_on == today() - timedelta(days=2)
    services.journey_move(actor=caseworker, journey=journey, to=Stage.IN_CUSTODY, on=today())
    journey.refresh_from_db()
    assert journey.released_on is None
    assert journey.stage_changes.filter(to_stage=Stage.RELEASE_DAY).exists()


def test_a_release_day_refused_changes_no_task(caseworker, journey):
    journey = _in_custody(caseworker, journey)
    gate = _release_task(caseworker, journey)
    with pytest.raises(ServiceError):
        services.journey_move(
            actor=caseworker,
            journey=journey,
            to=Stage.RELEASE_DAY,
            on=today() + timedelta(days=1),
        )
    gate.refresh_from_db()
    assert gate.done_at is None
