"""Clients: search, read and change the details of the young people the service works with."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from wingman.accounts import permissions
from wingman.casework.choices import OPEN_STAGES
from wingman.casework.models import Journey
from wingman.casework.selectors import clients_with_journey
from wingman.core.errors import EditConflict, ServiceError
from wingman.people.choices import Ethnicity, Gender
from wingman.people.models import Client
from wingman.people.selectors import search_clients
from wingman.people.services import DATE_OF_BIRTH, REQUIRED_NAMES, client_update

from ..auth import READS_CLIENTS, RECORDS_CASEWORK, actor_of, requires
from ..errors import conflict
from ..records import get_record, page_of
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

router = Router(tags=["clients"])

GivenName = Annotated[str, Limit(Client, "given_name", required=REQUIRED_NAMES["given_name"])]
FamilyName = Annotated[str, Limit(Client, "family_name", required=REQUIRED_NAMES["family_name"])]
IDENTIFIER_HELP = "Kept only when your role sees prison and PNC numbers"
DATE_OF_BIRTH_HELP = (
    "From 100 years ago to 8 years ago: the service works with children from 8 years old"
)


class ClientSummaryOut(Schema):
    id: int
    version: int
    display_name: str
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: date | None
    team_id: int
    caseworker_id: int | None
    stage: str | None = Field(description="The stage of the open journey, if there is one")
    prison_number: str | None = Field(description="Shown only to roles that see identifiers")
    pnc_number: str | None = Field(description="Shown only to roles that see identifiers")


class ClientOut(ClientSummaryOut):
    journey_id: int | None = Field(description="The open journey, if there is one")
    released_on: date | None = Field(
        description="The open journey's actual release date (the move to release day), if the "
        "client has been released from their latest time in custody"
    )
    aliases: str
    gender: str
    ethnicity: str
    borough_id: int | None
    address: str
    phone: str
    languages: str
    also_a_victim: bool
    created_at: datetime
    updated_at: datetime


class ClientPage(Schema):
    count: int
    items: list[ClientSummaryOut]


class ClientQuery(PageQuery):
    q: str = Field("", max_length=200, description="Words from a name, preferred name or alias")


class ClientFields(InputSchema):
    """The details of a client that a caseworker records."""

    preferred_name: Annotated[str, Limit(Client, "preferred_name")] = ""
    aliases: Annotated[str, Limit(Client, "aliases")] = Field("", description="One name a line")
    date_of_birth: Annotated[date, Within(DATE_OF_BIRTH)] | None = Field(
        None, description=DATE_OF_BIRTH_HELP
    )
    gender: Gender | Literal[""] = ""
    ethnicity: Ethnicity | Literal[""] = ""
    borough_id: Id | None = Field(
        None, description="Borough of residence: one your organisation works in"
    )
    address: Annotated[str, Limit(Client, "address")] = ""
    phone: Annotated[str, Limit(Client, "phone")] = ""
    languages: Annotated[str, Limit(Client, "languages")] = ""
    prison_number: Annotated[str, Limit(Client, "prison_number")] = Field(
        "", description=IDENTIFIER_HELP
    )
    pnc_number: Annotated[str, Limit(Client, "pnc_number")] = Field("", description=IDENTIFIER_HELP)
    also_a_victim: bool = False


class NewClientIn(ClientFields):
    given_name: GivenName
    family_name: FamilyName


class ClientUpdateIn(ClientFields, ChangesSchema):
    """Send `version` and only the fields to change."""

    version: Version
    given_name: GivenName = ""
    family_name: FamilyName = ""


def _open_journey(client: Client) -> tuple[str | None, int | None, date | None]:
    """The stage, id and actual release date of the client's open journey, if there is one."""
    if hasattr(client, "stage"):
        return client.stage, client.journey_id, client.released_on  # type: ignore[attr-defined]
    row = (
        Journey.objects.filter(client=client, stage__in=OPEN_STAGES)
        .order_by("-opened_on", "-id")
        .values_list("stage", "pk", "released_on")
        .first()
    )
    return row if row is not None else (None, None, None)


def client_data(client: Client, user: Any, *, full: bool = True) -> dict[str, Any]:
    """A client as the API shows it to `user`: identifiers only for roles that see them."""
    stage, journey_id, released_on = _open_journey(client)
    identifiers = permissions.sees_identifiers(user)
    data: dict[str, Any] = {
        "id": client.pk,
        "version": client.version,
        "display_name": client.display_name,
        "given_name": client.given_name,
        "family_name": client.family_name,
        "preferred_name": client.preferred_name,
        "date_of_birth": client.date_of_birth,
        "team_id": client.team_id,
        "caseworker_id": client.caseworker_id,
        "stage": stage,
        "prison_number": client.prison_number if identifiers else None,
        "pnc_number": client.pnc_number if identifiers else None,
    }
    if full:
        data |= {
            "journey_id": journey_id,
            "released_on": released_on,
            "aliases": client.aliases,
            "gender": client.gender,
            "ethnicity": client.ethnicity,
            "borough_id": client.borough_id,
            "address": client.address,
            "phone": client.phone,
            "languages": client.languages,
            "also_a_victim": client.also_a_victim,
            "created_at": client.created_at,
            "updated_at": client.updated_at,
        }
    return data


@router.get(
    "/clients",
    response={200: ClientPage, **READ_ERRORS},
    operation_id="list_clients",
    summary="Search the clients you may see",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_clients(request: HttpRequest, query: Query[ClientQuery]) -> Any:
    user = actor_of(request)
    qs = clients_with_journey(search_clients(user, query.q))
    count, clients = page_of(request, qs, query, client_ids=lambda items: [c.pk for c in items])
    return {"count": count, "items": [client_data(c, user, full=False) for c in clients]}


@router.get(
    "/clients/{client_id}",
    response={200: ClientOut, **READ_ERRORS},
    operation_id="get_client",
    summary="One client",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_client(request: HttpRequest, client_id: Id) -> Any:
    user = actor_of(request)
    client = get_record(
        request, Client, client_id, queryset=clients_with_journey(Client.objects.all())
    )
    return client_data(client, user)


@router.patch(
    "/clients/{client_id}",
    response={200: ClientOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_client",
    summary="Change a client's details",
    description=(
        "Send the `version` you read and the fields to change. If someone else has saved the "
        "client since, nothing is changed and the answer is 409 with both versions."
    ),
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_client(request: HttpRequest, client_id: Id, payload: ClientUpdateIn) -> Any:
    user = actor_of(request)
    client = get_record(request, Client, client_id, audit=False)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ServiceError("Send at least one field to change as well as the version")
    try:
        client = client_update(
            actor=user, client=client, changes=changes, expected_version=payload.version
        )
    except EditConflict as exc:
        return Status(
            409,
            conflict(
                request,
                exc,
                submitted_version=payload.version,
                current=client_data(exc.current, user),
            ),
        )
    return client_data(client, user)
