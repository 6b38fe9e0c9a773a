"""The record of work with a client: journeys (custody details, moves, ROTL), contacts, tasks and
partner referrals."""

from datetime import date, datetime, time
from typing import Annotated, Any, Literal, TypeVar

from django.db import models
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.casework.choices import (
    ClosureReason,
    ContactType,
    PartnerReferralStatus,
    PartnerType,
    Stage,
    TaskKind,
)
from wingman.casework.models import Contact, Journey, PartnerReferral, RotlPeriod, StageChange, Task
from wingman.casework.services import (
    CONTACT_DATE,
    CONTACT_FIELDS,
    CUSTODY_LABELS,
    EXPECTED_RELEASE,
    MINUTES_MESSAGE,
    MOVE_DATE,
    PARTNER_LABELS,
    PARTNER_REFERRAL_MADE,
    PARTNER_REFERRAL_STARTS,
    ROTL_FIRST_DAY,
    ROTL_LAST_DAY,
    TASK_DUE,
    TASK_LABELS,
    UNFUNDED_LABEL,
    contact_edit,
    contact_log,
    journey_move,
    journey_update_custody,
    partner_referral_make,
    partner_referral_update,
    rotl_period_add,
    rotl_period_remove,
    task_complete,
    task_create,
)
from wingman.core.errors import EditConflict, ServiceError
from wingman.core.pathways import Pathway
from wingman.people.models import Client

from ..auth import READS_CLIENTS, RECORDS_CASEWORK, actor_of, requires
from ..errors import conflict
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

router = Router()

M = TypeVar("M", bound=models.Model)

Minutes = Annotated[
    int,
    Field(json_schema_extra={"minimum": 1, "maximum": 24 * 60}, description="1 to 1440"),
    checked(lambda minutes: None if 1 <= minutes <= 24 * 60 else MINUTES_MESSAGE),
]
Place = Annotated[str, Limit(Contact, "place")]
Present = Annotated[str, Limit(Contact, "present")]
Note = Annotated[str, Limit(Contact, "note")]
Pathways = Annotated[
    list[Pathway],
    Field(max_length=len(Pathway.values)),
    AfterValidator(lambda chosen: list(dict.fromkeys(chosen))),
]
Title = Annotated[
    str, Limit(Task, "title", label=TASK_LABELS["title"], required="Enter what needs doing")
]
PartnerName = Annotated[
    str,
    Limit(
        PartnerReferral,
        "partner_name",
        label=PARTNER_LABELS["partner_name"],
        required="Enter the partner's name",
    ),
]
Outcome = Annotated[str, Limit(PartnerReferral, "outcome")]
PartnerReferralStarts = Annotated[date, Within(PARTNER_REFERRAL_STARTS)]
ContactDate = Annotated[date, Within(CONTACT_DATE)]


def _client(request: HttpRequest, client_id: int, *, audit: bool = True) -> Client:
    return get_record(request, Client, client_id, audit=audit)


def _list_for_client(
    request: HttpRequest, model: type[M], client_id: int, query: PageQuery, **filters: Any
) -> tuple[int, list[M]]:
    client = _client(request, client_id)
    qs = model._default_manager.visible_to(actor_of(request)).filter(  # type: ignore[attr-defined]
        client=client, **filters
    )
    return page_of(request, qs, query)


# Contacts ----------------------------------------------------------------------------------


class ContactOut(Schema):
    id: int
    version: int
    client_id: int
    journey_id: int | None
    occurred_on: date
    occurred_at: time | None = Field(description="The time of day, where it was recorded")
    minutes: int
    contact_type: str
    place: str
    present: str
    pathways: list[str]
    note: str
    author_id: int
    created_at: datetime
    updated_at: datetime


class ContactPage(Schema):
    count: int
    items: list[ContactOut]


class ContactIn(InputSchema):
    occurred_on: ContactDate = Field(description="From 1 January 2000 to today")
    occurred_at: time | None = Field(None, description="The time of day (HH:MM), not after now")
    minutes: Minutes
    contact_type: ContactType
    place: Place = ""
    present: Present = Field("", description="Who was present")
    pathways: Pathways = []
    note: Note = ""


class ContactEditIn(ChangesSchema):
    """Send `version` and only the fields to change."""

    version: Version
    occurred_on: ContactDate | None = Field(None, description="From 1 January 2000 to today")
    occurred_at: time | None = Field(None, description="The time of day (HH:MM), not after now")
    minutes: Minutes = 1
    contact_type: ContactType = ContactType.PHONE
    place: Place = ""
    present: Present = ""
    pathways: Pathways = []
    note: Note = ""


def contact_data(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.pk,
        "version": contact.version,
        "client_id": contact.client_id,
        "journey_id": contact.journey_id,
        "occurred_on": contact.occurred_on,
        "occurred_at": contact.occurred_at,
        "minutes": contact.minutes,
        "contact_type": contact.contact_type,
        "place": contact.place,
        "present": contact.present,
        "pathways": list(contact.pathways or []),
        "note": contact.note,
        "author_id": contact.author_id,
        "created_at": contact.created_at,
        "updated_at": contact.updated_at,
    }


@router.get(
    "/clients/{client_id}/contacts",
    response={200: ContactPage, **READ_ERRORS},
    operation_id="list_contacts",
    summary="A client's contacts, newest first",
    tags=["contacts"],
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_contacts(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    count, contacts = _list_for_client(request, Contact, client_id, query)
    return {"count": count, "items": [contact_data(c) for c in contacts]}


@router.post(
    "/clients/{client_id}/contacts",
    response={201: ContactOut, 200: ContactOut, **WRITE_ERRORS},
    operation_id="create_contact",
    summary="Log a contact with a client",
    description=(
        "Answers 201 with the new contact, or 200 with the contact made earlier when the same "
        "Idempotency-Key was sent before."
    ),
    tags=["contacts"],
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_contact(
    request: HttpRequest,
    client_id: Id,
    payload: ContactIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    user = actor_of(request)
    client = _client(request, client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Contact, client, payload)
    contact, created = contact_log(
        actor=user, client=client, data=payload.model_dump(), token=token, fingerprint=fingerprint
    )
    return Status(201 if created else 200, contact_data(contact))


@router.get(
    "/contacts/{contact_id}",
    response={200: ContactOut, **READ_ERRORS},
    operation_id="get_contact",
    summary="One contact",
    tags=["contacts"],
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_contact(request: HttpRequest, contact_id: Id) -> Any:
    return contact_data(get_record(request, Contact, contact_id))


@router.patch(
    "/contacts/{contact_id}",
    response={200: ContactOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_contact",
    summary="Change a contact; the earlier version is kept",
    tags=["contacts"],
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_contact(request: HttpRequest, contact_id: Id, payload: ContactEditIn) -> Any:
    user = actor_of(request)
    contact = get_record(request, Contact, contact_id, audit=False)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ServiceError("Send at least one field to change as well as the version")
    data = {name: getattr(contact, name) for name in CONTACT_FIELDS} | changes
    try:
        contact = contact_edit(
            actor=user, contact=contact, data=data, expected_version=payload.version
        )
    except EditConflict as exc:
        return Status(
            409,
            conflict(
                request, exc, submitted_version=payload.version, current=contact_data(exc.current)
            ),
        )
    return contact_data(contact)


# Tasks -------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    version: int
    client_id: int
    journey_id: int | None
    kind: str
    title: str
    due_on: date
    assigned_to_id: int
    done_at: datetime | None
    done_by_id: int | None
    created_at: datetime


class TaskPage(Schema):
    count: int
    items: list[TaskOut]


class TaskQuery(PageQuery):
    done: bool | None = Field(None, description="true: only done tasks; false: only outstanding")


class TaskIn(InputSchema):
    kind: TaskKind
    title: Title
    due_on: Annotated[date, Within(TASK_DUE)] = Field(
        description="From 1 January 2000 to 5 years from today"
    )
    assigned_to_id: Id | None = Field(
        None, description="Someone in the client's team; the client's caseworker if not given"
    )


def task_data(task: Task) -> dict[str, Any]:
    return {
        "id": task.pk,
        "version": task.version,
        "client_id": task.client_id,
        "journey_id": task.journey_id,
        "kind": task.kind,
        "title": task.title,
        "due_on": task.due_on,
        "assigned_to_id": task.assigned_to_id,
        "done_at": task.done_at,
        "done_by_id": task.done_by_id,
        "created_at": task.created_at,
    }


@router.get(
    "/clients/{client_id}/tasks",
    response={200: TaskPage, **READ_ERRORS},
    operation_id="list_tasks",
    summary="A client's tasks, soonest due first",
    tags=["tasks"],
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_tasks(request: HttpRequest, client_id: Id, query: Query[TaskQuery]) -> Any:
    filters = {} if query.done is None else {"done_at__isnull": not query.done}
    count, tasks = _list_for_client(request, Task, client_id, query, **filters)
    return {"count": count, "items": [task_data(t) for t in tasks]}


@router.post(
    "/clients/{client_id}/tasks",
    response={201: TaskOut, 200: TaskOut, **WRITE_ERRORS},
    operation_id="create_task",
    summary="Add a task for a client",
    tags=["tasks"],
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_task(
    request: HttpRequest,
    client_id: Id,
    payload: TaskIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    user = actor_of(request)
    client = _client(request, client_id, audit=False)
    data = payload.model_dump(exclude={"assigned_to_id"})
    if payload.assigned_to_id is not None:
        assignee = User.objects.filter(pk=payload.assigned_to_id).first()
        if assignee is None:
            raise ServiceError("Choose someone in the client's team", field="assigned_to_id")
        data["assigned_to"] = assignee
    token, fingerprint = idempotency(request, idempotency_key, Task, client, payload)
    task, created = task_create(
        actor=user, client=client, data=data, token=token, fingerprint=fingerprint
    )
    return Status(201 if created else 200, task_data(task))


@router.get(
    "/tasks/{task_id}",
    response={200: TaskOut, **READ_ERRORS},
    operation_id="get_task",
    summary="One task",
    tags=["tasks"],
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_task(request: HttpRequest, task_id: Id) -> Any:
    return task_data(get_record(request, Task, task_id))


@router.post(
    "/tasks/{task_id}/complete",
    response={200: TaskOut, **WRITE_ERRORS},
    operation_id="complete_task",
    summary="Mark a task done",
    tags=["tasks"],
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def complete_task(request: HttpRequest, task_id: Id) -> Any:
    task = get_record(request, Task, task_id, audit=False)
    return task_data(task_complete(actor=actor_of(request), task=task))


# Partner referrals -------------------------------------------------------------------------


class PartnerReferralOut(Schema):
    id: int
    version: int
    client_id: int
    journey_id: int | None
    partner_type: str
    partner_name: str
    made_on: date
    starts_on: date | None = Field(
        description="The day a course starts or the first appointment, if known"
    )
    appointment_task_id: int | None = Field(
        description="The task the start or appointment date put on the caseworker's list; it "
        "stays when the date is cleared"
    )
    status: str
    next_statuses: list[str] = Field(description="Where the status may move next")
    outcome: str
    created_by_id: int
    created_at: datetime
    updated_at: datetime


class PartnerReferralPage(Schema):
    count: int
    items: list[PartnerReferralOut]


class PartnerReferralIn(InputSchema):
    partner_type: PartnerType
    partner_name: PartnerName
    made_on: Annotated[date, Within(PARTNER_REFERRAL_MADE)] | None = Field(
        None, description="Today if not given; from 1 January 2000 to today"
    )
    starts_on: PartnerReferralStarts | None = Field(
        None,
        description="The day a course starts or the first appointment, if known; from 1 "
        "January 2000 to 5 years from today. It adds an appointment task for the client's "
        "caseworker",
    )
    status: Literal[PartnerReferralStatus.MADE] = Field(
        PartnerReferralStatus.MADE, description="A new referral starts as made"
    )
    outcome: Outcome = ""


class PartnerReferralUpdateIn(ChangesSchema):
    """Send `version` and any of the status, the start or appointment date and the outcome."""

    version: Version
    status: PartnerReferralStatus = Field(
        PartnerReferralStatus.MADE,
        description="Moves only along the map: made -> accepted -> attended -> completed, or "
        "declined from made or accepted; any other move answers 409",
    )
    starts_on: PartnerReferralStarts | None = Field(
        None,
        description="Setting or changing it adds or moves the appointment task; null clears it "
        "and leaves the task in place",
    )
    outcome: Outcome = ""


def partner_referral_data(pr: PartnerReferral) -> dict[str, Any]:
    return {
        "id": pr.pk,
        "version": pr.version,
        "client_id": pr.client_id,
        "journey_id": pr.journey_id,
        "partner_type": pr.partner_type,
        "partner_name": pr.partner_name,
        "made_on": pr.made_on,
        "starts_on": pr.starts_on,
        "appointment_task_id": pr.appointment_task_id,
        "status": pr.status,
        "next_statuses": [str(s) for s in pr.next_statuses],
        "outcome": pr.outcome,
        "created_by_id": pr.created_by_id,
        "created_at": pr.created_at,
        "updated_at": pr.updated_at,
    }


@router.get(
    "/clients/{client_id}/partner-referrals",
    response={200: PartnerReferralPage, **READ_ERRORS},
    operation_id="list_partner_referrals",
    summary="A client's referrals to partners, newest first",
    tags=["partner referrals"],
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_partner_referrals(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    count, items = _list_for_client(request, PartnerReferral, client_id, query)
    return {"count": count, "items": [partner_referral_data(p) for p in items]}


@router.post(
    "/clients/{client_id}/partner-referrals",
    response={201: PartnerReferralOut, 200: PartnerReferralOut, **WRITE_ERRORS},
    operation_id="create_partner_referral",
    summary="Record a referral of a client to a partner",
    tags=["partner referrals"],
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_partner_referral(
    request: HttpRequest,
    client_id: Id,
    payload: PartnerReferralIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    user = actor_of(request)
    client = _client(request, client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, PartnerReferral, client, payload)
    pr, created = partner_referral_make(
        actor=user, client=client, data=payload.model_dump(), token=token, fingerprint=fingerprint
    )
    return Status(201 if created else 200, partner_referral_data(pr))


@router.get(
    "/partner-referrals/{partner_referral_id}",
    response={200: PartnerReferralOut, **READ_ERRORS},
    operation_id="get_partner_referral",
    summary="One partner referral",
    tags=["partner referrals"],
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_partner_referral(request: HttpRequest, partner_referral_id: Id) -> Any:
    return partner_referral_data(get_record(request, PartnerReferral, partner_referral_id))


@router.patch(
    "/partner-referrals/{partner_referral_id}",
    response={200: PartnerReferralOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_partner_referral",
    summary="Record how a partner referral is going: its status, start date and outcome",
    tags=["partner referrals"],
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_partner_referral(
    request: HttpRequest, partner_referral_id: Id, payload: PartnerReferralUpdateIn
) -> Any:
    user = actor_of(request)
    pr = get_record(request, PartnerReferral, partner_referral_id, audit=False)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ServiceError(
            "Send the status, the start or appointment date or the outcome, as well as the version"
        )
    try:
        pr, _said = partner_referral_update(
            actor=user, partner_referral=pr, changes=changes, expected_version=payload.version
        )
    except EditConflict as exc:
        return Status(
            409,
            conflict(
                request,
                exc,
                submitted_version=payload.version,
                current=partner_referral_data(exc.current),
            ),
        )
    return partner_referral_data(pr)


# Journeys: custody details, moves and ROTL --------------------------------------------------


class RotlPeriodOut(Schema):
    id: int
    journey_id: int
    first_day: date
    last_day: date
    note: str
    recorded_by_id: int | None
    recorded_at: datetime


class JourneyOut(Schema):
    id: int
    version: int
    client_id: int
    referral_id: int
    funding_stream_id: int | None
    unfunded_reason: str
    stage: str
    stage_since: date
    opened_on: date
    closed_on: date | None
    closure_reason: str
    establishment: str
    expected_release_date: date | None
    rotl_periods: list[RotlPeriodOut] = Field(description="Release on temporary licence, by date")
    rotl_unparsed: str = Field(
        description="ROTL dates kept as text from before they were recorded as dates, where a "
        "line could not be read as dates: enter them as ROTL periods, then remove this"
    )
    created_at: datetime
    updated_at: datetime


class JourneyPage(Schema):
    count: int
    items: list[JourneyOut]


class CustodyIn(ChangesSchema):
    """Send `version` and only the fields to change."""

    version: Version
    establishment: Annotated[
        str, Limit(Journey, "establishment", label=CUSTODY_LABELS["establishment"])
    ] = Field("", description="The prison or young offender institution")
    expected_release_date: Annotated[date, Within(EXPECTED_RELEASE)] | None = Field(
        None, description="From 1 January 2000 to 20 years from today"
    )
    rotl_unparsed: Literal[""] = Field(
        "", description="Send an empty string to remove the ROTL dates kept as text"
    )


class MoveIn(InputSchema):
    to: Stage = Field(description="The stage to move to; from Closed, the stage to re-open in")
    on: Annotated[date, Within(MOVE_DATE)] = Field(
        description="From 1 January 2000 to today, and not before the current stage began"
    )
    note: Annotated[str, Limit(StageChange, "note")] = ""
    closure_reason: ClosureReason | Literal[""] = Field(
        "", description="Only when moving to closed, and then required"
    )
    unfunded_reason: Annotated[str, Limit(Journey, "unfunded_reason", label=UNFUNDED_LABEL)] = (
        Field(
            "",
            description="Only when re-opening a funded journey whose stream no longer fits or has "
            "no place left: why the work goes on unfunded",
        )
    )


class RotlPeriodIn(InputSchema):
    first_day: Annotated[date, Within(ROTL_FIRST_DAY)] = Field(
        description="From 1 January 2000 to 5 years from today"
    )
    last_day: Annotated[date, Within(ROTL_LAST_DAY)] | None = Field(
        None, description="The first day if not given; not before it"
    )
    note: Annotated[str, Limit(RotlPeriod, "note")] = ""


def rotl_period_data(period: RotlPeriod) -> dict[str, Any]:
    return {
        "id": period.pk,
        "journey_id": period.journey_id,
        "first_day": period.first_day,
        "last_day": period.last_day,
        "note": period.note,
        "recorded_by_id": period.recorded_by_id,
        "recorded_at": period.recorded_at,
    }


def journey_data(journey: Journey) -> dict[str, Any]:
    return {
        "id": journey.pk,
        "version": journey.version,
        "client_id": journey.client_id,
        "referral_id": journey.referral_id,
        "funding_stream_id": journey.funding_stream_id,
        "unfunded_reason": journey.unfunded_reason,
        "stage": journey.stage,
        "stage_since": journey.stage_since,
        "opened_on": journey.opened_on,
        "closed_on": journey.closed_on,
        "closure_reason": journey.closure_reason,
        "establishment": journey.establishment,
        "expected_release_date": journey.expected_release_date,
        "rotl_periods": [rotl_period_data(p) for p in journey.rotl_periods.all()],
        "rotl_unparsed": journey.rotl_unparsed,
        "created_at": journey.created_at,
        "updated_at": journey.updated_at,
    }


def _journey(request: HttpRequest, journey_id: int, *, audit: bool = True) -> Journey:
    return get_record(
        request,
        Journey,
        journey_id,
        audit=audit,
        queryset=Journey.objects.select_related("client", "referral", "funding_stream"),
    )


@router.get(
    "/clients/{client_id}/journeys",
    response={200: JourneyPage, **READ_ERRORS},
    operation_id="list_journeys",
    summary="A client's journeys, newest first",
    tags=["journeys"],
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_journeys(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    count, journeys = _list_for_client(request, Journey, client_id, query)
    return {"count": count, "items": [journey_data(j) for j in journeys]}


@router.get(
    "/journeys/{journey_id}",
    response={200: JourneyOut, **READ_ERRORS},
    operation_id="get_journey",
    summary="One journey, with its custody details and ROTL",
    tags=["journeys"],
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_journey(request: HttpRequest, journey_id: Id) -> Any:
    return journey_data(_journey(request, journey_id))


@router.patch(
    "/journeys/{journey_id}",
    response={200: JourneyOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_journey_custody",
    summary="Change a journey's custody details: the prison and the expected release date",
    tags=["journeys"],
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_journey_custody(request: HttpRequest, journey_id: Id, payload: CustodyIn) -> Any:
    user = actor_of(request)
    journey = _journey(request, journey_id, audit=False)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ServiceError("Send at least one field to change as well as the version")
    try:
        journey = journey_update_custody(
            actor=user, journey=journey, changes=changes, expected_version=payload.version
        )
    except EditConflict as exc:
        return Status(
            409,
            conflict(
                request, exc, submitted_version=payload.version, current=journey_data(exc.current)
            ),
        )
    return journey_data(journey)


@router.post(
    "/journeys/{journey_id}/moves",
    response={200: JourneyOut, **WRITE_ERRORS},
    operation_id="move_journey",
    summary="Move a journey to its next stage, close it (with a reason) or re-open it",
    description=(
        "A move the journey cannot make from its current stage answers 409. A closure reason is "
        "only for closing, and closing needs one."
    ),
    tags=["journeys"],
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def move_journey(request: HttpRequest, journey_id: Id, payload: MoveIn) -> Any:
    journey = _journey(request, journey_id, audit=False)
    journey = journey_move(
        actor=actor_of(request),
        journey=journey,
        to=payload.to,
        on=payload.on,
        note=payload.note,
        closure_reason=payload.closure_reason,
        unfunded_reason=payload.unfunded_reason,
    )
    return journey_data(journey)


@router.post(
    "/journeys/{journey_id}/rotl-periods",
    response={201: RotlPeriodOut, 200: RotlPeriodOut, **WRITE_ERRORS},
    operation_id="create_rotl_period",
    summary="Record release on temporary licence: one day or a run of days",
    description="Periods of one journey may not overlap.",
    tags=["journeys"],
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_rotl_period(
    request: HttpRequest,
    journey_id: Id,
    payload: RotlPeriodIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    user = actor_of(request)
    journey = _journey(request, journey_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, RotlPeriod, journey.client, payload)
    period, created = rotl_period_add(
        actor=user,
        journey=journey,
        first_day=payload.first_day,
        last_day=payload.last_day,
        note=payload.note,
        token=token,
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, rotl_period_data(period))


@router.delete(
    "/rotl-periods/{rotl_period_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="delete_rotl_period",
    summary="Remove a ROTL period recorded in error (the audit trail keeps it)",
    tags=["journeys"],
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def delete_rotl_period(request: HttpRequest, rotl_period_id: Id) -> Any:
    period = get_record(
        request,
        RotlPeriod,
        rotl_period_id,
        audit=False,
        queryset=RotlPeriod.objects.select_related("journey"),
    )
    rotl_period_remove(actor=actor_of(request), period=period)
    return Status(204, None)
