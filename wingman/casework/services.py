"""The journey and the record of work: opening a journey (accepting a referral, re-opening a closed
journey), its stages and release day, contacts, tasks and partner referrals.

A journey opens only here, and every way it opens keeps the funding rules: the client has no other
open journey, and a funded journey's stream is open, fits the client and has a place. The client's
row and the stream's row are locked while that is checked, so two people opening at once cannot
both take the last place or open two journeys for one client."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_change, snapshot
from wingman.core.dates import when
from wingman.core.errors import EditConflict, InvalidTransition, NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.pathways import Pathway
from wingman.core.services import CONFLICT_MESSAGE, audited_create, versioned_update
from wingman.core.validation import (
    RELEASE_YEARS,
    check_dates,
    check_lengths,
    check_time_of_day,
    past_date,
    planned_date,
    written,
)
from wingman.people.models import Client
from wingman.referrals.models import FundingStream, Referral
from wingman.referrals.services import check_decision_reason, referral_record_acceptance

from .choices import (
    OPEN_STAGES,
    PARTNER_REFERRAL_TRANSITIONS,
    STAGE_TRANSITIONS,
    ChecklistItem,
    ChecklistStatus,
    ClosureReason,
    ContactType,
    PartnerReferralStatus,
    PartnerType,
    Stage,
    TaskKind,
)
from .models import (
    ChecklistEntry,
    Contact,
    ContactRevision,
    Journey,
    PartnerReferral,
    RotlPeriod,
    StageChange,
    Task,
    TaskQuerySet,
)
from .selectors import stream_fit

CONTACT_FIELDS = (
    "occurred_on",
    "occurred_at",
    "minutes",
    "contact_type",
    "place",
    "present",
    "pathways",
    "note",
)

# The dates each record accepts, on every channel (forms and API schemas use these too).
CONTACT_DATE = past_date("occurred_on", "Date of the contact")
MOVE_DATE = past_date("on", "Date of the move")
TASK_DUE = planned_date("due_on", "Due date")
PARTNER_REFERRAL_MADE = past_date("made_on", "Date made")
EXPECTED_RELEASE = planned_date(
    "expected_release_date", "Expected release date", years=RELEASE_YEARS
)
ROTL_FIRST_DAY = planned_date("first_day", "First day")
ROTL_LAST_DAY = planned_date("last_day", "Last day")

# How each record's fields are named on the pages, where the model names them otherwise.
TASK_LABELS = {"title": "What needs doing"}
PARTNER_LABELS = {"partner_name": "Partner's name"}
CUSTODY_LABELS = {"establishment": "Prison or young offender institution"}
UNFUNDED_LABEL = "The reason for working without funding"
MINUTES_MESSAGE = "Minutes must be a whole number from 1 to 1440"


def _require_casework(actor: User) -> None:
    if not permissions.records_casework(actor):
        raise NotAllowed("Your role cannot record casework.")


def _choice(value: Any, choices: type[Any], message: str, field: str) -> None:
    if value not in choices.values:
        raise ServiceError(message, field=field)


def open_journey_of(client: Client) -> Journey | None:
    return client.journeys.filter(stage__in=OPEN_STAGES).order_by("-opened_on", "-id").first()


# Journey -----------------------------------------------------------------------------------


def ensure_checklist(journey: Journey) -> None:
    existing = set(journey.checklist.values_list("item", flat=True))
    ChecklistEntry.objects.bulk_create(
        [ChecklistEntry(journey=journey, item=i) for i in ChecklistItem.values if i not in existing]
    )


JOURNEY_START_STAGES = (Stage.IN_CUSTODY, Stage.COMMUNITY)
MOVE_FIELDS = (
    "stage",
    "stage_since",
    "closed_on",
    "closure_reason",
    "funding_stream_id",
    "unfunded_reason",
    "released_on",
)
ALREADY_OPEN = "This client already has an open journey: add the work to it instead."


def _lock_for_opening(
    *, client: Client, stream: FundingStream | None, cohort: str | None, on: date, keep: Journey
) -> None:
    """Inside a transaction: lock the client (and the stream), then refuse to open `keep` if the
    client has another open journey, or if the stream does not fit them or has no place left."""
    Client.objects.select_for_update().filter(pk=client.pk).first()
    others = Journey.objects.filter(client=client, stage__in=OPEN_STAGES)
    if keep.pk is not None:
        others = others.exclude(pk=keep.pk)
    if others.exists():
        raise ServiceError(ALREADY_OPEN)
    if stream is None:
        return
    stream = FundingStream.objects.select_for_update().get(pk=stream.pk)
    fit = stream_fit(client=client, stream=stream, cohort=cohort, on=on)
    instead = (
        "Re-open it without funding and say why, or take a new referral."
        if keep.pk is not None
        else "Choose another stream, or accept without funding and say why."
    )
    if fit.reasons:
        raise ServiceError(
            f"{client} does not fit {stream.name}: {'; '.join(fit.reasons)}. {instead}",
            field="stream",
        )
    if not fit.has_place:
        raise ServiceError(f"{stream.name} has no places left. {instead}", field="stream")


def _save_opened(*, actor: User, journey: Journey) -> None:
    """Save a journey that has just opened, with its audit row; the database refuses a second open
    journey for one client, whatever got past the lock."""
    try:
        audited_create(actor=actor, obj=journey, summary="Journey opened")
    except IntegrityError:
        raise ServiceError(ALREADY_OPEN) from None


def _open_from_referral(
    *,
    actor: User,
    referral: Referral,
    stage: str,
    stream: FundingStream | None,
    reason: str,
) -> Journey:
    if not permissions.decides_referrals(actor):
        raise NotAllowed("Your role cannot decide referrals.")
    if stage not in JOURNEY_START_STAGES:
        raise ServiceError(
            "Choose whether the journey starts in custody or in the community", field="stage"
        )
    if stream is not None and not (
        FundingStream.objects.of_organisation_of(actor).filter(pk=stream.pk).exists()
    ):
        raise ServiceError("Choose a funding stream", field="stream")
    today = timezone.localdate()
    journey = Journey(
        client=referral.client,
        referral=referral,
        funding_stream=stream,
        unfunded_reason="" if stream else reason,
        stage=stage,
        stage_since=today,
        opened_on=today,
    )
    with transaction.atomic():
        _lock_for_opening(
            client=referral.client,
            stream=stream,
            cohort=referral.cohort or None,
            on=today,
            keep=journey,
        )
        referral_record_acceptance(actor=actor, referral=referral, stream=stream, reason=reason)
        _save_opened(actor=actor, journey=journey)
        StageChange.objects.create(
            journey=journey,
            from_stage="",
            to_stage=stage,
            on=today,
            recorded_by=actor,
            note="Referral accepted",
        )
    return journey


def referral_accept(
    *, actor: User, referral: Referral, stream: FundingStream, stage: str, note: str = ""
) -> Journey:
    """Accept a referral into a funding stream the person fits while it has a place, opening a
    journey."""
    check_decision_reason(note, field="note", label="Note")
    return _open_from_referral(
        actor=actor, referral=referral, stage=stage, stream=stream, reason=note
    )


def referral_accept_unfunded(
    *, actor: User, referral: Referral, reason: str, stage: str
) -> Journey:
    """Take someone on with no funding behind them, opening a journey: the work is still recorded,
    as unfunded."""
    if not reason.strip():
        raise ServiceError("Enter why the work goes ahead without funding", field="reason")
    check_decision_reason(reason, label=UNFUNDED_LABEL)
    return _open_from_referral(
        actor=actor, referral=referral, stage=stage, stream=None, reason=reason
    )


def journey_move(
    *,
    actor: User,
    journey: Journey,
    to: str,
    on: date,
    note: str = "",
    closure_reason: str = "",
    unfunded_reason: str = "",
) -> Journey:
    """Move a journey to its next stage on a date. Closing needs a reason, and only closing takes
    one. Leaving Closed is re-opening: it keeps the funding rules (see the module), and a journey
    whose stream no longer fits or has no place may re-open without funding, with a reason. The
    history keeps the closure.

    Release day records the actual release date (the move's date) beside the expected one, opens
    the checklist and marks the journey's outstanding release-date tasks done: the gate meet
    has happened. A move back into custody starts a new time inside, so it clears the actual
    release date (the stage history keeps the earlier release)."""
    _require_casework(actor)
    if to not in STAGE_TRANSITIONS[journey.stage]:
        raise InvalidTransition(
            f"A journey {journey.get_stage_display().lower()} cannot move to "
            f"{Stage(to).label.lower()}."
        )
    MOVE_DATE.check(on)
    if on < journey.stage_since:
        raise ServiceError(
            "The date cannot be before the journey entered its current stage, on "
            f"{when(journey.stage_since)}",
            field="on",
        )
    if to == Stage.CLOSED and closure_reason not in ClosureReason.values:
        raise ServiceError("Choose why the journey is closing", field="closure_reason")
    if to != Stage.CLOSED and closure_reason:
        raise ServiceError(
            "A reason for closing is only for closing the journey: clear it, or choose Closed",
            field="closure_reason",
        )
    reopening = journey.stage == Stage.CLOSED
    if unfunded_reason and not reopening:
        raise ServiceError(
            "A journey changes to unfunded only when it re-opens", field="unfunded_reason"
        )
    check_lengths(StageChange, {"note": note})
    check_lengths(
        Journey,
        {"unfunded_reason": unfunded_reason},
        labels={"unfunded_reason": UNFUNDED_LABEL},
    )
    with transaction.atomic():
        before = snapshot(journey, MOVE_FIELDS)
        old_stage = journey.stage
        fields: dict[str, Any] = {"stage": to, "stage_since": on}
        if to == Stage.RELEASE_DAY:
            fields["released_on"] = on
        elif to == Stage.IN_CUSTODY:
            fields["released_on"] = None
        if to == Stage.CLOSED:
            fields |= {"closed_on": on, "closure_reason": closure_reason}
        elif reopening:
            stream = None if unfunded_reason.strip() else journey.funding_stream
            _lock_for_opening(
                client=journey.client,
                stream=stream,
                cohort=journey.referral.cohort or None,
                on=on,
                keep=journey,
            )
            fields |= {"closed_on": None, "closure_reason": ""}
            if unfunded_reason.strip():
                fields |= {"funding_stream": None, "unfunded_reason": unfunded_reason.strip()}
        try:
            with transaction.atomic():
                updated = Journey.objects.filter(pk=journey.pk, stage=old_stage).update(
                    **fields, version=journey.version + 1, updated_at=timezone.now()
                )
        except IntegrityError:
            raise ServiceError(ALREADY_OPEN) from None
        if not updated:
            raise InvalidTransition(
                "Someone else has just moved this journey on. Look at it again."
            )
        journey.refresh_from_db()
        StageChange.objects.create(
            journey=journey, from_stage=old_stage, to_stage=to, on=on, note=note, recorded_by=actor
        )
        after = snapshot(journey, before.keys())
        record_change(
            actor=actor,
            action=AuditEvent.Action.TRANSITION,
            obj=journey,
            client_id=journey.client_id,
            changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
            summary="Journey re-opened" if reopening else f"Moved to {Stage(to).label}",
        )
        if to == Stage.RELEASE_DAY:
            ensure_checklist(journey)
            for task in release_date_tasks(journey).select_for_update():
                task_complete(actor=actor, task=task)
    return journey


CUSTODY_FIELDS = ("establishment", "expected_release_date", "rotl_unparsed")
ROTL_TEXT_ONLY_REMOVED = (
    "The ROTL dates kept as text can only be removed, once they are entered as periods"
)


def release_date_tasks(journey: Journey) -> TaskQuerySet:
    """The outstanding release-date tasks of a journey, and of its client from before the journey
    opened (a task added while the referral was open has no journey)."""
    return Task.objects.outstanding().filter(
        Q(journey=journey) | Q(journey__isnull=True, client_id=journey.client_id),
        kind=TaskKind.RELEASE_DATE,
    )


def journey_update_custody(
    *, actor: User, journey: Journey, changes: dict[str, Any], expected_version: int
) -> Journey:
    """Change the prison and the expected release date, or remove the ROTL text kept from before
    ROTL dates were real dates (it can only be removed, never written)."""
    _require_casework(actor)
    changes = {k: v for k, v in changes.items() if k in CUSTODY_FIELDS}
    if changes.get("rotl_unparsed", "") not in ("", journey.rotl_unparsed):
        raise ServiceError(ROTL_TEXT_ONLY_REMOVED, field="rotl_unparsed")
    check_lengths(Journey, changes, labels=CUSTODY_LABELS)
    EXPECTED_RELEASE.check(changes.get("expected_release_date"))
    return versioned_update(
        actor=actor,
        obj=journey,
        changes=changes,
        expected_version=expected_version,
        summary="Custody details changed",
    )


def rotl_period_add(
    *,
    actor: User,
    journey: Journey,
    first_day: date | None,
    last_day: date | None = None,
    note: str = "",
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[RotlPeriod, bool]:
    """Record days out on temporary licence: one day (no last day), or a run of days. Periods of
    one journey do not overlap. A form sent twice records one period."""
    _require_casework(actor)
    if first_day is None:
        raise ServiceError("Enter the first day", field="first_day")
    last_day = last_day or first_day
    check_dates([ROTL_FIRST_DAY, ROTL_LAST_DAY], {"first_day": first_day, "last_day": last_day})
    if last_day < first_day:
        raise ServiceError("Last day must be the same as or after the first day", field="last_day")
    check_lengths(RotlPeriod, {"note": note})

    def create() -> RotlPeriod:
        Journey.objects.select_for_update().filter(pk=journey.pk).first()
        overlapping = (
            journey.rotl_periods.filter(first_day__lte=last_day, last_day__gte=first_day)
            .order_by("first_day")
            .first()
        )
        if overlapping is not None:
            raise ServiceError(
                f"These days overlap ROTL already recorded, {rotl_days(overlapping)}: change that "
                "period or choose other days",
                field="first_day",
            )
        return audited_create(
            actor=actor,
            obj=RotlPeriod(
                journey=journey,
                first_day=first_day,
                last_day=last_day,
                note=note.strip(),
                recorded_by=actor,
            ),
            summary="ROTL recorded",
        )

    return once(token=token, user=actor, model=RotlPeriod, create=create, fingerprint=fingerprint)


def rotl_days(period: RotlPeriod) -> str:
    """The days of a ROTL period in words: 3 March 2026, or 3 March 2026 to 5 March 2026."""
    if period.first_day == period.last_day:
        return written(period.first_day)
    return f"{written(period.first_day)} to {written(period.last_day)}"


def rotl_period_remove(*, actor: User, period: RotlPeriod) -> None:
    """Remove a period recorded in error; the audit trail keeps what it said."""
    _require_casework(actor)
    with transaction.atomic():
        before = snapshot(period)
        client_id = period.client_id
        pk = period.pk
        RotlPeriod.objects.filter(pk=pk).delete()
        period.pk = pk
        record_change(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=period,
            client_id=client_id,
            changes={k: [v, None] for k, v in before.items()},
            summary=f"ROTL removed: {rotl_days(period)}",
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
    check_lengths(ChecklistEntry, {"note": note})
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
    CONTACT_DATE.check(values["occurred_on"])
    check_time_of_day(values, "occurred_on", "occurred_at", "The time of the contact")
    _choice(values.get("contact_type"), ContactType, "Choose the type of contact", "contact_type")
    check_lengths(Contact, values)
    minutes = values.get("minutes")
    if minutes is None or not 1 <= int(minutes) <= 24 * 60:
        raise ServiceError(MINUTES_MESSAGE, field="minutes")
    pathways = list(values.get("pathways") or [])
    unknown = [p for p in pathways if p not in Pathway.values]
    if unknown:
        raise ServiceError(f"Unknown pathway: {', '.join(unknown)}", field="pathways")
    values["pathways"] = pathways
    return values


def _also_for(actor: User, client: Client, data: dict[str, Any]) -> list[FundingStream] | None:
    """The further funding streams a contact served (`also_for`: streams or their ids), the
    organisation's live ones; None when not given."""
    if "also_for" not in data:
        return None
    ids = {getattr(s, "pk", s) for s in data.get("also_for") or []}
    streams = list(
        FundingStream.objects.filter(
            pk__in=ids, borough__organisation_id=client.team.borough.organisation_id
        )
    )
    if len(streams) != len(ids):
        raise ServiceError("Choose the organisation's own funding streams", field="also_for")
    return streams


def _set_also_for(actor: User, contact: Contact, streams: list[FundingStream] | None) -> None:
    if streams is None:
        return
    before = sorted(contact.also_for.values_list("pk", flat=True))
    after = sorted(s.pk for s in streams)
    if before != after:
        contact.also_for.set(streams)
        record_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=contact,
            client_id=contact.client_id,
            changes={"also_for": [before, after]},
            summary="Contact's further funding streams changed",
        )


def contact_log(
    *,
    actor: User,
    client: Client,
    data: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Contact, bool]:
    """Log a piece of work. Back-dated is fine (notes written after a prison visit), future-dated
    is not. A form sent twice logs one contact."""
    _require_casework(actor)
    values = _clean_contact(data)

    also = _also_for(actor, client, data)

    def create() -> Contact:
        contact = audited_create(
            actor=actor,
            obj=Contact(client=client, journey=open_journey_of(client), author=actor, **values),
            summary="Contact logged",
        )
        _set_also_for(actor, contact, also)
        return contact

    return once(token=token, user=actor, model=Contact, create=create, fingerprint=fingerprint)


def contact_edit(
    *, actor: User, contact: Contact, data: dict[str, Any], expected_version: int
) -> Contact:
    """Change a contact; the version it replaces is kept."""
    _require_casework(actor)
    values = _clean_contact(data)
    also = _also_for(actor, contact.client, data)
    with transaction.atomic():
        _set_also_for(actor, contact, also)
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
    *,
    actor: User,
    client: Client,
    data: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Task, bool]:
    """Add a task, due at most a few years ahead. A form sent twice adds one task."""
    _require_casework(actor)
    _choice(data.get("kind"), TaskKind, "Choose the kind of task", "kind")
    if not (data.get("title") or "").strip():
        raise ServiceError("Enter what needs doing", field="title")
    check_lengths(Task, {"title": data["title"].strip()}, labels=TASK_LABELS)
    if data.get("due_on") is None:
        raise ServiceError("Enter the date it is due", field="due_on")
    TASK_DUE.check(data["due_on"])
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

    return once(token=token, user=actor, model=Task, create=create, fingerprint=fingerprint)


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

PARTNER_REFERRAL_STARTS = planned_date("starts_on", "Start or appointment date")
PARTNER_REFERRAL_FIELDS = ("outcome", "starts_on")
STARTS_ON_CLEARED = (
    "The start or appointment date is cleared. Its task, due {due}, is still on {who}'s list: "
    "mark it done there if it is no longer needed."
)


def _check_partner_referral(data: dict[str, Any]) -> None:
    if "starts_on" in data:
        PARTNER_REFERRAL_STARTS.check(data["starts_on"])
    check_lengths(
        PartnerReferral,
        {k: data[k] for k in ("partner_name", "outcome") if k in data},
        labels=PARTNER_LABELS,
    )


def _appointment_title(partner_referral: PartnerReferral) -> str:
    if partner_referral.partner_type == PartnerType.TRAINING:
        return f"First day at {partner_referral.partner_name}"
    return f"Appointment with {partner_referral.partner_name}"


def _schedule_start(*, actor: User, partner_referral: PartnerReferral) -> Task | None:
    """Put the referral's start or appointment date on the client's caseworker's task list: a new
    appointment task, or the outstanding one moved to the new date. A task already done stays
    done, and a new one is added. With no date nothing is removed (see STARTS_ON_CLEARED)."""
    starts_on = partner_referral.starts_on
    task = partner_referral.appointment_task
    if starts_on is None:
        return task
    if task is not None and task.done_at is None:
        if task.due_on != starts_on:
            versioned_update(
                actor=actor,
                obj=task,
                changes={"due_on": starts_on},
                expected_version=task.version,
                summary=f"Appointment moved: {task.title}",
            )
        return task
    client = partner_referral.client
    task = audited_create(
        actor=actor,
        obj=Task(
            client=client,
            journey=partner_referral.journey,
            kind=TaskKind.APPOINTMENT,
            title=_appointment_title(partner_referral),
            due_on=starts_on,
            assigned_to=client.caseworker or actor,
            created_by=actor,
        ),
        summary="Appointment task added for a partner referral",
    )
    PartnerReferral.objects.filter(pk=partner_referral.pk).update(appointment_task=task)
    partner_referral.appointment_task = task
    return task


def partner_referral_make(
    *,
    actor: User,
    client: Client,
    data: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[PartnerReferral, bool]:
    """Record a referral out to a partner. It starts as made and moves on through
    `partner_referral_move`. A start or appointment date puts a task on the caseworker's list. A
    form sent twice records one referral."""
    _require_casework(actor)
    _choice(data.get("partner_type"), PartnerType, "Choose the kind of partner", "partner_type")
    if not (data.get("partner_name") or "").strip():
        raise ServiceError("Enter the partner's name", field="partner_name")
    made_on = data.get("made_on") or timezone.localdate()
    PARTNER_REFERRAL_MADE.check(made_on)
    if data.get("status") not in (None, "", PartnerReferralStatus.MADE):
        raise ServiceError(
            "A new partner referral starts as made: record it, then update its status",
            field="status",
        )
    _check_partner_referral(
        {
            "partner_name": data["partner_name"].strip(),
            "outcome": data.get("outcome", ""),
            "starts_on": data.get("starts_on"),
        }
    )

    def create() -> PartnerReferral:
        made = audited_create(
            actor=actor,
            obj=PartnerReferral(
                client=client,
                journey=open_journey_of(client),
                partner_type=data["partner_type"],
                partner_name=data["partner_name"].strip(),
                made_on=made_on,
                starts_on=data.get("starts_on"),
                status=PartnerReferralStatus.MADE,
                outcome=data.get("outcome", ""),
                created_by=actor,
            ),
            summary="Partner referral made",
        )
        _schedule_start(actor=actor, partner_referral=made)
        return made

    return once(
        token=token, user=actor, model=PartnerReferral, create=create, fingerprint=fingerprint
    )


def partner_referral_move(
    *,
    actor: User,
    partner_referral: PartnerReferral,
    to: str,
    expected_version: int | None = None,
) -> PartnerReferral:
    """Move a partner referral's status one step along PARTNER_REFERRAL_TRANSITIONS: made ->
    accepted -> attended -> completed, or declined from made or accepted. The only way its
    status changes. With `expected_version`, a referral saved by someone else since is refused
    as an edit conflict."""
    _require_casework(actor)
    if to not in PartnerReferralStatus.values:
        raise ServiceError("Choose a status", field="status")
    old = partner_referral.status
    if to not in PARTNER_REFERRAL_TRANSITIONS[old]:
        allowed = [str(s.label).lower() for s in partner_referral.next_statuses]
        raise InvalidTransition(
            f"A partner referral {PartnerReferralStatus(old).label.lower()} cannot move to "
            f"{PartnerReferralStatus(to).label.lower()}"
            + (f": it can move to {' or '.join(allowed)}" if allowed else ": it has ended"),
            field="status",
        )
    with transaction.atomic():
        current = PartnerReferral.objects.select_for_update().get(pk=partner_referral.pk)
        if expected_version is not None and current.version != expected_version:
            raise EditConflict(CONFLICT_MESSAGE, current=current, submitted={"status": to})
        updated = PartnerReferral.objects.filter(pk=current.pk, status=old).update(
            status=to, version=current.version + 1, updated_at=timezone.now()
        )
        if not updated:
            raise InvalidTransition(
                "Someone else has just changed this referral's status. Look at it again.",
                field="status",
            )
        partner_referral.refresh_from_db()
        record_change(
            actor=actor,
            action=AuditEvent.Action.TRANSITION,
            obj=partner_referral,
            client_id=partner_referral.client_id,
            changes={"status": [old, to]},
            summary=f"Partner referral {PartnerReferralStatus(to).label.lower()}",
        )
        # A declined referral has no appointment to go to: its outstanding task is closed.
        task = partner_referral.appointment_task
        if to == PartnerReferralStatus.DECLINED and task is not None and task.done_at is None:
            task_complete(actor=actor, task=task)
    return partner_referral


def partner_referral_update(
    *,
    actor: User,
    partner_referral: PartnerReferral,
    expected_version: int,
    changes: dict[str, Any],
) -> tuple[PartnerReferral, str]:
    """Record how a partner referral is going: any of its outcome, its start or appointment date
    (which puts a task on the list or moves it) and its status (moved by
    `partner_referral_move`, so only along the map). Answers the referral and anything the person
    should be told (a cleared date leaves its task in place, said in words)."""
    _require_casework(actor)
    fields = {k: changes[k] for k in PARTNER_REFERRAL_FIELDS if k in changes}
    status = changes.get("status")
    if status is not None and status not in PartnerReferralStatus.values:
        raise ServiceError("Choose a status", field="status")
    _check_partner_referral(fields)
    moving = status is not None and status != partner_referral.status
    if moving and status not in PARTNER_REFERRAL_TRANSITIONS[partner_referral.status]:
        # Refused before anything is saved, in the transition's own words.
        partner_referral_move(actor=actor, partner_referral=partner_referral, to=str(status))
    fields = {k: v for k, v in fields.items() if getattr(partner_referral, k) != v}
    said = ""
    with transaction.atomic():
        if fields or not moving:
            versioned_update(
                actor=actor,
                obj=partner_referral,
                changes=fields,
                expected_version=expected_version,
                summary="Partner referral updated",
            )
            expected_version = partner_referral.version
            if "starts_on" in fields:
                task = _schedule_start(actor=actor, partner_referral=partner_referral)
                if partner_referral.starts_on is None and task is not None and not task.is_done:
                    said = STARTS_ON_CLEARED.format(due=when(task.due_on), who=task.assigned_to)
        if moving:
            assert status is not None
            partner_referral_move(
                actor=actor,
                partner_referral=partner_referral,
                to=status,
                expected_version=expected_version,
            )
    return partner_referral, said
