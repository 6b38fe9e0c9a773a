"""The record of work with a client: contacts, tasks and partner referrals."""

from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from django.db import models
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.casework.choices import (
    ContactType,
    PartnerReferralStatus,
    PartnerType,
    Pathway,
    TaskKind,
)
from wingman.casework.models import Contact, PartnerReferral, Task
from wingman.casework.services import (
    CONTACT_FIELDS,
    contact_edit,
    contact_log,
    partner_referral_make,
    partner_referral_update,
    task_complete,
    task_create,
)
from wingman.core.errors import EditConflict, ServiceError
from wingman.people.models import Client

from ..auth import READS_CLIENTS, RECORDS_CASEWORK, actor_of, requires
from ..errors import conflict
from ..records import IdempotencyKey, get_record, idempotency_token, page_of
from ..schemas import (
    LONG_TEXT,
    READ_ERRORS,
    WRITE_ERRORS,
    ChangesSchema,
    ConflictOut,
    Id,
    InputSchema,
    PageQuery,
    Version,
)

router = Router()

M = TypeVar("M", bound=models.Model)

Minutes = Annotated[int, Field(ge=1, le=24 * 60, description="1 to 1440")]
Place = Annotated[str, Field(max_length=150)]
Present = Annotated[str, Field(max_length=255)]
Note = Annotated[str, Field(max_length=LONG_TEXT)]
Pathways = Annotated[
    list[Pathway],
    Field(max_length=len(Pathway.values)),
    AfterValidator(lambda chosen: list(dict.fromkeys(chosen))),
]
Title = Annotated[str, Field(min_length=1, max_length=200)]
PartnerName = Annotated[str, Field(min_length=1, max_length=150)]


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
    occurred_on: date = Field(description="Not in the future")
    minutes: Minutes
    contact_type: ContactType
    place: Place = ""
    present: Present = Field("", description="Who was present")
    pathways: Pathways = []
    note: Note = ""


class ContactEditIn(ChangesSchema):
    """Send `version` and only the fields to change."""

    version: Version
    occurred_on: date | None = Field(None, description="Not in the future")
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
    token = idempotency_token(user, idempotency_key, Contact, client)
    contact, created = contact_log(
        actor=user, client=client, data=payload.model_dump(), token=token
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
    due_on: date
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
    token = idempotency_token(user, idempotency_key, Task, client)
    task, created = task_create(actor=user, client=client, data=data, token=token)
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
    status: str
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
    made_on: date | None = Field(None, description="Today if not given; not in the future")
    status: PartnerReferralStatus = PartnerReferralStatus.MADE
    outcome: Note = ""


class PartnerReferralUpdateIn(ChangesSchema):
    """Send `version` and the status, the outcome or both."""

    version: Version
    status: PartnerReferralStatus = PartnerReferralStatus.MADE
    outcome: Note = ""


def partner_referral_data(pr: PartnerReferral) -> dict[str, Any]:
    return {
        "id": pr.pk,
        "version": pr.version,
        "client_id": pr.client_id,
        "journey_id": pr.journey_id,
        "partner_type": pr.partner_type,
        "partner_name": pr.partner_name,
        "made_on": pr.made_on,
        "status": pr.status,
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
    token = idempotency_token(user, idempotency_key, PartnerReferral, client)
    pr, created = partner_referral_make(
        actor=user, client=client, data=payload.model_dump(), token=token
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
    summary="Record how a partner referral went: its status and outcome",
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
        raise ServiceError("Send the status, the outcome or both, as well as the version")
    try:
        pr = partner_referral_update(
            actor=user,
            partner_referral=pr,
            status=changes.get("status", pr.status),
            outcome=changes.get("outcome", pr.outcome),
            expected_version=payload.version,
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
