"""Concerns: raising one, its append-only chronology, and the safeguarding lead's triage,
decisions, referrals to statutory services and closing.

What was seen and heard is written once, in the concern's first entry, and never changed:
corrections and updates are new dated entries. Only the lead (or, for an allegation against staff,
a manager) changes a concern's category, date or the people involved, each with a reason kept as
a decision. Audit rows say what was done and to which record, never the account itself, so the
access record the data protection officer reads does not become a second copy of it."""

from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.accounts.scope import ALLEGATION_READERS, organisation_of
from wingman.audit.models import AuditEvent
from wingman.audit.services import diff, record_change, snapshot
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.services import versioned_update
from wingman.core.validation import check_lengths, check_time_of_day, past_date
from wingman.family.models import Person
from wingman.people.models import Client

from .. import deadlines
from ..choices import (
    CONCERN_TRANSITIONS,
    Category,
    ConcernStatus,
    DecisionKind,
    EntryKind,
    Grade,
    Involvement,
    NotificationKind,
    StatutoryService,
)
from ..models import Concern, ConcernEntry, Decision, Involved, StatutoryReferral
from .notify import leads_for, notify

HAPPENED_ON = past_date("happened_on", "The date it happened")
REFERRED_ON = past_date("made_on", "The date of the referral")
FEEDBACK_ON = past_date("feedback_on", "The date feedback came back")

REQUIRED = {
    "category": "Select what the concern is about",
    "happened_on": "Enter the date it happened",
    "seen_and_heard": "Enter what was seen and heard",
    "rationale": "Enter the reason for the decision",
    "grade": "Select red, amber or green",
    "service": "Select the service referred to",
    "made_on": "Enter the date of the referral",
    "involvement": "Select how they are involved",
}
NAME_THE_STAFF = "Select the member of staff or volunteer the allegation is about"
STAFF_ONLY_FOR_ALLEGATIONS = (
    "Only an allegation against a member of staff or a volunteer names a member of staff"
)
NOT_YOUR_COLLEAGUE = "Select a member of staff or volunteer of your organisation"
SOMEONE = "Select one of the client's people, or enter a name"
CORRECTS_WHICH = "Select the entry this corrects"
ENTRY_KINDS = frozenset({EntryKind.UPDATE, EntryKind.CORRECTION})
ACTION_KINDS = frozenset({DecisionKind.NOT_REFER, DecisionKind.ACTION})

ENTRY_LABELS = {
    "place": "Where it happened",
    "seen_and_heard": "What was seen and heard",
    "own_words": "Their own words",
    "action_taken": "The immediate action taken",
}


# Who may do what ------------------------------------------------------------------------------


def _require_raiser(actor: User) -> None:
    if not permissions.raises_concerns(actor):
        raise NotAllowed("Your role does not raise safeguarding concerns")


def _require_reader(actor: User, concern: Concern) -> None:
    """The one who adds to a concern must be able to read it (views load it through the
    visibility rule; this holds for any other caller)."""
    if not Concern.objects.visible_to(actor).filter(pk=concern.pk).exists():
        raise NotAllowed("You cannot add to this concern")


def _require_lead(actor: User, concern: Concern) -> None:
    _require_reader(actor, concern)
    if not permissions.acts_on_concern(actor, concern):
        raise NotAllowed("Only the safeguarding lead decides on a concern")


# Checking what was sent -----------------------------------------------------------------------


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    return value.strip() if isinstance(value, str) else ""


def _need(values: dict[str, Any], *names: str) -> None:
    for name in names:
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ServiceError(REQUIRED[name], field=name)


def _choice(values: dict[str, Any], name: str, choices: Any) -> str:
    value = values.get(name)
    if value in (None, ""):
        raise ServiceError(REQUIRED[name], field=name)
    if value not in choices.values:
        raise ServiceError(REQUIRED[name], field=name)
    return str(value)


def _account(values: dict[str, Any]) -> dict[str, str]:
    """The text of an entry: what was seen and heard (always), their own words, the action
    taken, where it happened."""
    entry = {name: _text(values, name) for name in ENTRY_LABELS}
    if not entry["seen_and_heard"]:
        raise ServiceError(REQUIRED["seen_and_heard"], field="seen_and_heard")
    check_lengths(ConcernEntry, entry, labels=ENTRY_LABELS)
    return entry


def _staff_member(actor: User, value: Any) -> User:
    if value in (None, ""):
        raise ServiceError(NAME_THE_STAFF, field="about_staff_id")
    organisation = organisation_of(actor)
    try:
        person = User.objects.get(pk=value)
    except (User.DoesNotExist, ValueError, TypeError):
        raise ServiceError(NOT_YOUR_COLLEAGUE, field="about_staff_id") from None
    if organisation is None or organisation_of(person) != organisation:
        raise ServiceError(NOT_YOUR_COLLEAGUE, field="about_staff_id")
    return person


def _when_it_happened(values: dict[str, Any]) -> tuple[date, time | None]:
    _need(values, "happened_on")
    HAPPENED_ON.check(values["happened_on"])
    at = values.get("happened_at") or None
    check_time_of_day(
        {"happened_on": values["happened_on"], "happened_at": at},
        "happened_on",
        "happened_at",
        "The time it happened",
    )
    return values["happened_on"], at


def _category_and_staff(actor: User, values: dict[str, Any]) -> tuple[str, User | None]:
    category = _choice(values, "category", Category)
    staff_id = values.get("about_staff_id")
    if category == Category.STAFF_ALLEGATION:
        return category, _staff_member(actor, staff_id)
    if staff_id not in (None, ""):
        raise ServiceError(STAFF_ONLY_FOR_ALLEGATIONS, field="about_staff_id")
    return category, None


def _involved(actor: User, client: Client, item: dict[str, Any]) -> dict[str, Any]:
    """One person involved: one of the client's people (that the actor may see), or a name."""
    involvement = _choice(item, "involvement", Involvement)
    person_id = item.get("person_id")
    name = _text(item, "name")
    check_lengths(Involved, {"name": name}, labels={"name": "The name"})
    if person_id not in (None, ""):
        person = (
            Person.objects.visible_to(actor)
            .filter(relationships__client=client, pk=person_id)
            .first()
            if str(person_id).isdigit()
            else None
        )
        if person is None:
            raise ServiceError(SOMEONE, field="person_id")
        return {"person": person, "name": "", "involvement": involvement}
    if not name:
        raise ServiceError(SOMEONE, field="name")
    return {"person": None, "name": name, "involvement": involvement}


# Audit rows without the account ----------------------------------------------------------------


def _audit(
    actor: User, obj: Any, client_id: int, action: str, summary: str, **changes: Any
) -> None:
    record_change(
        actor=actor,
        action=action,
        obj=obj,
        client_id=client_id,
        changes={k: [None, v] for k, v in changes.items()},
        summary=summary,
    )


def _byline(actor: User) -> dict[str, str]:
    return {"name": str(actor)[:150], "role": actor.role}


# Raising a concern -----------------------------------------------------------------------------


def concern_raise(
    *,
    actor: User,
    client: Client,
    values: dict[str, Any],
    involved: list[dict[str, Any]] | None = None,
    crisis_call: Any = None,
    token: str | None = None,
    fingerprint: str = "",
    notify_also: list[User] | None = None,
    notice: str = NotificationKind.CONCERN_RAISED,
) -> tuple[Concern, bool]:
    """Raise a concern: the account as written, the people involved, the triage clock running,
    and the safeguarding lead told (with no content) once it commits. A form sent twice raises
    one concern."""
    _require_raiser(actor)
    category, staff = _category_and_staff(actor, values)
    happened_on, happened_at = _when_it_happened(values)
    account = _account(values)
    people = [_involved(actor, client, item) for item in involved or []]

    def create() -> Concern:
        now = timezone.now()
        rules = deadlines.deadlines_for(client.team.borough.organisation_id)
        by = _byline(actor)
        with transaction.atomic():
            concern = Concern.objects.create(
                client=client,
                category=category,
                about_staff=staff,
                happened_on=happened_on,
                happened_at=happened_at,
                raised_by=actor,
                raised_by_name=by["name"],
                raised_by_role=by["role"],
                crisis_call=crisis_call,
                triage_due_at=deadlines.triage_due(now, rules),
                created_at=now,
                updated_at=now,
            )
            ConcernEntry.objects.create(
                concern=concern,
                kind=EntryKind.ACCOUNT,
                written_at=now,
                author=actor,
                author_name=by["name"],
                author_role=by["role"],
                **account,
            )
            for person in people:
                Involved.objects.create(concern=concern, linked_by=actor, linked_at=now, **person)
            _audit(
                actor,
                concern,
                client.pk,
                AuditEvent.Action.CREATE,
                "Safeguarding concern raised",
                category=category,
                happened_on=happened_on.isoformat(),
                people_involved=len(people),
            )
            recipients = leads_for(concern) + list(notify_also or [])
            if concern.is_allegation:
                recipients = [r for r in recipients if r.pk != concern.about_staff_id]
                recipients = [r for r in recipients if r.role in ALLEGATION_READERS]
            notify(concern=concern, recipients=recipients, kind=notice)
        return concern

    return once(token=token, user=actor, model=Concern, create=create, fingerprint=fingerprint)


# The chronology --------------------------------------------------------------------------------


def entry_add(
    *,
    actor: User,
    concern: Concern,
    values: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[ConcernEntry, bool]:
    """A dated update or correction. The entry it corrects stays as it was."""
    _require_reader(actor, concern)
    kind = values.get("kind") or EntryKind.UPDATE
    if kind not in ENTRY_KINDS:
        raise ServiceError("Select an update or a correction", field="kind")
    corrects = None
    if kind == EntryKind.CORRECTION:
        corrects_id = values.get("corrects_id")
        corrects = (
            concern.entries.filter(pk=int(str(corrects_id))).first()
            if str(corrects_id or "").isdigit()
            else None
        )
        if corrects is None:
            raise ServiceError(CORRECTS_WHICH, field="corrects_id")
    account = _account(values)

    def create() -> ConcernEntry:
        by = _byline(actor)
        with transaction.atomic():
            entry = ConcernEntry.objects.create(
                concern=concern,
                kind=kind,
                author=actor,
                author_name=by["name"],
                author_role=by["role"],
                corrects=corrects,
                **account,
            )
            _audit(
                actor,
                entry,
                concern.client_id,
                AuditEvent.Action.CREATE,
                f"Concern {concern.pk}: {EntryKind(kind).label.lower()} added",
                concern=concern.pk,
            )
        return entry

    return once(token=token, user=actor, model=ConcernEntry, create=create, fingerprint=fingerprint)


# The lead's decisions --------------------------------------------------------------------------


def _decide(
    *, actor: User, concern: Concern, kind: str, rationale: str, grade: str = "", changed: str = ""
) -> Decision:
    decision = Decision.objects.create(
        concern=concern,
        kind=kind,
        decided_by=actor,
        decided_by_name=str(actor)[:150],
        rationale=rationale,
        grade=grade,
        changed=changed,
    )
    _audit(
        actor,
        decision,
        concern.client_id,
        AuditEvent.Action.CREATE,
        f"Concern {concern.pk}: {DecisionKind(kind).label.lower()}",
        concern=concern.pk,
        kind=kind,
        **({"grade": grade} if grade else {}),
    )
    return decision


def _rationale(values: dict[str, Any]) -> str:
    rationale = _text(values, "rationale")
    if not rationale:
        raise ServiceError(REQUIRED["rationale"], field="rationale")
    check_lengths(Decision, {"rationale": rationale}, labels={"rationale": "The reason"})
    return rationale


def _move(
    *, actor: User, concern: Concern, to: str, changes: dict[str, Any], summary: str
) -> Concern:
    """Move a concern on by `CONCERN_TRANSITIONS`, locked, with its audit row."""
    current = Concern.objects.select_for_update().get(pk=concern.pk)
    if to not in CONCERN_TRANSITIONS[current.status]:
        raise InvalidTransition(
            f"A concern that is {current.get_status_display().lower()} cannot be "
            f"{ConcernStatus(to).label.lower()}"
        )
    fields = {"status": to, **changes}
    before = snapshot(current, fields.keys())
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_at = timezone.now()
    current.save(update_fields=[*fields, "version", "updated_at"])
    record_change(
        actor=actor,
        action=AuditEvent.Action.TRANSITION,
        obj=current,
        client_id=current.client_id,
        changes=diff(before, snapshot(current, fields.keys())),
        summary=summary,
    )
    return current


def concern_triage(*, actor: User, concern: Concern, values: dict[str, Any]) -> Concern:
    """Grade a concern red, amber or green with a reason; the deadline for action runs from now
    by the grade. Triaging again changes the grade and starts a new deadline."""
    _require_lead(actor, concern)
    grade = _choice(values, "grade", Grade)
    rationale = _rationale(values)
    with transaction.atomic():
        now = timezone.now()
        rules = deadlines.deadlines_for(concern.client.team.borough.organisation_id)
        moved = _move(
            actor=actor,
            concern=concern,
            to=ConcernStatus.TRIAGED,
            changes={
                "grade": grade,
                "triaged_at": now,
                "triaged_by": actor,
                "action_due_at": deadlines.action_due(grade, now, rules),
                "action_taken_at": None,
            },
            summary=f"Concern triaged {Grade(grade).label.lower()}",
        )
        _decide(
            actor=actor, concern=moved, kind=DecisionKind.TRIAGE, rationale=rationale, grade=grade
        )
    return moved


def _acted(concern: Concern) -> None:
    """The first decision after triage meets the deadline for action."""
    if concern.status == ConcernStatus.TRIAGED and concern.action_taken_at is None:
        Concern.objects.filter(pk=concern.pk).update(action_taken_at=timezone.now())


def _require_open_and_triaged(concern: Concern) -> None:
    current = Concern.objects.get(pk=concern.pk)
    if current.status == ConcernStatus.RAISED:
        raise InvalidTransition("Triage the concern first")
    if current.status == ConcernStatus.CLOSED:
        raise InvalidTransition("The concern is closed: reopen it first")


def decision_record(
    *,
    actor: User,
    concern: Concern,
    values: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Decision, bool]:
    """A decision with its reason: not to refer, or another action. A referral to a statutory
    service is `referral_make`."""
    _require_lead(actor, concern)
    kind = values.get("kind")
    if kind not in ACTION_KINDS:
        raise ServiceError("Select the decision", field="kind")
    rationale = _rationale(values)

    def create() -> Decision:
        with transaction.atomic():
            _require_open_and_triaged(concern)
            decision = _decide(actor=actor, concern=concern, kind=kind, rationale=rationale)
            _acted(concern)
        return decision

    return once(token=token, user=actor, model=Decision, create=create, fingerprint=fingerprint)


def referral_make(
    *,
    actor: User,
    concern: Concern,
    values: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[StatutoryReferral, bool]:
    """Refer to a statutory service, with the reason, the date and their reference if there is
    one yet (it can be added when it comes)."""
    _require_lead(actor, concern)
    service = _choice(values, "service", StatutoryService)
    rationale = _rationale(values)
    _need(values, "made_on")
    REFERRED_ON.check(values["made_on"])
    reference = _text(values, "reference")
    check_lengths(
        StatutoryReferral, {"reference": reference}, labels={"reference": "The reference"}
    )

    def create() -> StatutoryReferral:
        with transaction.atomic():
            _require_open_and_triaged(concern)
            decision = _decide(
                actor=actor, concern=concern, kind=DecisionKind.REFER, rationale=rationale
            )
            referral = StatutoryReferral.objects.create(
                concern=concern,
                decision=decision,
                service=service,
                made_on=values["made_on"],
                reference=reference,
                made_by=actor,
            )
            _audit(
                actor,
                referral,
                concern.client_id,
                AuditEvent.Action.CREATE,
                f"Concern {concern.pk}: referred ({StatutoryService(service).label})",
                concern=concern.pk,
                service=service,
                made_on=values["made_on"].isoformat(),
            )
            _acted(concern)
        return referral

    return once(
        token=token, user=actor, model=StatutoryReferral, create=create, fingerprint=fingerprint
    )


REFERRAL_UPDATE_FIELDS = ("reference", "feedback_on", "feedback")


def referral_update(
    *, actor: User, referral: StatutoryReferral, changes: dict[str, Any], expected_version: int
) -> StatutoryReferral:
    """Their reference number when it comes, and their feedback."""
    _require_lead(actor, referral.concern)
    values = {k: v for k, v in changes.items() if k in REFERRAL_UPDATE_FIELDS}
    for name in ("reference", "feedback"):
        if name in values:
            values[name] = _text(values, name)
    if values.get("feedback_on") is not None:
        FEEDBACK_ON.check(values["feedback_on"])
        if values["feedback_on"] < referral.made_on:
            raise ServiceError(
                "The date feedback came back must be the same as or after the date of the referral",
                field="feedback_on",
            )
    if values.get("feedback") and not (values.get("feedback_on") or referral.feedback_on):
        raise ServiceError("Enter the date feedback came back", field="feedback_on")
    check_lengths(
        StatutoryReferral,
        values,
        labels={"reference": "The reference", "feedback": "Their feedback"},
    )
    return versioned_update(
        actor=actor,
        obj=referral,
        changes=values,
        expected_version=expected_version,
        summary="Referral to a statutory service changed",
    )


def concern_close(*, actor: User, concern: Concern, values: dict[str, Any]) -> Concern:
    """Close a triaged concern; closing needs a reason."""
    _require_lead(actor, concern)
    rationale = _rationale(values)
    with transaction.atomic():
        moved = _move(
            actor=actor,
            concern=concern,
            to=ConcernStatus.CLOSED,
            changes={"closed_at": timezone.now()},
            summary="Concern closed",
        )
        _decide(actor=actor, concern=moved, kind=DecisionKind.CLOSE, rationale=rationale)
    return moved


def concern_reopen(*, actor: User, concern: Concern, values: dict[str, Any]) -> Concern:
    """Reopen a closed concern with a reason: its grade stands, and a new deadline for action
    runs from now."""
    _require_lead(actor, concern)
    rationale = _rationale(values)
    with transaction.atomic():
        if Concern.objects.get(pk=concern.pk).status != ConcernStatus.CLOSED:
            raise InvalidTransition("Only a closed concern can be reopened")
        now = timezone.now()
        rules = deadlines.deadlines_for(concern.client.team.borough.organisation_id)
        moved = _move(
            actor=actor,
            concern=concern,
            to=ConcernStatus.TRIAGED,
            changes={
                "closed_at": None,
                "action_due_at": deadlines.action_due(concern.grade, now, rules),
                "action_taken_at": None,
            },
            summary="Concern reopened",
        )
        _decide(actor=actor, concern=moved, kind=DecisionKind.REOPEN, rationale=rationale)
    return moved


DETAIL_FIELDS = ("category", "about_staff_id", "happened_on", "happened_at")


def concern_change_details(
    *, actor: User, concern: Concern, changes: dict[str, Any], expected_version: int
) -> Concern:
    """The lead corrects the category, the member of staff an allegation is about, or when it
    happened, with a reason kept as a decision. Nothing of the account changes."""
    _require_lead(actor, concern)
    rationale = _rationale(changes)
    values = {"category": concern.category, "about_staff_id": concern.about_staff_id}
    values.update({k: v for k, v in changes.items() if k in ("category", "about_staff_id")})
    category, staff = _category_and_staff(actor, values)
    when = {
        "happened_on": changes.get("happened_on", concern.happened_on),
        "happened_at": changes.get("happened_at", concern.happened_at),
    }
    happened_on, happened_at = _when_it_happened(when)
    new = {
        "category": category,
        "about_staff_id": staff.pk if staff else None,
        "happened_on": happened_on,
        "happened_at": happened_at,
    }
    if category == Category.STAFF_ALLEGATION and not permissions.acts_on_concern(
        actor, Concern(category=category)
    ):
        raise NotAllowed("Only the safeguarding lead decides on a concern")
    labels = {
        "category": "Category",
        "about_staff_id": "Member of staff it is about",
        "happened_on": "Date it happened",
        "happened_at": "Time it happened",
    }
    changed = [name for name in DETAIL_FIELDS if getattr(concern, name) != new[name]]
    if not changed:
        raise ServiceError("Change at least one of the details", field="category")
    words = "; ".join(labels[name] for name in changed)
    with transaction.atomic():
        updated = versioned_update(
            actor=actor,
            obj=concern,
            changes={name: new[name] for name in changed},
            expected_version=expected_version,
            summary="Concern details changed",
        )
        _decide(
            actor=actor,
            concern=updated,
            kind=DecisionKind.DETAILS,
            rationale=rationale,
            changed=f"Changed: {words}",
        )
    return updated


def involved_link(*, actor: User, concern: Concern, values: dict[str, Any]) -> Involved:
    """The lead links someone else involved, with a reason."""
    _require_lead(actor, concern)
    rationale = _rationale(values)
    person = _involved(actor, concern.client, values)
    with transaction.atomic():
        link = Involved.objects.create(concern=concern, linked_by=actor, **person)
        _decide(
            actor=actor,
            concern=concern,
            kind=DecisionKind.DETAILS,
            rationale=rationale,
            changed=f"Linked: {link.display_name} ({link.get_involvement_display()})",
        )
    return link


def involved_unlink(*, actor: User, involved: Involved, values: dict[str, Any]) -> Involved:
    """The lead unlinks someone wrongly linked, with a reason; the link is kept, marked."""
    concern = involved.concern
    _require_lead(actor, concern)
    rationale = _rationale(values)
    if involved.removed_at is not None:
        raise InvalidTransition("They are no longer linked to this concern")
    with transaction.atomic():
        Involved.objects.filter(pk=involved.pk).update(
            removed_at=timezone.now(), removed_by=actor, removed_reason=rationale
        )
        involved.refresh_from_db()
        _decide(
            actor=actor,
            concern=concern,
            kind=DecisionKind.DETAILS,
            rationale=rationale,
            changed=f"Unlinked: {involved.display_name}",
        )
    return involved


def notification_seen(*, actor: User, notification: Any) -> None:
    """A notification opened by its recipient."""
    if notification.recipient_id != actor.pk:
        raise NotAllowed("This notification is not yours")
    if notification.seen_at is None:
        type(notification).objects.filter(pk=notification.pk).update(seen_at=timezone.now())
