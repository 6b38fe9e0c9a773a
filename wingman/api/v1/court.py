"""Court hearings: the caseworker's attendance, a character reference, the result, the next date."""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from wingman.accounts import permissions
from wingman.casework.models import Contact
from wingman.core.errors import EditConflict, ServiceError
from wingman.core.pathways import Pathway
from wingman.court.choices import HearingResult, HearingStage
from wingman.court.models import Hearing
from wingman.court.services import (
    CUSTODY_MONTHS_MESSAGE,
    HEARING_DATE,
    LABELS,
    MAX_CUSTODY_MONTHS,
    MAX_MINUTES,
    MINUTES_MESSAGE,
    NEXT_DATE,
    hearing_add,
    hearing_record_attendance,
    hearing_record_result,
    hearing_update,
)
from wingman.documents.models import Document
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

router = Router(tags=["Court support"])

Court = Annotated[str, Limit(Hearing, "court", label=LABELS["court"], required="Enter the court")]
Charge = Annotated[
    str, Limit(Hearing, "charge", label=LABELS["charge"], required="Enter the charge")
]
HearingDate = Annotated[date, Within(HEARING_DATE)]
NextDate = Annotated[date, Within(NEXT_DATE)]
ReferenceText = Annotated[str, Limit(Hearing, "reference_text", label=LABELS["reference_text"])]
ReferenceBy = Annotated[str, Limit(Hearing, "reference_by", label=LABELS["reference_by"])]
Requirements = Annotated[str, Limit(Hearing, "requirements", label=LABELS["requirements"])]
ResultNote = Annotated[str, Limit(Hearing, "result_note", label=LABELS["result_note"])]
Minutes = Annotated[
    int,
    Field(json_schema_extra={"minimum": 1, "maximum": MAX_MINUTES}),
    checked(lambda minutes: None if 1 <= minutes <= MAX_MINUTES else MINUTES_MESSAGE),
]
CustodyMonths = Annotated[
    int,
    Field(json_schema_extra={"minimum": 1, "maximum": MAX_CUSTODY_MONTHS}),
    checked(lambda months: None if 1 <= months <= MAX_CUSTODY_MONTHS else CUSTODY_MONTHS_MESSAGE),
]
DATES = "From 1 January 2000 to 5 years from today"


class HearingOut(Schema):
    id: int
    version: int
    client_id: int
    journey_id: int | None
    court: str
    hearing_on: date
    charge: str
    stage: str
    status: str
    follows_id: int | None
    attended: bool | None
    attendance_contact_id: int | None
    reference_text: str
    reference_by: str
    reference_letter_id: int | None
    result: str
    custody_months: int | None
    requirements: str
    result_note: str
    task_id: int | None
    created_by_id: int
    created_at: datetime
    updated_at: datetime


class HearingPage(Schema):
    count: int
    items: list[HearingOut]


class HearingIn(InputSchema):
    court: Court
    hearing_on: HearingDate = Field(description=DATES)
    charge: Charge
    stage: HearingStage


class HearingEditIn(ChangesSchema):
    """Send `version` and only the fields to change. `reference_letter_id` is a document already
    on the client's record (upload it first); null takes the letter off the hearing."""

    version: Version
    court: Court = ""
    hearing_on: HearingDate | None = Field(None, description=DATES)
    charge: Charge = ""
    stage: HearingStage = HearingStage.OTHER
    reference_text: ReferenceText = ""
    reference_by: ReferenceBy = ""
    reference_letter_id: Id | None = None


class AttendanceIn(InputSchema):
    version: Version
    attended: bool
    minutes: Minutes | None = Field(
        None, description="If attended: the minutes it took; logs a court contact (once)"
    )
    pathways: list[Pathway] = Field([], max_length=len(Pathway.values))
    note: Annotated[str, Limit(Contact, "note")] = ""


class ResultIn(InputSchema):
    version: Version
    result: HearingResult
    custody_months: CustodyMonths | None = Field(None, description="Only for custodial")
    requirements: Requirements = Field("", description="Only for a community order")
    note: ResultNote = ""
    next_on: NextDate | None = Field(
        None, description="Needed for an adjournment; lists the next hearing and its task"
    )
    next_stage: HearingStage | None = None
    next_court: Court | None = Field(None, description="This hearing's court if not given")


def hearing_data(hearing: Hearing) -> dict[str, Any]:
    return {
        "id": hearing.pk,
        "version": hearing.version,
        "client_id": hearing.client_id,
        "journey_id": hearing.journey_id,
        "court": hearing.court,
        "hearing_on": hearing.hearing_on,
        "charge": hearing.charge,
        "stage": hearing.stage,
        "status": hearing.status,
        "follows_id": hearing.follows_id,
        "attended": hearing.attended,
        "attendance_contact_id": hearing.attendance_contact_id,
        "reference_text": hearing.reference_text,
        "reference_by": hearing.reference_by,
        "reference_letter_id": hearing.reference_letter_id,
        "result": hearing.result,
        "custody_months": hearing.custody_months,
        "requirements": hearing.requirements,
        "result_note": hearing.result_note,
        "task_id": hearing.task_id,
        "created_by_id": hearing.created_by_id,
        "created_at": hearing.created_at,
        "updated_at": hearing.updated_at,
    }


def _hearing(request: HttpRequest, hearing_id: int, *, audit: bool = True) -> Hearing:
    return get_record(
        request,
        Hearing,
        hearing_id,
        audit=audit,
        queryset=Hearing.objects.select_related("client", "task"),
    )


def _conflict(request: HttpRequest, exc: EditConflict, version: int) -> Any:
    return Status(
        409,
        conflict(request, exc, submitted_version=version, current=hearing_data(exc.current)),
    )


@router.get(
    "/clients/{client_id}/hearings",
    response={200: HearingPage, **READ_ERRORS},
    operation_id="list_hearings",
    summary="A client's court hearings, the latest date first",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_hearings(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    client = get_record(request, Client, client_id)
    qs = Hearing.objects.visible_to(actor_of(request)).filter(client=client)
    count, hearings = page_of(request, qs, query)
    return {"count": count, "items": [hearing_data(h) for h in hearings]}


@router.post(
    "/clients/{client_id}/hearings",
    response={201: HearingOut, 200: HearingOut, **WRITE_ERRORS},
    operation_id="create_hearing",
    summary="List a court hearing for a client (one from today on adds a court-date task)",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_hearing(
    request: HttpRequest, client_id: Id, payload: HearingIn, idempotency_key: IdempotencyKey = None
) -> Any:
    client = get_record(request, Client, client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Hearing, client, payload)
    hearing, created = hearing_add(
        actor=actor_of(request),
        client=client,
        data=payload.model_dump(),
        token=token,
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, hearing_data(hearing))


@router.get(
    "/hearings/{hearing_id}",
    response={200: HearingOut, **READ_ERRORS},
    operation_id="get_hearing",
    summary="One court hearing",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_hearing(request: HttpRequest, hearing_id: Id) -> Any:
    return hearing_data(_hearing(request, hearing_id))


@router.patch(
    "/hearings/{hearing_id}",
    response={200: HearingOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_hearing",
    summary="Change a hearing's details or its character reference",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_hearing(request: HttpRequest, hearing_id: Id, payload: HearingEditIn) -> Any:
    hearing = _hearing(request, hearing_id, audit=False)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ServiceError("Send at least one field to change as well as the version")
    if "reference_letter_id" in changes:
        letter_id = changes.pop("reference_letter_id")
        changes["reference_letter"] = (
            None if letter_id is None else get_record(request, Document, letter_id, audit=False)
        )
    try:
        hearing = hearing_update(
            actor=actor_of(request),
            hearing=hearing,
            changes=changes,
            expected_version=payload.version,
        )
    except EditConflict as exc:
        return _conflict(request, exc, payload.version)
    return hearing_data(hearing)


@router.post(
    "/hearings/{hearing_id}/attendance",
    response={200: HearingOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="record_hearing_attendance",
    summary="Record whether the caseworker went to the hearing (and log the court contact)",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def record_hearing_attendance(request: HttpRequest, hearing_id: Id, payload: AttendanceIn) -> Any:
    hearing = _hearing(request, hearing_id, audit=False)
    try:
        hearing = hearing_record_attendance(
            actor=actor_of(request),
            hearing=hearing,
            attended=payload.attended,
            minutes=payload.minutes,
            note=payload.note,
            pathways=list(dict.fromkeys(payload.pathways)) or None,
            expected_version=payload.version,
        )
    except EditConflict as exc:
        return _conflict(request, exc, payload.version)
    return hearing_data(hearing)


@router.post(
    "/hearings/{hearing_id}/result",
    response={200: HearingOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="record_hearing_result",
    summary="Record what the court decided; an adjournment lists the next hearing",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def record_hearing_result(request: HttpRequest, hearing_id: Id, payload: ResultIn) -> Any:
    hearing = _hearing(request, hearing_id, audit=False)
    try:
        hearing = hearing_record_result(
            actor=actor_of(request),
            hearing=hearing,
            result=payload.result,
            custody_months=payload.custody_months,
            requirements=payload.requirements,
            note=payload.note,
            next_on=payload.next_on,
            next_stage=payload.next_stage or "",
            next_court=payload.next_court or "",
            expected_version=payload.version,
        )
    except EditConflict as exc:
        return _conflict(request, exc, payload.version)
    return hearing_data(hearing)
