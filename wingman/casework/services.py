"""The journey's state changes and the record of work: contacts, tasks, partner referrals."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_change, snapshot
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.services import audited_create, versioned_update
from wingman.people.models import Client

from .choices import (
    OPEN_STAGES,
    STAGE_TRANSITIONS,
    ChecklistItem,
    ChecklistStatus,
    PartnerReferralStatus,
    Pathway,
    Stage,
)
from .models import (
    ChecklistEntry,
    Contact,
    ContactRevision,
    Journey,
    PartnerReferral,
    StageChange,
    Task,
)

CONTACT_FIELDS = ("occurred_on", "minutes", "contact_type", "place", "present", "pathways", "note")


def _require_casework(actor: User) -> None:
    if not permissions.records_casework(actor):
        raise NotAllowed("Your role cannot record casework.")


def _not_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ServiceError(f"{what} cannot be in the future", field=field)


def open_journey_of(client: Client) -> Journey | None:
    return client.journeys.filter(stage__in=OPEN_STAGES).order_by("-opened_on", "-id").first()


# Journey -----------------------------------------------------------------------------------


def ensure_checklist(journey: Journey) -> None:
    existing = set(journey.checklist.values_list("item", flat=True))
    ChecklistEntry.objects.bulk_create(
        [ChecklistEntry(journey=journey, item=i) for i in ChecklistItem.values if i not in existing]
    )


def journey_move(
    *, actor: User, journey: Journey, to: str, on: date, note: str = "", closure_reason: str = ""
) -> Journey:
    """Move a journey to its next stage on a date. Closing needs a reason; leaving Closed is
    re-opening, and the history keeps the closure."""
    _require_casework(actor)
    if to not in STAGE_TRANSITIONS[journey.stage]:
        raise InvalidTransition(
            f"A journey {journey.get_stage_display().lower()} cannot move to "
            f"{Stage(to).label.lower()}."
        )
    _not_future(on, "on", "The date of the move")
    if on < journey.stage_since:
        raise ServiceError(
            "The date cannot be before the journey entered its current stage", field="on"
        )
    if to == Stage.CLOSED and not closure_reason:
        raise ServiceError("Choose why the journey is closing", field="closure_reason")
    with transaction.atomic():
        before = snapshot(journey, ["stage", "stage_since", "closed_on", "closure_reason"])
        old_stage = journey.stage
        fields: dict[str, Any] = {"stage": to, "stage_since": on}
        if to == Stage.CLOSED:
            fields |= {"closed_on": on, "closure_reason": closure_reason}
        elif old_stage == Stage.CLOSED:
            fields |= {"closed_on": None, "closure_reason": ""}
        updated = Journey.objects.filter(pk=journey.pk, stage=old_stage).update(
            **fields, version=journey.version + 1, updated_at=timezone.now()
        )
        if not updated:
            raise InvalidTransition(
                "Someone else has just moved this journey on. Look at it again."
            )
        journey.refresh_from_db()
        StageChange.objects.create(
            journey=journey, from_stage=old_stage, to_stage=to, on=on, note=note, recorded_by=actor
        )
        if to == Stage.RELEASE_DAY:
            ensure_checklist(journey)
        after = snapshot(journey, before.keys())
        record_change(
            actor=actor,
            action=AuditEvent.Action.TRANSITION,
            obj=journey,
            client_id=journey.client_id,
            changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
            summary="Journey re-opened"
            if old_stage == Stage.CLOSED
            else f"Moved to {Stage(to).label}",
        )
    return journey


def journey_update_custody(
    *, actor: User, journey: Journey, changes: dict[str, Any], expected_version: int
) -> Journey:
    _require_casework(actor)
    allowed = {"establishment", "expected_release_date", "rotl_dates"}
    return versioned_update(
        actor=actor,
        obj=journey,
        changes={k: v for k, v in changes.items() if k in allowed},
        expected_version=expected_version,
        summary="Custody details changed",
    )


def checklist_set(
    *, actor: User, journey: Journey, item: str, status: str, note: str = ""
) -> ChecklistEntry:
    """Mark one release-day item done, not needed or outstanding, with who and when."""
    _require_casework(actor)
    if item not in ChecklistItem.values:
        raise ServiceError("Unknown checklist item", field="item")
    if status not in ChecklistStatus.values:
        raise ServiceError("Choose done, not needed or outstanding", field="status")
    with transaction.atomic():
        entry, _ = ChecklistEntry.objects.select_for_update().get_or_create(
            journey=journey, item=item
        )
        old = [entry.status, entry.note]
        entry.status, entry.note = status, note
        entry.updated_by, entry.updated_at = actor, timezone.now()
        entry.save()
        record_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=entry,
            client_id=journey.client_id,
            changes={"status": [old[0], status], "note": [old[1], note]},
            summary=f"Release day: {ChecklistItem(item).label}",
        )
    return entry


# Contacts ----------------------------------------------------------------------------------


def _clean_contact(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in CONTACT_FIELDS if k in data}
    if values.get("occurred_on") is None:
        raise ServiceError("Enter the date of the contact", field="occurred_on")
    _not_future(values["occurred_on"], "occurred_on", "The date of the contact")
    minutes = values.get("minutes")
    if minutes is None or not 1 <= int(minutes) <= 24 * 60:
        raise ServiceError("Minutes must be between 1 and 1440", field="minutes")
    pathways = list(values.get("pathways") or [])
    unknown = [p for p in pathways if p not in Pathway.values]
    if unknown:
        raise ServiceError(f"Unknown pathway: {', '.join(unknown)}", field="pathways")
    values["pathways"] = pathways
    return values


def contact_log(
    *, actor: User, client: Client, data: dict[str, Any], token: str | None = None
) -> tuple[Contact, bool]:
    """Log a piece of work. Back-dated is fine (notes written after a prison visit), future-dated
    is not. A form sent twice logs one contact."""
    _require_casework(actor)
    values = _clean_contact(data)

    def create() -> Contact:
        return audited_create(
            actor=actor,
            obj=Contact(client=client, journey=open_journey_of(client), author=actor, **values),
            summary="Contact logged",
        )

    return once(token=token, user=actor, model=Contact, create=create)


def contact_edit(
    *, actor: User, contact: Contact, data: dict[str, Any], expected_version: int
) -> Contact:
    """Change a contact; the version it replaces is kept."""
    _require_casework(actor)
    values = _clean_contact(data)
    with transaction.atomic():
        previous = snapshot(contact, CONTACT_FIELDS)
        version = contact.version
        updated = versioned_update(
            actor=actor,
            obj=contact,
            changes=values,
            expected_version=expected_version,
            summary="Contact changed",
        )
        ContactRevision.objects.create(
            contact=contact, version=version, values=previous, replaced_by=actor
        )
    return updated


# Tasks -------------------------------------------------------------------------------------


def task_create(
    *, actor: User, client: Client, data: dict[str, Any], token: str | None = None
) -> tuple[Task, bool]:
    _require_casework(actor)
    if not (data.get("title") or "").strip():
        raise ServiceError("Enter what needs doing", field="title")
    if data.get("due_on") is None:
        raise ServiceError("Enter the date it is due", field="due_on")
    assigned = data.get("assigned_to") or client.caseworker or actor
    if data.get("assigned_to") and not (assigned.is_active and assigned.team_id == client.team_id):
        raise ServiceError("Choose someone in the client's team", field="assigned_to_id")

    def create() -> Task:
        return audited_create(
            actor=actor,
            obj=Task(
                client=client,
                journey=open_journey_of(client),
                kind=data["kind"],
                title=data["title"].strip(),
                due_on=data["due_on"],
                assigned_to=assigned,
                created_by=actor,
            ),
            summary="Task added",
        )

    return once(token=token, user=actor, model=Task, create=create)


def task_complete(*, actor: User, task: Task) -> Task:
    _require_casework(actor)
    if task.done_at is not None:
        return task
    with transaction.atomic():
        now = timezone.now()
        Task.objects.filter(pk=task.pk, done_at__isnull=True).update(
            done_at=now, done_by=actor, updated_at=now, version=task.version + 1
        )
        task.refresh_from_db()
        record_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=task,
            client_id=task.client_id,
            changes={"done_at": [None, now.isoformat()]},
            summary="Task done",
        )
    return task


# Partner referrals -------------------------------------------------------------------------


def partner_referral_make(
    *, actor: User, client: Client, data: dict[str, Any], token: str | None = None
) -> tuple[PartnerReferral, bool]:
    _require_casework(actor)
    if not (data.get("partner_name") or "").strip():
        raise ServiceError("Enter the partner's name", field="partner_name")
    made_on = data.get("made_on") or timezone.localdate()
    _not_future(made_on, "made_on", "The date made")

    def create() -> PartnerReferral:
        return audited_create(
            actor=actor,
            obj=PartnerReferral(
                client=client,
                journey=open_journey_of(client),
                partner_type=data["partner_type"],
                partner_name=data["partner_name"].strip(),
                made_on=made_on,
                status=data.get("status") or PartnerReferralStatus.MADE,
                outcome=data.get("outcome", ""),
                created_by=actor,
            ),
            summary="Partner referral made",
        )

    return once(token=token, user=actor, model=PartnerReferral, create=create)


def partner_referral_update(
    *,
    actor: User,
    partner_referral: PartnerReferral,
    status: str,
    outcome: str,
    expected_version: int,
) -> PartnerReferral:
    _require_casework(actor)
    if status not in PartnerReferralStatus.values:
        raise ServiceError("Choose a status", field="status")
    return versioned_update(
        actor=actor,
        obj=partner_referral,
        changes={"status": status, "outcome": outcome},
        expected_version=expected_version,
        summary="Partner referral updated",
    )
