"""Relatives and other people in a client's life as people of their own (one person linked to
several clients), and signposting someone who is not the client.

A person is seen when any of their clients is; each of their relationships, with its notes,
only with its own client, so a person's answer lists only the links the token's user may see."""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import model_validator

from wingman.accounts import permissions
from wingman.audit.services import record_list
from wingman.casework.models import Contact
from wingman.core.errors import EditConflict, ServiceError
from wingman.core.pathways import Pathway
from wingman.family.choices import RelationshipKind
from wingman.family.models import Person, Relationship, Signposting
from wingman.family.selectors import links_of, relatives_present
from wingman.family.services import (
    AT_RISK_SINCE,
    PERSON_BORN,
    PERSON_LABELS,
    REQUIRED_GIVEN_NAME,
    REQUIRED_ORGANISATION,
    REQUIRED_RISK_NOTE,
    SIGNPOSTED_ON,
    SIGNPOSTING_LABELS,
    family_session_people_set,
    person_add,
    person_edit,
    person_link,
    relationship_edit,
    relationship_flag_at_risk,
    relationship_unflag,
    signposting_record,
)
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
)

router = Router(tags=["Family and the people around the client"])

GivenName = Annotated[str, Limit(Person, "given_name", required=REQUIRED_GIVEN_NAME)]
FamilyName = Annotated[str, Limit(Person, "family_name")]
Phone = Annotated[str, Limit(Person, "phone")]
PersonNote = Annotated[str, Limit(Person, "note", label=PERSON_LABELS["note"])]
Born = Annotated[date, Within(PERSON_BORN)]
DescribedAs = Annotated[str, Limit(Relationship, "described_as")]
RelationshipNote = Annotated[str, Limit(Relationship, "note")]
RiskNote = Annotated[str, Limit(Relationship, "at_risk_note", required=REQUIRED_RISK_NOTE)]
BORN_HELP = "From 110 years ago to today"


def _client(request: HttpRequest, client_id: int, *, audit: bool = True) -> Client:
    return get_record(request, Client, client_id, audit=audit)


def _relationship(request: HttpRequest, relationship_id: int, *, audit: bool = True) -> Any:
    return get_record(
        request,
        Relationship,
        relationship_id,
        audit=audit,
        queryset=Relationship.objects.select_related("person"),
    )


# People and relationships --------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    version: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    phone: str
    note: str = Field(description="Shared by everyone who works with any of their clients")


class RelationshipOut(Schema):
    id: int
    version: int
    client_id: int
    person: PersonOut
    kind: str
    described_as: str
    lives_with_client: bool
    emergency_contact: bool
    note: str
    at_risk: bool = Field(description="At risk of recruitment, flagged for prevention work")
    at_risk_note: str
    at_risk_since: date | None
    created_at: datetime
    updated_at: datetime


class RelationshipPage(Schema):
    count: int
    items: list[RelationshipOut]


class LinkOut(Schema):
    relationship_id: int
    client_id: int
    kind: str
    described_as: str
    at_risk: bool


class PersonWithLinksOut(PersonOut):
    links: list[LinkOut] = Field(description="Their links to clients you may see, and no others")


class PersonIn(InputSchema):
    given_name: GivenName
    family_name: FamilyName = ""
    date_of_birth: Born | None = Field(None, description=BORN_HELP)
    phone: Phone = ""


class RelationshipIn(InputSchema):
    """Either `person_id` (someone you already work with through another client) or `person`
    (someone new)."""

    person_id: Id | None = Field(None, description="Someone you may see, to link")
    person: PersonIn | None = Field(None, description="Someone new")
    kind: RelationshipKind
    described_as: DescribedAs = ""
    lives_with_client: bool = False
    emergency_contact: bool = False
    note: RelationshipNote = ""

    @model_validator(mode="after")
    def one_person(self) -> "RelationshipIn":
        if (self.person_id is None) == (self.person is None):
            raise ValueError("Send either person_id (to link someone) or person (someone new)")
        return self


class RelationshipEditIn(ChangesSchema):
    """Send `version` and only the fields to change."""

    version: Version
    kind: RelationshipKind = RelationshipKind.OTHER
    described_as: DescribedAs = ""
    lives_with_client: bool = False
    emergency_contact: bool = False
    note: RelationshipNote = ""


class PersonEditIn(ChangesSchema):
    """Send `version` and only the fields to change."""

    version: Version
    given_name: GivenName = ""
    family_name: FamilyName = ""
    date_of_birth: Born | None = Field(None, description=BORN_HELP)
    phone: Phone = ""
    note: PersonNote = ""


class AtRiskIn(InputSchema):
    version: Version
    note: RiskNote = Field(description="Why they are at risk, and the prevention work planned")
    since: Annotated[date, Within(AT_RISK_SINCE)] | None = Field(
        None, description="Today if not given; from 1 January 2000 to today"
    )


class UnflagIn(InputSchema):
    version: Version


def person_data(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "version": person.version,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "phone": person.phone,
        "note": person.note,
    }


def relationship_data(r: Relationship) -> dict[str, Any]:
    return {
        "id": r.pk,
        "version": r.version,
        "client_id": r.client_id,
        "person": person_data(r.person),
        "kind": r.kind,
        "described_as": r.described_as,
        "lives_with_client": r.lives_with_client,
        "emergency_contact": r.emergency_contact,
        "note": r.note,
        "at_risk": r.at_risk,
        "at_risk_note": r.at_risk_note,
        "at_risk_since": r.at_risk_since,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


def _conflict(request: HttpRequest, exc: EditConflict, version: int, data: Any) -> Any:
    return Status(409, conflict(request, exc, submitted_version=version, current=data(exc.current)))


@router.get(
    "/clients/{client_id}/relationships",
    response={200: RelationshipPage, **READ_ERRORS},
    operation_id="list_relationships",
    summary="A client's family and people, with who each is to the client",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_relationships(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    client = _client(request, client_id)
    qs = (
        Relationship.objects.visible_to(actor_of(request))
        .filter(client=client)
        .select_related("person")
    )
    count, items = page_of(request, qs, query)
    return {"count": count, "items": [relationship_data(r) for r in items]}


@router.post(
    "/clients/{client_id}/relationships",
    response={201: RelationshipOut, 200: RelationshipOut, **WRITE_ERRORS},
    operation_id="create_relationship",
    summary="Add someone new in a client's life, or link someone you already work with",
    description=(
        "Answers 201 with the new relationship, or 200 with the one made earlier when the same "
        "Idempotency-Key was sent before."
    ),
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_relationship(
    request: HttpRequest,
    client_id: Id,
    payload: RelationshipIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    user = actor_of(request)
    client = _client(request, client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Relationship, client, payload)
    values = payload.model_dump(exclude={"person_id", "person"})
    if payload.person is not None:
        made, created = person_add(
            actor=user,
            client=client,
            person=payload.person.model_dump(),
            relationship=values,
            token=token,
            fingerprint=fingerprint,
        )
    else:
        made, created = person_link(
            actor=user,
            client=client,
            person_id=payload.person_id,
            relationship=values,
            token=token,
            fingerprint=fingerprint,
        )
    return Status(201 if created else 200, relationship_data(made))


@router.get(
    "/relationships/{relationship_id}",
    response={200: RelationshipOut, **READ_ERRORS},
    operation_id="get_relationship",
    summary="One person's relationship to one client",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_relationship(request: HttpRequest, relationship_id: Id) -> Any:
    return relationship_data(_relationship(request, relationship_id))


@router.patch(
    "/relationships/{relationship_id}",
    response={200: RelationshipOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_relationship",
    summary="Change who someone is to the client, whether the client lives with them, and so on",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_relationship(
    request: HttpRequest, relationship_id: Id, payload: RelationshipEditIn
) -> Any:
    relationship = _relationship(request, relationship_id, audit=False)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ServiceError("Send at least one field to change as well as the version")
    try:
        relationship = relationship_edit(
            actor=actor_of(request),
            relationship=relationship,
            changes=changes,
            expected_version=payload.version,
        )
    except EditConflict as exc:
        exc.current.person = relationship.person
        return _conflict(request, exc, payload.version, relationship_data)
    return relationship_data(relationship)


@router.post(
    "/relationships/{relationship_id}/at-risk",
    response={200: RelationshipOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="flag_at_risk",
    summary="Flag someone at risk of recruitment, for prevention work (or change the note)",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def flag_at_risk(request: HttpRequest, relationship_id: Id, payload: AtRiskIn) -> Any:
    relationship = _relationship(request, relationship_id, audit=False)
    try:
        relationship = relationship_flag_at_risk(
            actor=actor_of(request),
            relationship=relationship,
            note=payload.note,
            since=payload.since,
            expected_version=payload.version,
        )
    except EditConflict as exc:
        exc.current.person = relationship.person
        return _conflict(request, exc, payload.version, relationship_data)
    return relationship_data(relationship)


@router.post(
    "/relationships/{relationship_id}/no-longer-at-risk",
    response={200: RelationshipOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="unflag_at_risk",
    summary="Take off the flag: no longer at risk of recruitment",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def unflag_at_risk(request: HttpRequest, relationship_id: Id, payload: UnflagIn) -> Any:
    relationship = _relationship(request, relationship_id, audit=False)
    try:
        relationship = relationship_unflag(
            actor=actor_of(request), relationship=relationship, expected_version=payload.version
        )
    except EditConflict as exc:
        exc.current.person = relationship.person
        return _conflict(request, exc, payload.version, relationship_data)
    return relationship_data(relationship)


def _person_with_links(request: HttpRequest, person: Person) -> dict[str, Any]:
    links = list(links_of(actor_of(request), person))
    record_list(actor=actor_of(request), client_ids=[r.client_id for r in links])
    return {
        **person_data(person),
        "links": [
            {
                "relationship_id": r.pk,
                "client_id": r.client_id,
                "kind": r.kind,
                "described_as": r.described_as,
                "at_risk": r.at_risk,
            }
            for r in links
        ],
    }


@router.get(
    "/people/{person_id}",
    response={200: PersonWithLinksOut, **READ_ERRORS},
    operation_id="get_person",
    summary="Someone in a client's life, with their links to the clients you may see",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_person(request: HttpRequest, person_id: Id) -> Any:
    return _person_with_links(request, get_record(request, Person, person_id))


@router.patch(
    "/people/{person_id}",
    response={200: PersonWithLinksOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_person",
    summary="Change a person's own details, shared by everyone who works with their clients",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_person(request: HttpRequest, person_id: Id, payload: PersonEditIn) -> Any:
    person = get_record(request, Person, person_id, audit=False)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ServiceError("Send at least one field to change as well as the version")
    try:
        person = person_edit(
            actor=actor_of(request),
            person=person,
            changes=changes,
            expected_version=payload.version,
        )
    except EditConflict as exc:
        return _conflict(request, exc, payload.version, person_data)
    return _person_with_links(request, person)


# Family sessions -----------------------------------------------------------------------------


class RelativesIn(InputSchema):
    relationship_ids: list[Id] = Field(
        max_length=100, description="The client's relationships whose people took part"
    )


class RelativesOut(Schema):
    contact_id: int
    relationship_ids: list[int]


@router.put(
    "/contacts/{contact_id}/relatives",
    response={200: RelativesOut, **WRITE_ERRORS},
    operation_id="set_family_session_relatives",
    summary="Name which of the client's people took part in a family session",
    description="Replaces any named before. Only a contact of type family session takes them.",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def set_family_session_relatives(request: HttpRequest, contact_id: Id, payload: RelativesIn) -> Any:
    contact = get_record(request, Contact, contact_id, audit=False)
    family_session_people_set(
        actor=actor_of(request), contact=contact, relationship_ids=payload.relationship_ids
    )
    present = relatives_present(actor_of(request), contact)
    return {"contact_id": contact.pk, "relationship_ids": [r.pk for r in present]}


# Signposting ---------------------------------------------------------------------------------


class SignpostingOut(Schema):
    id: int
    client_id: int
    journey_id: int | None
    person_id: int | None
    name: str = Field(description="The name given, when they are not among the client's people")
    relation: str
    organisation: str
    service: str
    contact_given: str
    pathway: str
    given_on: date
    note: str
    recorded_by_id: int
    created_at: datetime


class SignpostingPage(Schema):
    count: int
    items: list[SignpostingOut]


class SignpostingIn(InputSchema):
    """Someone among the client's people (`person_id`), or a `name` and who they are to the
    client (`relation`)."""

    person_id: Id | None = Field(None, description="One of the client's people")
    name: Annotated[str, Limit(Signposting, "name", label=SIGNPOSTING_LABELS["name"])] = ""
    relation: Annotated[
        str, Limit(Signposting, "relation", label=SIGNPOSTING_LABELS["relation"])
    ] = ""
    organisation: Annotated[str, Limit(Signposting, "organisation", required=REQUIRED_ORGANISATION)]
    service: Annotated[str, Limit(Signposting, "service")] = ""
    contact_given: Annotated[str, Limit(Signposting, "contact_given")] = ""
    pathway: Pathway
    given_on: Annotated[date, Within(SIGNPOSTED_ON)] | None = Field(
        None, description="Today if not given; from 1 January 2000 to today"
    )
    note: Annotated[str, Limit(Signposting, "note")] = ""


def signposting_data(s: Signposting) -> dict[str, Any]:
    return {
        "id": s.pk,
        "client_id": s.client_id,
        "journey_id": s.journey_id,
        "person_id": s.person_id,
        "name": s.name,
        "relation": s.relation,
        "organisation": s.organisation,
        "service": s.service,
        "contact_given": s.contact_given,
        "pathway": s.pathway,
        "given_on": s.given_on,
        "note": s.note,
        "recorded_by_id": s.recorded_by_id,
        "created_at": s.created_at,
    }


@router.get(
    "/clients/{client_id}/signposting",
    response={200: SignpostingPage, **READ_ERRORS},
    operation_id="list_signposting",
    summary="People who are not the client signposted in the client's work, newest first",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_signposting(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    client = _client(request, client_id)
    qs = Signposting.objects.visible_to(actor_of(request)).filter(client=client)
    count, items = page_of(request, qs, query)
    return {"count": count, "items": [signposting_data(s) for s in items]}


@router.post(
    "/clients/{client_id}/signposting",
    response={201: SignpostingOut, 200: SignpostingOut, **WRITE_ERRORS},
    operation_id="create_signposting",
    summary="Record signposting someone who is not the client; never a partner referral",
    description=(
        "Answers 201 with the new record, or 200 with the one made earlier when the same "
        "Idempotency-Key was sent before."
    ),
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_signposting(
    request: HttpRequest,
    client_id: Id,
    payload: SignpostingIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    client = _client(request, client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Signposting, client, payload)
    made, created = signposting_record(
        actor=actor_of(request),
        client=client,
        data=payload.model_dump(),
        token=token,
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, signposting_data(made))


@router.get(
    "/signposting/{signposting_id}",
    response={200: SignpostingOut, **READ_ERRORS},
    operation_id="get_signposting",
    summary="One signposting",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_signposting(request: HttpRequest, signposting_id: Id) -> Any:
    return signposting_data(get_record(request, Signposting, signposting_id))
