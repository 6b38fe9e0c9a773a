"""Safeguarding: concerns and their append-only chronology, the lead's triage, decisions and
referrals to statutory services, the people involved; risk flags; the crisis call; the on-call
rota.

Concerns are restricted records, narrower than the client: only a caseworker, a team lead, a
manager or the safeguarding lead who sees the client reads them, and an allegation against a
member of staff only the safeguarding lead and managers, never the member of staff it is about
(to whom it answers 404 everywhere, as if it did not exist). No answer carries the account of a
concern to someone who may not read it: a risk flag says only that its concern exists, and
raising a concern one may not read afterwards answers with its id and status alone.

Entries are never changed or removed: there is no PATCH, PUT or DELETE for them."""

from collections.abc import Callable
from datetime import date, datetime, time
from types import SimpleNamespace
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import model_validator

from wingman.accounts import permissions
from wingman.accounts.scope import organisation_of
from wingman.audit.services import record_denial
from wingman.casework.models import Contact, Task
from wingman.casework.services import TASK_DUE
from wingman.core.errors import EditConflict, ServiceError
from wingman.core.models import FormSubmission
from wingman.core.once import once
from wingman.core.validation import TIME_FORMAT
from wingman.people.models import Client
from wingman.safeguarding.choices import (
    Category,
    FlagKind,
    Grade,
    Involvement,
    StatutoryService,
)
from wingman.safeguarding.models import (
    Concern,
    ConcernEntry,
    Decision,
    Involved,
    OnCallShift,
    RiskFlag,
    StatutoryReferral,
)
from wingman.safeguarding.selectors.rota import on_call_for, rota_of
from wingman.safeguarding.services import concerns, crisis, flags, rota
from wingman.safeguarding.services.concerns import (
    ENTRY_LABELS,
    FEEDBACK_ON,
    HAPPENED_ON,
    REFERRED_ON,
    REQUIRED,
    SOMEONE,
)

from ..auth import READS_CLIENTS, actor_of, requires
from ..errors import conflict, remember_record
from ..records import IdempotencyKey, get_record, idempotency, page_of
from ..schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ChangesSchema,
    ConflictOut,
    Id,
    InputSchema,
    Limit,
    PageQuery,
    Version,
    Within,
    checked,
)
from .casework import ContactDate, ContactOut, Minutes, contact_data

router = Router(tags=["safeguarding"])

READS_CONCERNS = "Your role does not read safeguarding concerns."
RAISES_CONCERNS = "Your role does not raise safeguarding concerns."
DECIDES = (
    "Only the safeguarding lead decides on a concern (and a manager on an allegation against "
    "a member of staff)."
)
SETS_FLAGS = "Your role does not set risk flags."
LOGS_CRISIS_CALLS = "Your role cannot log crisis calls."
KEEPS_ROTA = "Your role does not keep the on-call rota."

_AN_ALLEGATION = SimpleNamespace(category=Category.STAFF_ALLEGATION)


def decides_on_concerns(user: Any) -> bool:
    """The safeguarding lead, or a manager (who acts on allegations against staff). Whether
    they act on this concern is the service's check, once the concern is found."""
    return permissions.leads_safeguarding(user) or permissions.acts_on_concern(user, _AN_ALLEGATION)


HappenedOn = Annotated[date, Within(HAPPENED_ON)]
Place = Annotated[str, Limit(ConcernEntry, "place", label=ENTRY_LABELS["place"])]
SeenAndHeard = Annotated[
    str,
    Limit(
        ConcernEntry,
        "seen_and_heard",
        label=ENTRY_LABELS["seen_and_heard"],
        required=REQUIRED["seen_and_heard"],
    ),
]
OwnWords = Annotated[str, Limit(ConcernEntry, "own_words", label=ENTRY_LABELS["own_words"])]
ActionTaken = Annotated[
    str, Limit(ConcernEntry, "action_taken", label=ENTRY_LABELS["action_taken"])
]
Rationale = Annotated[
    str, Limit(Decision, "rationale", label="The reason", required=REQUIRED["rationale"])
]
InvolvedName = Annotated[str, Limit(Involved, "name", label="The name")]
Reference = Annotated[str, Limit(StatutoryReferral, "reference", label="The reference")]
Feedback = Annotated[str, Limit(StatutoryReferral, "feedback", label="Their feedback")]
FlagDetail = Annotated[str, Limit(RiskFlag, "detail", label=flags.LABELS["detail"])]
FlagReason = Annotated[
    str, Limit(RiskFlag, "reason", label=flags.LABELS["reason"], required="Enter the reason")
]
RemovedReason = Annotated[
    str,
    Limit(
        RiskFlag,
        "removed_reason",
        label="The reason",
        required="Enter why the flag is no longer needed",
    ),
]
ReviewOn = Annotated[date, Within(flags.REVIEW_ON)]
Phone = Annotated[
    str,
    Limit(OnCallShift, "phone", label="The number to call", required="Enter the number to call"),
]
GivenName = Annotated[str, Limit(Client, "given_name")]
FamilyName = Annotated[str, Limit(Client, "family_name")]
Said = Annotated[
    str,
    Limit(ConcernEntry, "seen_and_heard", label="What was said", required="Enter what was said"),
]


def _no_zone(label: str) -> Callable[[time], str | None]:
    """A time of day (HH:MM) as the pages take it: a local time, never one with a zone."""
    message = TIME_FORMAT.format(label_lower=label.lower())
    return lambda at: message if at.tzinfo is not None else None


HappenedAt = Annotated[time, checked(_no_zone("The time it happened"))]
CallAt = Annotated[time, checked(_no_zone("The time of the contact"))]
FollowUp = Annotated[str, Limit(Task, "title", label="The follow-up")]
TaskDue = Annotated[date, Within(TASK_DUE)]

PAST = "From 1 January 2000 to today"
ALLEGATION_HELP = (
    "Only for an allegation against a member of staff or a volunteer: who it is about, of your "
    "organisation"
)


# Concerns ------------------------------------------------------------------------------------


class ConcernOut(Schema):
    """Where a concern stands. Its account is in its entries."""

    id: int
    version: int
    client_id: int
    category: str
    about_staff_id: int | None = Field(description="For an allegation against staff")
    happened_on: date
    happened_at: time | None
    raised_by_id: int
    raised_by_name: str
    raised_by_role: str
    crisis_call_id: int | None = Field(description="The crisis call it was raised from")
    status: str = Field(description="raised (waiting for triage), triaged or closed")
    grade: str = Field(description="red, amber or green once triaged")
    triage_due_at: datetime
    triaged_at: datetime | None
    triaged_by_id: int | None
    action_due_at: datetime | None = Field(description="When action is due, by the grade")
    action_taken_at: datetime | None = Field(description="When the first action was recorded")
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ConcernPage(Schema):
    count: int
    items: list[ConcernOut]


class EntryOut(Schema):
    id: int
    concern_id: int
    kind: str = Field(description="account (as first written), update or correction")
    written_at: datetime
    author_id: int
    author_name: str
    author_role: str
    place: str
    seen_and_heard: str
    own_words: str
    action_taken: str
    corrects_id: int | None = Field(description="For a correction: the entry it corrects")


class EntryPage(Schema):
    count: int
    items: list[EntryOut]


class DecisionOut(Schema):
    id: int
    concern_id: int
    kind: str
    decided_at: datetime
    decided_by_id: int
    decided_by_name: str
    rationale: str
    grade: str
    changed: str = Field(description="What a change of details changed")


class ReferralOut(Schema):
    id: int
    version: int
    concern_id: int
    decision_id: int
    service: str
    made_on: date
    reference: str
    feedback_on: date | None
    feedback: str
    made_by_id: int
    created_at: datetime
    updated_at: datetime


class InvolvedOut(Schema):
    id: int
    concern_id: int
    person_id: int | None = Field(description="One of the client's people, when linked")
    name: str = Field(description="Their name, or the description given")
    involvement: str
    linked_by_id: int
    linked_at: datetime
    removed_at: datetime | None = Field(description="When they were unlinked")
    removed_by_id: int | None
    removed_reason: str


class ConcernDetailOut(ConcernOut):
    entries: list[EntryOut] = Field(description="The chronology, oldest first; never changed")
    decisions: list[DecisionOut]
    referrals: list[ReferralOut]
    involved: list[InvolvedOut] = Field(description="Everyone linked, unlinked ones included")


class RaisedOut(Schema):
    """What raising a concern answers. `readable` says whether you may read the concern now; when
    you may not (an allegation against staff is read only by the safeguarding lead and managers),
    `concern` is null and you are told only that it was raised and waits for triage."""

    id: int
    status: str
    readable: bool
    concern: ConcernDetailOut | None


class InvolvedIn(InputSchema):
    """One of the client's people (`person_id`), or a `name` or description."""

    person_id: Id | None = Field(None, description="One of the client's people you may see")
    name: InvolvedName = ""
    involvement: Involvement

    @model_validator(mode="after")
    def someone(self) -> "InvolvedIn":
        if self.person_id is None and not self.name.strip():
            raise ValueError(SOMEONE)
        return self


class ConcernIn(InputSchema):
    category: Category
    about_staff_id: Id | None = Field(None, description=ALLEGATION_HELP)
    happened_on: HappenedOn = Field(description=PAST)
    happened_at: HappenedAt | None = Field(None, description="The time (HH:MM), not after now")
    place: Place = ""
    seen_and_heard: SeenAndHeard = Field(description="What was seen and heard, as it was")
    own_words: OwnWords = Field("", description="What they said, in their own words")
    action_taken: ActionTaken = Field("", description="The immediate action taken")
    involved: list[InvolvedIn] = Field([], max_length=20, description="Others involved")


class ConcernEditIn(ChangesSchema):
    """Send `version`, the reason, and only the details to change. Changing an allegation's
    category to another sends `about_staff_id: null` too."""

    version: Version
    rationale: Rationale
    category: Category = Category.THREATS
    about_staff_id: Id | None = Field(None, description=ALLEGATION_HELP)
    happened_on: HappenedOn = Field(date(2000, 1, 1), description=PAST)
    happened_at: HappenedAt | None = Field(None, description="The time (HH:MM), not after now")


class TriageIn(InputSchema):
    grade: Grade
    rationale: Rationale


class ReasonIn(InputSchema):
    rationale: Rationale


class EntryIn(InputSchema):
    """An update, or a correction of an earlier entry (which stays as it was)."""

    kind: str = Field("update", pattern="^(update|correction)$", description="update or correction")
    corrects_id: Id | None = Field(None, description="For a correction: the entry it corrects")
    place: Place = ""
    seen_and_heard: SeenAndHeard
    own_words: OwnWords = ""
    action_taken: ActionTaken = ""


class DecisionIn(InputSchema):
    """A decision not to refer, or another action; a referral is POST .../referrals."""

    kind: str = Field(pattern="^(not_refer|action)$", description="not_refer or action")
    rationale: Rationale


class ReferralIn(InputSchema):
    service: StatutoryService
    rationale: Rationale
    made_on: Annotated[date, Within(REFERRED_ON)] = Field(description=PAST)
    reference: Reference = Field("", description="Their reference number, if there is one yet")


class ReferralEditIn(ChangesSchema):
    """Send `version` and only the fields to change."""

    version: Version
    reference: Reference = ""
    feedback_on: Annotated[date, Within(FEEDBACK_ON)] | None = Field(
        None, description="From the date of the referral to today"
    )
    feedback: Feedback = ""


class LinkIn(InvolvedIn):
    rationale: Rationale


def concern_data(concern: Concern) -> dict[str, Any]:
    return {
        "id": concern.pk,
        "version": concern.version,
        "client_id": concern.client_id,
        "category": concern.category,
        "about_staff_id": concern.about_staff_id,
        "happened_on": concern.happened_on,
        "happened_at": concern.happened_at,
        "raised_by_id": concern.raised_by_id,
        "raised_by_name": concern.raised_by_name,
        "raised_by_role": concern.raised_by_role,
        "crisis_call_id": concern.crisis_call_id,
        "status": concern.status,
        "grade": concern.grade,
        "triage_due_at": concern.triage_due_at,
        "triaged_at": concern.triaged_at,
        "triaged_by_id": concern.triaged_by_id,
        "action_due_at": concern.action_due_at,
        "action_taken_at": concern.action_taken_at,
        "closed_at": concern.closed_at,
        "created_at": concern.created_at,
        "updated_at": concern.updated_at,
    }


def entry_data(entry: ConcernEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "concern_id": entry.concern_id,
        "kind": entry.kind,
        "written_at": entry.written_at,
        "author_id": entry.author_id,
        "author_name": entry.author_name,
        "author_role": entry.author_role,
        "place": entry.place,
        "seen_and_heard": entry.seen_and_heard,
        "own_words": entry.own_words,
        "action_taken": entry.action_taken,
        "corrects_id": entry.corrects_id,
    }


def decision_data(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "concern_id": decision.concern_id,
        "kind": decision.kind,
        "decided_at": decision.decided_at,
        "decided_by_id": decision.decided_by_id,
        "decided_by_name": decision.decided_by_name,
        "rationale": decision.rationale,
        "grade": decision.grade,
        "changed": decision.changed,
    }


def referral_data(referral: StatutoryReferral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "version": referral.version,
        "concern_id": referral.concern_id,
        "decision_id": referral.decision_id,
        "service": referral.service,
        "made_on": referral.made_on,
        "reference": referral.reference,
        "feedback_on": referral.feedback_on,
        "feedback": referral.feedback,
        "made_by_id": referral.made_by_id,
        "created_at": referral.created_at,
        "updated_at": referral.updated_at,
    }


def involved_data(involved: Involved) -> dict[str, Any]:
    return {
        "id": involved.pk,
        "concern_id": involved.concern_id,
        "person_id": involved.person_id,
        "name": involved.display_name,
        "involvement": involved.involvement,
        "linked_by_id": involved.linked_by_id,
        "linked_at": involved.linked_at,
        "removed_at": involved.removed_at,
        "removed_by_id": involved.removed_by_id,
        "removed_reason": involved.removed_reason,
    }


def concern_detail(concern: Concern) -> dict[str, Any]:
    return {
        **concern_data(concern),
        "entries": [entry_data(e) for e in concern.entries.all()],
        "decisions": [decision_data(d) for d in concern.decisions.all()],
        "referrals": [referral_data(r) for r in concern.referrals.all()],
        "involved": [involved_data(i) for i in concern.involved.select_related("person")],
    }


def _concerns() -> QuerySet[Concern]:
    return Concern.objects.select_related("client__team__borough")


def _concern(request: HttpRequest, concern_id: int, *, audit: bool = True) -> Concern:
    return get_record(request, Concern, concern_id, audit=audit, queryset=_concerns())


def _client(request: HttpRequest, client_id: int, *, audit: bool = True) -> Client:
    return get_record(
        request,
        Client,
        client_id,
        audit=audit,
        queryset=Client.objects.select_related("team__borough"),
    )


def _readable(user: Any, concern_ids: list[int]) -> set[int]:
    return set(
        Concern.objects.visible_to(user).filter(pk__in=concern_ids).values_list("pk", flat=True)
    )


@router.get(
    "/clients/{client_id}/concerns",
    response={200: ConcernPage, **READ_ERRORS},
    operation_id="list_concerns",
    summary="A client's safeguarding concerns that you may read, newest first",
    description="Where each stands, without the account: read that with get_concern.",
)
@requires(permissions.reads_concerns, READS_CONCERNS)
def list_concerns(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    client = _client(request, client_id)
    qs = Concern.objects.visible_to(actor_of(request)).filter(client=client)
    count, items = page_of(request, qs, query)
    return {"count": count, "items": [concern_data(c) for c in items]}


@router.post(
    "/clients/{client_id}/concerns",
    response={201: RaisedOut, 200: RaisedOut, **WRITE_ERRORS},
    operation_id="create_concern",
    summary="Raise a safeguarding concern about a client",
    description=(
        "The account is written once and never changed (add updates and corrections as entries). "
        "The triage clock starts and the safeguarding lead is told, with no content. Answers 201 "
        "with the concern, or with only its id and status (`readable: false`) when you may not "
        "read it afterwards (an allegation against a member of staff); 200 with the same when "
        "the same Idempotency-Key was sent before."
    ),
)
@requires(permissions.raises_concerns, RAISES_CONCERNS)
def create_concern(
    request: HttpRequest, client_id: Id, payload: ConcernIn, idempotency_key: IdempotencyKey = None
) -> Any:
    user = actor_of(request)
    client = _client(request, client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Concern, client, payload)
    values = payload.model_dump(exclude={"involved"})
    try:
        concern, created = concerns.concern_raise(
            actor=user,
            client=client,
            values=values,
            involved=[item.model_dump() for item in payload.involved],
            token=token,
            fingerprint=fingerprint,
        )
    except ServiceError as error:
        if error.field == "person_id":
            error.field = "involved.person_id"
        raise
    readable = bool(_readable(user, [concern.pk]))
    answer = {
        "id": concern.pk,
        "status": concern.status,
        "readable": readable,
        "concern": concern_detail(concern) if readable else None,
    }
    return Status(201 if created else 200, answer)


@router.get(
    "/concerns/{concern_id}",
    response={200: ConcernDetailOut, **READ_ERRORS},
    operation_id="get_concern",
    summary="One concern: where it stands, its chronology, decisions, referrals and people",
)
@requires(permissions.reads_concerns, READS_CONCERNS)
def get_concern(request: HttpRequest, concern_id: Id) -> Any:
    return concern_detail(_concern(request, concern_id))


def _concern_conflict(request: HttpRequest, exc: EditConflict, version: int) -> Any:
    current = concern_data(exc.current)
    return Status(409, conflict(request, exc, submitted_version=version, current=current))


@router.patch(
    "/concerns/{concern_id}",
    response={200: ConcernDetailOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_concern_details",
    summary="Correct a concern's category, who an allegation is about, or when it happened",
    description=(
        "The safeguarding lead (a manager for an allegation against staff), with a reason kept "
        "as a decision. Nothing of the account changes."
    ),
)
@requires(decides_on_concerns, DECIDES)
def update_concern_details(request: HttpRequest, concern_id: Id, payload: ConcernEditIn) -> Any:
    concern = _concern(request, concern_id, audit=False)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    try:
        concern = concerns.concern_change_details(
            actor=actor_of(request),
            concern=concern,
            changes=changes,
            expected_version=payload.version,
        )
    except EditConflict as exc:
        return _concern_conflict(request, exc, payload.version)
    return concern_detail(_concern(request, concern.pk))


@router.post(
    "/concerns/{concern_id}/triage",
    response={200: ConcernDetailOut, **WRITE_ERRORS},
    operation_id="triage_concern",
    summary="Grade a concern red, amber or green; the deadline for action runs from now",
    description="Triaging again changes the grade and starts a new deadline.",
)
@requires(decides_on_concerns, DECIDES)
def triage_concern(request: HttpRequest, concern_id: Id, payload: TriageIn) -> Any:
    concern = _concern(request, concern_id, audit=False)
    concerns.concern_triage(actor=actor_of(request), concern=concern, values=payload.model_dump())
    return concern_detail(_concern(request, concern.pk))


@router.post(
    "/concerns/{concern_id}/close",
    response={200: ConcernDetailOut, **WRITE_ERRORS},
    operation_id="close_concern",
    summary="Close a triaged concern, with the reason",
)
@requires(decides_on_concerns, DECIDES)
def close_concern(request: HttpRequest, concern_id: Id, payload: ReasonIn) -> Any:
    concern = _concern(request, concern_id, audit=False)
    concerns.concern_close(actor=actor_of(request), concern=concern, values=payload.model_dump())
    return concern_detail(_concern(request, concern.pk))


@router.post(
    "/concerns/{concern_id}/reopen",
    response={200: ConcernDetailOut, **WRITE_ERRORS},
    operation_id="reopen_concern",
    summary="Reopen a closed concern, with the reason; a new deadline for action runs from now",
)
@requires(decides_on_concerns, DECIDES)
def reopen_concern(request: HttpRequest, concern_id: Id, payload: ReasonIn) -> Any:
    concern = _concern(request, concern_id, audit=False)
    concerns.concern_reopen(actor=actor_of(request), concern=concern, values=payload.model_dump())
    return concern_detail(_concern(request, concern.pk))


# The chronology ----------------------------------------------------------------------------


@router.get(
    "/concerns/{concern_id}/entries",
    response={200: EntryPage, **READ_ERRORS},
    operation_id="list_concern_entries",
    summary="A concern's chronology, oldest first",
)
@requires(permissions.reads_concerns, READS_CONCERNS)
def list_concern_entries(request: HttpRequest, concern_id: Id, query: Query[PageQuery]) -> Any:
    concern = _concern(request, concern_id)
    count, items = page_of(request, concern.entries.all(), query)
    return {"count": count, "items": [entry_data(e) for e in items]}


@router.post(
    "/concerns/{concern_id}/entries",
    response={201: EntryOut, 200: EntryOut, **WRITE_ERRORS},
    operation_id="create_concern_entry",
    summary="Add a dated update or correction to a concern; no entry is ever changed",
    description=(
        "Answers 201 with the new entry, or 200 with the one made earlier when the same "
        "Idempotency-Key was sent before."
    ),
)
@requires(permissions.reads_concerns, READS_CONCERNS)
def create_concern_entry(
    request: HttpRequest, concern_id: Id, payload: EntryIn, idempotency_key: IdempotencyKey = None
) -> Any:
    concern = _concern(request, concern_id, audit=False)
    token, fingerprint = idempotency(
        request, idempotency_key, ConcernEntry, concern.client, payload
    )
    entry, created = concerns.entry_add(
        actor=actor_of(request),
        concern=concern,
        values=payload.model_dump(),
        token=token,
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, entry_data(entry))


# Decisions and referrals -------------------------------------------------------------------


@router.post(
    "/concerns/{concern_id}/decisions",
    response={201: DecisionOut, 200: DecisionOut, **WRITE_ERRORS},
    operation_id="create_concern_decision",
    summary="Record a decision on a triaged concern: not to refer, or another action",
    description=(
        "The first decision after triage meets the deadline for action. Answers 201, or 200 "
        "with the decision made earlier when the same Idempotency-Key was sent before."
    ),
)
@requires(decides_on_concerns, DECIDES)
def create_concern_decision(
    request: HttpRequest,
    concern_id: Id,
    payload: DecisionIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    concern = _concern(request, concern_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Decision, concern.client, payload)
    decision, created = concerns.decision_record(
        actor=actor_of(request),
        concern=concern,
        values=payload.model_dump(),
        token=token,
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, decision_data(decision))


@router.post(
    "/concerns/{concern_id}/referrals",
    response={201: ReferralOut, 200: ReferralOut, **WRITE_ERRORS},
    operation_id="create_statutory_referral",
    summary="Refer a triaged concern to a statutory service, with the reason",
    description=(
        "Answers 201, or 200 with the referral made earlier when the same Idempotency-Key was "
        "sent before."
    ),
)
@requires(decides_on_concerns, DECIDES)
def create_statutory_referral(
    request: HttpRequest,
    concern_id: Id,
    payload: ReferralIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    concern = _concern(request, concern_id, audit=False)
    token, fingerprint = idempotency(
        request, idempotency_key, StatutoryReferral, concern.client, payload
    )
    referral, created = concerns.referral_make(
        actor=actor_of(request),
        concern=concern,
        values=payload.model_dump(),
        token=token,
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, referral_data(referral))


@router.patch(
    "/statutory-referrals/{referral_id}",
    response={200: ReferralOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_statutory_referral",
    summary="Add their reference number when it comes, and their feedback",
)
@requires(decides_on_concerns, DECIDES)
def update_statutory_referral(
    request: HttpRequest, referral_id: Id, payload: ReferralEditIn
) -> Any:
    referral = get_record(
        request,
        StatutoryReferral,
        referral_id,
        audit=False,
        queryset=StatutoryReferral.objects.select_related("concern__client"),
    )
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ServiceError("Send at least one field to change as well as the version")
    try:
        referral = concerns.referral_update(
            actor=actor_of(request),
            referral=referral,
            changes=changes,
            expected_version=payload.version,
        )
    except EditConflict as exc:
        current = referral_data(exc.current)
        return Status(
            409, conflict(request, exc, submitted_version=payload.version, current=current)
        )
    return referral_data(referral)


# The people involved -----------------------------------------------------------------------


@router.post(
    "/concerns/{concern_id}/involved",
    response={201: InvolvedOut, 200: InvolvedOut, **WRITE_ERRORS},
    operation_id="link_concern_person",
    summary="Link someone else involved in a concern, with the reason",
    description=(
        "One of the client's people, or a name. Answers 201, or 200 with the link made earlier "
        "when the same Idempotency-Key was sent before."
    ),
)
@requires(decides_on_concerns, DECIDES)
def link_concern_person(
    request: HttpRequest, concern_id: Id, payload: LinkIn, idempotency_key: IdempotencyKey = None
) -> Any:
    user = actor_of(request)
    concern = _concern(request, concern_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Involved, concern.client, payload)
    link, created = once(
        token=token,
        user=user,
        model=Involved,
        create=lambda: concerns.involved_link(
            actor=user, concern=concern, values=payload.model_dump()
        ),
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, involved_data(link))


@router.post(
    "/concern-people/{involved_id}/unlink",
    response={200: InvolvedOut, **WRITE_ERRORS},
    operation_id="unlink_concern_person",
    summary="Unlink someone wrongly linked to a concern, with the reason (the link is kept)",
)
@requires(decides_on_concerns, DECIDES)
def unlink_concern_person(request: HttpRequest, involved_id: Id, payload: ReasonIn) -> Any:
    involved = get_record(
        request,
        Involved,
        involved_id,
        audit=False,
        queryset=Involved.objects.select_related("concern__client__team__borough", "person"),
    )
    involved = concerns.involved_unlink(
        actor=actor_of(request), involved=involved, values=payload.model_dump()
    )
    return involved_data(involved)


# Risk flags ----------------------------------------------------------------------------------


class FlagOut(Schema):
    id: int
    version: int
    client_id: int
    kind: str
    label: str = Field(description="As the banner shows it")
    detail: str
    reason: str
    review_on: date
    owner_id: int = Field(description="Who reviews it")
    set_by_id: int
    concern_exists: bool = Field(description="Whether the flag is about a concern")
    concern_id: int | None = Field(description="The concern it is about, only when you may read it")
    removed_at: datetime | None
    removed_by_id: int | None
    removed_reason: str
    created_at: datetime
    updated_at: datetime


class FlagPage(Schema):
    count: int
    items: list[FlagOut]


class FlagQuery(PageQuery):
    include_removed: bool = Field(False, description="Removed flags too, with why")


class FlagIn(InputSchema):
    kind: FlagKind
    detail: FlagDetail = Field("", description="The area, or what the risk is (needed for those)")
    reason: FlagReason
    review_on: ReviewOn = Field(description="From today to two years ahead")
    owner_id: Id | None = Field(None, description="Who reviews it; you if not given")
    concern_id: Id | None = Field(
        None, description="For see_concern: one of the client's concerns you may read"
    )


class FlagReviewIn(ChangesSchema):
    """A review sets the next review date; send a new reason, detail or owner if they changed."""

    version: Version
    review_on: ReviewOn = Field(description="From today to two years ahead")
    reason: FlagReason = ""
    detail: FlagDetail = ""
    owner_id: Id | None = None


class FlagRemoveIn(InputSchema):
    reason: RemovedReason


def flag_data(flag: RiskFlag, readable: set[int]) -> dict[str, Any]:
    return {
        "id": flag.pk,
        "version": flag.version,
        "client_id": flag.client_id,
        "kind": flag.kind,
        "label": flag.label,
        "detail": flag.detail,
        "reason": flag.reason,
        "review_on": flag.review_on,
        "owner_id": flag.owner_id,
        "set_by_id": flag.set_by_id,
        "concern_exists": flag.concern_id is not None,
        "concern_id": flag.concern_id if flag.concern_id in readable else None,
        "removed_at": flag.removed_at,
        "removed_by_id": flag.removed_by_id,
        "removed_reason": flag.removed_reason,
        "created_at": flag.created_at,
        "updated_at": flag.updated_at,
    }


def _flag_answer(request: HttpRequest, flag: RiskFlag) -> dict[str, Any]:
    ids = [flag.concern_id] if flag.concern_id else []
    return flag_data(flag, _readable(actor_of(request), ids))


def _flag(request: HttpRequest, flag_id: int, *, audit: bool = True) -> RiskFlag:
    return get_record(
        request, RiskFlag, flag_id, audit=audit, queryset=RiskFlag.objects.select_related("client")
    )


@router.get(
    "/clients/{client_id}/risk-flags",
    response={200: FlagPage, **READ_ERRORS},
    operation_id="list_risk_flags",
    summary="A client's current risk flags (removed ones too with include_removed=true)",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_risk_flags(request: HttpRequest, client_id: Id, query: Query[FlagQuery]) -> Any:
    client = _client(request, client_id)
    qs = RiskFlag.objects.visible_to(actor_of(request)).filter(client=client)
    if not query.include_removed:
        qs = qs.current()
    count, items = page_of(request, qs, query)
    readable = _readable(actor_of(request), [f.concern_id for f in items if f.concern_id])
    return {"count": count, "items": [flag_data(f, readable) for f in items]}


@router.post(
    "/clients/{client_id}/risk-flags",
    response={201: FlagOut, 200: FlagOut, **WRITE_ERRORS},
    operation_id="create_risk_flag",
    summary="Set a risk flag on a client, with a reason and a review date",
    description=(
        "Everyone who sees the client sees the flag. Answers 201, or 200 with the flag set "
        "earlier when the same Idempotency-Key was sent before."
    ),
)
@requires(permissions.sets_risk_flags, SETS_FLAGS)
def create_risk_flag(
    request: HttpRequest, client_id: Id, payload: FlagIn, idempotency_key: IdempotencyKey = None
) -> Any:
    client = _client(request, client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, RiskFlag, client, payload)
    flag, created = flags.flag_set(
        actor=actor_of(request),
        client=client,
        values=payload.model_dump(),
        token=token,
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, _flag_answer(request, flag))


@router.get(
    "/risk-flags/{flag_id}",
    response={200: FlagOut, **READ_ERRORS},
    operation_id="get_risk_flag",
    summary="One risk flag",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_risk_flag(request: HttpRequest, flag_id: Id) -> Any:
    return _flag_answer(request, _flag(request, flag_id))


@router.patch(
    "/risk-flags/{flag_id}",
    response={200: FlagOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="review_risk_flag",
    summary="Review a risk flag: it stands until a new review date",
)
@requires(permissions.sets_risk_flags, SETS_FLAGS)
def review_risk_flag(request: HttpRequest, flag_id: Id, payload: FlagReviewIn) -> Any:
    flag = _flag(request, flag_id, audit=False)
    try:
        flag = flags.flag_review(
            actor=actor_of(request),
            flag=flag,
            values=payload.model_dump(exclude={"version"}),
            expected_version=payload.version,
        )
    except EditConflict as exc:
        current = _flag_answer(request, exc.current)
        return Status(
            409, conflict(request, exc, submitted_version=payload.version, current=current)
        )
    return _flag_answer(request, flag)


@router.post(
    "/risk-flags/{flag_id}/remove",
    response={200: FlagOut, **WRITE_ERRORS},
    operation_id="remove_risk_flag",
    summary="Take a flag off the banner, with why; it is kept, marked removed",
)
@requires(permissions.sets_risk_flags, SETS_FLAGS)
def remove_risk_flag(request: HttpRequest, flag_id: Id, payload: FlagRemoveIn) -> Any:
    flag = _flag(request, flag_id, audit=False)
    flag = flags.flag_remove(actor=actor_of(request), flag=flag, values=payload.model_dump())
    return _flag_answer(request, flag)


# The crisis call -----------------------------------------------------------------------------


class CrisisCallIn(InputSchema):
    """The client the call was about (`client_id`), or someone not yet a client
    (`not_yet_a_client` with `given_name`), who becomes one with a self-referral to screen."""

    client_id: Id | None = Field(None, description="A client you can see")
    not_yet_a_client: bool = False
    given_name: GivenName = Field("", description="Someone not yet a client: their first name")
    family_name: FamilyName = ""
    occurred_on: ContactDate | None = Field(None, description="Today if not given")
    occurred_at: CallAt | None = Field(None, description="Now if not given (HH:MM)")
    minutes: Minutes | None = Field(None, description="15 if not given")
    said: Said = Field(description="What was said")
    advice: ActionTaken = Field("", description="The advice given")
    concern_needed: bool = Field(False, description="Raise a safeguarding concern from the call")
    category: Category | None = Field(None, description="What the concern is about")
    about_staff_id: Id | None = Field(None, description=ALLEGATION_HELP)
    own_words: OwnWords = ""
    follow_up: FollowUp = Field("", description="What to do next, added as a task")
    follow_up_on: TaskDue | None = Field(None, description="The next working day if not given")


class CrisisCallOut(Schema):
    contact: ContactOut = Field(description="The crisis call, logged as a contact")
    client_id: int
    new_client: bool = Field(description="Whether the caller became a client by this call")
    concern_raised: bool
    concern_id: int | None = Field(description="The concern raised, when you may read it")
    task_id: int | None = Field(description="The follow-up task made by this request")


@router.post(
    "/crisis-calls",
    response={201: CrisisCallOut, 200: CrisisCallOut, **WRITE_ERRORS},
    operation_id="create_crisis_call",
    summary="Log a crisis call: the contact, a concern where needed, and the follow-up task",
    description=(
        "When a concern is raised, what was said goes into the concern (restricted) and the "
        "contact says only that it was a crisis call; the safeguarding lead and whoever is on "
        "call are told. Answers 201, or 200 with the call logged earlier when the same "
        "Idempotency-Key was sent before (then `task_id` is null and `new_client` false: they "
        "describe what this request made)."
    ),
)
@requires(permissions.logs_crisis_calls, LOGS_CRISIS_CALLS)
def create_crisis_call(
    request: HttpRequest, payload: CrisisCallIn, idempotency_key: IdempotencyKey = None
) -> Any:
    user = actor_of(request)
    if (payload.client_id is None) != payload.not_yet_a_client:
        raise ServiceError(crisis.WHICH_CLIENT, field="client_id")
    client = None
    if payload.client_id is not None:
        client = _client(request, payload.client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Contact, client, payload)
    sent_before = (
        token is not None and FormSubmission.objects.filter(token=token, user=user).exists()
    )
    values = payload.model_dump()
    call = crisis.crisis_call_log(actor=user, values=values, token=token, fingerprint=fingerprint)
    readable = _readable(user, [call.concern.pk]) if call.concern else set()
    answer = {
        "contact": contact_data(call.contact),
        "client_id": call.contact.client_id,
        "new_client": call.new_client,
        "concern_raised": call.concern is not None,
        "concern_id": call.concern.pk if call.concern and call.concern.pk in readable else None,
        "task_id": call.task.pk if call.task else None,
    }
    return Status(200 if sent_before else 201, answer)


# The on-call rota ----------------------------------------------------------------------------


class ShiftOut(Schema):
    id: int
    version: int
    team_id: int | None = Field(description="The team; null for the whole organisation")
    team_name: str
    person_id: int
    person_name: str
    phone: str
    starts_at: datetime
    ends_at: datetime
    created_by_id: int


class OnCallOut(Schema):
    now: list[ShiftOut] = Field(description="On call now for your team and your organisation")
    count: int = Field(description="How many shifts the rota has from now on")
    items: list[ShiftOut] = Field(description="The organisation's rota from now on, by start")


class ShiftIn(InputSchema):
    team_id: Id | None = Field(
        None, description="A team of your organisation (a team lead: their own); null for all"
    )
    person_id: Id = Field(description="A caseworker, team lead, manager or safeguarding lead")
    phone: Phone
    starts_at: datetime = Field(description="At most a year ahead")
    ends_at: datetime = Field(description="After it starts, in the future, at most 7 days on")


def shift_data(shift: OnCallShift) -> dict[str, Any]:
    return {
        "id": shift.pk,
        "version": shift.version,
        "team_id": shift.team_id,
        "team_name": shift.team.name if shift.team_id and shift.team else "",
        "person_id": shift.person_id,
        "person_name": str(shift.person),
        "phone": shift.phone,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "created_by_id": shift.created_by_id,
    }


@router.get(
    "/on-call",
    response={200: OnCallOut, **READ_ERRORS},
    operation_id="list_on_call",
    summary="Who is on call now, and the rota from now on",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_on_call(request: HttpRequest, query: Query[PageQuery]) -> Any:
    user = actor_of(request)
    moment = timezone.now()
    count, items = page_of(request, rota_of(user, moment), query)
    return {
        "now": [shift_data(s) for s in on_call_for(user, moment)],
        "count": count,
        "items": [shift_data(s) for s in items],
    }


@router.post(
    "/on-call",
    response={201: ShiftOut, 200: ShiftOut, **WRITE_ERRORS},
    operation_id="create_on_call_shift",
    summary="Put someone on call, with the number to reach them on",
    description=(
        "Answers 201, or 200 with the shift added earlier when the same Idempotency-Key was "
        "sent before."
    ),
)
@requires(permissions.keeps_rota, KEEPS_ROTA)
def create_on_call_shift(
    request: HttpRequest, payload: ShiftIn, idempotency_key: IdempotencyKey = None
) -> Any:
    token, fingerprint = idempotency(request, idempotency_key, OnCallShift, None, payload)
    shift, created = rota.shift_add(
        actor=actor_of(request), values=payload.model_dump(), token=token, fingerprint=fingerprint
    )
    shift = OnCallShift.objects.select_related("team", "person").get(pk=shift.pk)
    return Status(201 if created else 200, shift_data(shift))


@router.delete(
    "/on-call/{shift_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="delete_on_call_shift",
    summary="Take a shift off the rota (the audit trail keeps it)",
)
@requires(permissions.keeps_rota, KEEPS_ROTA)
def delete_on_call_shift(request: HttpRequest, shift_id: Id) -> Any:
    user = actor_of(request)
    remember_record(request, OnCallShift, shift_id)
    # Shifts belong to an organisation, not to a client: one of another organisation answers
    # 404, as one that does not exist, and the refusal is logged.
    shift = OnCallShift.objects.of_organisation(organisation_of(user)).filter(pk=shift_id).first()
    if shift is None:
        record_denial(actor=user, model=OnCallShift, object_id=shift_id)
        raise Http404("Not found")
    rota.shift_remove(actor=user, shift=shift)
    return Status(204, None)
