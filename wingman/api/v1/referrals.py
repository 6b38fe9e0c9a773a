"""Referrals into the service, and the decision on each: every move is one service call."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import model_validator

from wingman.accounts import permissions
from wingman.accounts.models import Team
from wingman.casework.choices import Stage
from wingman.casework.services import (
    UNFUNDED_LABEL,
    referral_accept,
    referral_accept_unfunded,
)
from wingman.core.errors import ServiceError
from wingman.core.once import once
from wingman.people.models import Client
from wingman.referrals.choices import Cohort, ReferralState, Source
from wingman.referrals.models import FundingStream, Referral, ReferralQuerySet
from wingman.referrals.selectors import teams_taking_referrals
from wingman.referrals.services import (
    NO_TEAM,
    RECEIVED_ON,
    REFERRAL_LABELS,
    referral_create,
    referral_decline,
    referral_start_screening,
    referral_withdraw,
)

from ..auth import DECIDES_REFERRALS, TAKES_REFERRALS, actor_of, requires
from ..records import IdempotencyKey, get_record, idempotency, page_of
from ..schemas import READ_ERRORS, WRITE_ERRORS, Id, InputSchema, Limit, PageQuery, Within
from .clients import NewClientIn

router = Router(tags=["referrals"])

Reason = Annotated[
    str, Limit(Referral, "decision_reason", label="Reason", required="Enter the reason")
]


class StartStage(StrEnum):
    """Where a journey begins when a referral is accepted."""

    IN_CUSTODY = Stage.IN_CUSTODY.value
    COMMUNITY = Stage.COMMUNITY.value


class ReferralOut(Schema):
    id: int
    version: int
    client_id: int
    client_name: str
    source: str
    referrer_name: str
    referrer_organisation: str
    referrer_contact: str
    reason: str
    cohort: str
    received_on: date
    state: str
    funding_stream_id: int | None
    decision_reason: str
    decided_by_id: int | None
    decided_at: datetime | None
    journey_id: int | None = Field(description="The journey opened when the referral was accepted")
    created_at: datetime
    updated_at: datetime


class ReferralPage(Schema):
    count: int
    items: list[ReferralOut]


class ReferralQuery(PageQuery):
    state: ReferralState | None = None
    client_id: Id | None = None


class ReferralIn(InputSchema):
    """A referral of a client already known (`client_id`) or of someone new (`client`)."""

    client_id: Id | None = Field(None, description="A client you can see")
    client: NewClientIn | None = Field(None, description="A new client")
    team_id: Id | None = Field(
        None,
        description="The team taking on a new client (yours if not given; a manager may "
        "choose any team in their borough)",
    )
    source: Source
    referrer_name: Annotated[str, Limit(Referral, "referrer_name")] = ""
    referrer_organisation: Annotated[str, Limit(Referral, "referrer_organisation")] = ""
    referrer_contact: Annotated[str, Limit(Referral, "referrer_contact")] = ""
    reason: Annotated[
        str,
        Limit(
            Referral,
            "reason",
            label=REFERRAL_LABELS["reason"],
            required="Enter the reason for the referral",
        ),
    ]
    cohort: Cohort | None = Field(
        None, description="Custody leavers, community or at risk of exploitation, if known"
    )
    received_on: Annotated[date, Within(RECEIVED_ON)] | None = Field(
        None, description="Today if not given; from 1 January 2000 to today"
    )

    @model_validator(mode="after")
    def one_client(self) -> "ReferralIn":
        if (self.client_id is None) == (self.client is None):
            raise ValueError("Send either client_id, for a known client, or client, for a new one")
        return self


class AcceptIn(InputSchema):
    funding_stream_id: Id
    stage: StartStage
    note: Annotated[str, Limit(Referral, "decision_reason", label="Note")] = ""


class AcceptUnfundedIn(InputSchema):
    reason: Annotated[
        str,
        Limit(
            Referral,
            "decision_reason",
            label=UNFUNDED_LABEL,
            required="Enter why the work goes ahead without funding",
        ),
    ]
    stage: StartStage


class ReasonIn(InputSchema):
    reason: Reason


def referral_data(referral: Referral) -> dict[str, Any]:
    journey = getattr(referral, "journey", None)
    return {
        "id": referral.pk,
        "version": referral.version,
        "client_id": referral.client_id,
        "client_name": referral.client.display_name,
        "source": referral.source,
        "referrer_name": referral.referrer_name,
        "referrer_organisation": referral.referrer_organisation,
        "referrer_contact": referral.referrer_contact,
        "reason": referral.reason,
        "cohort": referral.cohort,
        "received_on": referral.received_on,
        "state": referral.state,
        "funding_stream_id": referral.funding_stream_id,
        "decision_reason": referral.decision_reason,
        "decided_by_id": referral.decided_by_id,
        "decided_at": referral.decided_at,
        "journey_id": journey.pk if journey is not None else None,
        "created_at": referral.created_at,
        "updated_at": referral.updated_at,
    }


def _referrals() -> ReferralQuerySet:
    return Referral.objects.select_related("client", "journey")


def _fresh(referral: Referral) -> dict[str, Any]:
    return referral_data(_referrals().get(pk=referral.pk))


@router.get(
    "/referrals",
    response={200: ReferralPage, **READ_ERRORS},
    operation_id="list_referrals",
    summary="Referrals of the clients you may see, newest first",
)
@requires(permissions.takes_referrals, TAKES_REFERRALS)
def list_referrals(request: HttpRequest, query: Query[ReferralQuery]) -> Any:
    qs = _referrals().visible_to(actor_of(request)).order_by("-received_on", "-id")
    if query.state:
        qs = qs.filter(state=query.state)
    if query.client_id:
        qs = qs.filter(client_id=query.client_id)
    count, referrals = page_of(
        request, qs, query, client_ids=lambda items: [r.client_id for r in items]
    )
    return {"count": count, "items": [referral_data(r) for r in referrals]}


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralOut, **READ_ERRORS},
    operation_id="get_referral",
    summary="One referral",
)
@requires(permissions.takes_referrals, TAKES_REFERRALS)
def get_referral(request: HttpRequest, referral_id: Id) -> Any:
    return referral_data(get_record(request, Referral, referral_id, queryset=_referrals()))


@router.post(
    "/referrals",
    response={201: ReferralOut, 200: ReferralOut, **WRITE_ERRORS},
    operation_id="create_referral",
    summary="Record a referral, of a known client or of someone new",
)
@requires(permissions.takes_referrals, TAKES_REFERRALS)
def create_referral(
    request: HttpRequest, payload: ReferralIn, idempotency_key: IdempotencyKey = None
) -> Any:
    user = actor_of(request)
    client: Client | None = None
    client_fields: dict[str, Any] | None = None
    team = user.team
    if payload.client_id is not None:
        if payload.team_id is not None:
            raise ServiceError(
                "A known client stays in their team: leave out team_id", field="team_id"
            )
        client = get_record(request, Client, payload.client_id, audit=False)
    else:
        assert payload.client is not None
        team = _team_taking(user, payload.team_id)
        client_fields = payload.client.model_dump()
        if not permissions.sees_identifiers(user):
            for name in Client.IDENTIFIER_FIELDS:
                client_fields.pop(name, None)
    token, fingerprint = idempotency(request, idempotency_key, Referral, client, payload)

    def create() -> Referral:
        return referral_create(
            actor=user,
            team=team,
            client=client,
            client_fields=client_fields,
            referral_fields=payload.model_dump(
                exclude={"client_id", "client", "team_id"}, exclude_none=True
            ),
        )

    try:
        referral, created = once(
            token=token, user=user, model=Referral, create=create, fingerprint=fingerprint
        )
    except ServiceError as error:
        if client_fields is not None and error.field in client_fields:
            raise ServiceError(error.message, field=f"client.{error.field}") from None
        raise
    return Status(201 if created else 200, _fresh(referral))


def _team_taking(user: Any, team_id: int | None) -> Team:
    """The team taking on a new client: the user's own, or (a manager) one in their borough."""
    team = (
        teams_taking_referrals(user).filter(pk=team_id).first()
        if team_id is not None
        else user.team
    )
    if team is None:
        raise ServiceError(
            NO_TEAM
            if team_id is not None
            else "Your account is not in a team, so it cannot take on new clients",
            field="team_id",
        )
    return team


def _open(request: HttpRequest, referral_id: int) -> Referral:
    return get_record(request, Referral, referral_id, audit=False, queryset=_referrals())


@router.post(
    "/referrals/{referral_id}/start-screening",
    response={200: ReferralOut, **WRITE_ERRORS},
    operation_id="start_screening_referral",
    summary="Start screening a referral",
)
@requires(permissions.decides_referrals, DECIDES_REFERRALS)
def start_screening(request: HttpRequest, referral_id: Id) -> Any:
    referral = _open(request, referral_id)
    return _fresh(referral_start_screening(actor=actor_of(request), referral=referral))


@router.post(
    "/referrals/{referral_id}/accept",
    response={200: ReferralOut, **WRITE_ERRORS},
    operation_id="accept_referral",
    summary="Accept a referral into a funding stream, opening a journey",
)
@requires(permissions.decides_referrals, DECIDES_REFERRALS)
def accept(request: HttpRequest, referral_id: Id, payload: AcceptIn) -> Any:
    user = actor_of(request)
    referral = _open(request, referral_id)
    stream = FundingStream.objects.filter(
        pk=payload.funding_stream_id, borough__organisation_id=user.organisation_id
    ).first()
    if stream is None:
        raise ServiceError("Choose a funding stream", field="funding_stream_id")
    referral_accept(
        actor=user, referral=referral, stream=stream, stage=payload.stage, note=payload.note
    )
    return _fresh(referral)


@router.post(
    "/referrals/{referral_id}/accept-unfunded",
    response={200: ReferralOut, **WRITE_ERRORS},
    operation_id="accept_referral_unfunded",
    summary="Accept a referral with no funding behind it, opening a journey",
)
@requires(permissions.decides_referrals, DECIDES_REFERRALS)
def accept_unfunded(request: HttpRequest, referral_id: Id, payload: AcceptUnfundedIn) -> Any:
    referral = _open(request, referral_id)
    referral_accept_unfunded(
        actor=actor_of(request), referral=referral, reason=payload.reason, stage=payload.stage
    )
    return _fresh(referral)


@router.post(
    "/referrals/{referral_id}/decline",
    response={200: ReferralOut, **WRITE_ERRORS},
    operation_id="decline_referral",
    summary="Decline a referral, with the reason",
)
@requires(permissions.decides_referrals, DECIDES_REFERRALS)
def decline(request: HttpRequest, referral_id: Id, payload: ReasonIn) -> Any:
    referral = _open(request, referral_id)
    return _fresh(
        referral_decline(actor=actor_of(request), referral=referral, reason=payload.reason)
    )


@router.post(
    "/referrals/{referral_id}/withdraw",
    response={200: ReferralOut, **WRITE_ERRORS},
    operation_id="withdraw_referral",
    summary="Record that a referral was withdrawn, with the reason",
)
@requires(permissions.decides_referrals, DECIDES_REFERRALS)
def withdraw(request: HttpRequest, referral_id: Id, payload: ReasonIn) -> Any:
    referral = _open(request, referral_id)
    return _fresh(
        referral_withdraw(actor=actor_of(request), referral=referral, reason=payload.reason)
    )
