"""Outcomes achieved, with their date and evidence, and the indicators each funding stream counts
them against."""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from wingman.accounts import permissions
from wingman.core.errors import EditConflict, ServiceError
from wingman.outcomes.models import Outcome, OutcomeType
from wingman.outcomes.selectors import indicator_streams, outcomes_of, stream_results
from wingman.outcomes.services import (
    ACHIEVED_ON,
    ENTER_EVIDENCE,
    ENTER_REASON,
    OUTCOME_FIELDS,
    WITHDRAW_LABEL,
    outcome_edit,
    outcome_record,
    outcome_withdraw,
)
from wingman.people.models import Client
from wingman.referrals.models import FundingStream

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

router = Router(tags=["Outcomes"])

READS_INDICATORS = "Your role does not read funding streams' indicators."

Evidence = Annotated[str, Limit(Outcome, "evidence", required=ENTER_EVIDENCE)]
AchievedOn = Annotated[date, Within(ACHIEVED_ON)]
Reason = Annotated[
    str, Limit(Outcome, "withdrawn_reason", label=WITHDRAW_LABEL, required=ENTER_REASON)
]


class OutcomeTypeOut(Schema):
    id: int
    name: str
    pathway: str


class OutcomeTypeList(Schema):
    items: list[OutcomeTypeOut]


class OutcomeOut(Schema):
    id: int
    version: int
    client_id: int
    journey_id: int | None = Field(description="The journey open on the date it was achieved")
    outcome_type_id: int
    outcome_type: str
    achieved_on: date
    evidence: str
    status: str = Field(description="recorded, or withdrawn (recorded in error; counts nowhere)")
    withdrawn_reason: str
    withdrawn_on: date | None
    recorded_by_id: int
    created_at: datetime
    updated_at: datetime


class OutcomePage(Schema):
    count: int
    items: list[OutcomeOut]


class OutcomeIn(InputSchema):
    outcome_type_id: Id = Field(description="One of the client's organisation's outcome types")
    achieved_on: AchievedOn = Field(description="From 1 January 2000 to today")
    evidence: Evidence


class OutcomeEditIn(ChangesSchema):
    """Send `version` and only the fields to change."""

    version: Version
    outcome_type_id: Id = 1
    achieved_on: AchievedOn | None = Field(None, description="From 1 January 2000 to today")
    evidence: Evidence = ""


class WithdrawIn(InputSchema):
    version: Version
    reason: Reason = Field(description="Why it was recorded in error")


class IndicatorResultOut(Schema):
    indicator_id: int
    name: str
    measure: str = Field(description="outcomes (each counts) or clients (achieving at least one)")
    unit: str
    outcome_type_ids: list[int]
    period_start: date
    period_end: date
    baseline: int | None
    target: int
    direction: str
    result: int = Field(description="Counted now from the outcomes recorded; never stored")
    met: bool
    in_progress: bool = Field(description="The period has not ended: the result so far")


class StreamIndicatorsOut(Schema):
    funding_stream_id: int
    name: str
    indicators: list[IndicatorResultOut]


def outcome_data(outcome: Outcome) -> dict[str, Any]:
    return {
        "id": outcome.pk,
        "version": outcome.version,
        "client_id": outcome.client_id,
        "journey_id": outcome.journey_id,
        "outcome_type_id": outcome.outcome_type_id,
        "outcome_type": outcome.outcome_type.name,
        "achieved_on": outcome.achieved_on,
        "evidence": outcome.evidence,
        "status": outcome.status,
        "withdrawn_reason": outcome.withdrawn_reason,
        "withdrawn_on": outcome.withdrawn_on,
        "recorded_by_id": outcome.recorded_by_id,
        "created_at": outcome.created_at,
        "updated_at": outcome.updated_at,
    }


def _client(request: HttpRequest, client_id: int, *, audit: bool = True) -> Client:
    return get_record(request, Client, client_id, audit=audit)


def _outcome(request: HttpRequest, outcome_id: int, *, audit: bool = True) -> Outcome:
    return get_record(
        request,
        Outcome,
        outcome_id,
        audit=audit,
        queryset=Outcome.objects.select_related("client", "outcome_type"),
    )


@router.get(
    "/clients/{client_id}/outcome-types",
    response={200: OutcomeTypeList, **READ_ERRORS},
    operation_id="list_outcome_types",
    summary="The kinds of outcome that can be recorded for a client",
    description="The active outcome types of the organisation, by name.",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_outcome_types(request: HttpRequest, client_id: Id) -> Any:
    _client(request, client_id)
    types = OutcomeType.objects.of_organisation_of(actor_of(request)).active()
    return {"items": [{"id": t.pk, "name": t.name, "pathway": t.pathway} for t in types]}


@router.get(
    "/clients/{client_id}/outcomes",
    response={200: OutcomePage, **READ_ERRORS},
    operation_id="list_outcomes",
    summary="A client's outcomes, latest first, withdrawn ones included",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_outcomes(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    client = _client(request, client_id)
    count, items = page_of(request, outcomes_of(actor_of(request), client), query)
    return {"count": count, "items": [outcome_data(o) for o in items]}


@router.post(
    "/clients/{client_id}/outcomes",
    response={201: OutcomeOut, 200: OutcomeOut, **WRITE_ERRORS},
    operation_id="create_outcome",
    summary="Record an outcome a client achieved, with its date and evidence",
    description=(
        "Answers 201 with the new outcome, or 200 with the outcome recorded earlier when the "
        "same Idempotency-Key was sent before."
    ),
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_outcome(
    request: HttpRequest,
    client_id: Id,
    payload: OutcomeIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    user = actor_of(request)
    client = _client(request, client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Outcome, client, payload)
    outcome, created = outcome_record(
        actor=user, client=client, data=payload.model_dump(), token=token, fingerprint=fingerprint
    )
    return Status(201 if created else 200, outcome_data(outcome))


@router.get(
    "/outcomes/{outcome_id}",
    response={200: OutcomeOut, **READ_ERRORS},
    operation_id="get_outcome",
    summary="One outcome",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_outcome(request: HttpRequest, outcome_id: Id) -> Any:
    return outcome_data(_outcome(request, outcome_id))


@router.patch(
    "/outcomes/{outcome_id}",
    response={200: OutcomeOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_outcome",
    summary="Change an outcome's type, date or evidence",
    description="A withdrawn outcome cannot be changed (409).",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_outcome(request: HttpRequest, outcome_id: Id, payload: OutcomeEditIn) -> Any:
    outcome = _outcome(request, outcome_id, audit=False)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ServiceError("Send at least one field to change as well as the version")
    data = {name: getattr(outcome, name) for name in OUTCOME_FIELDS} | changes
    try:
        outcome = outcome_edit(
            actor=actor_of(request), outcome=outcome, data=data, expected_version=payload.version
        )
    except EditConflict as exc:
        return Status(
            409,
            conflict(
                request, exc, submitted_version=payload.version, current=outcome_data(exc.current)
            ),
        )
    return outcome_data(outcome)


@router.post(
    "/outcomes/{outcome_id}/withdraw",
    response={200: OutcomeOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="withdraw_outcome",
    summary="Withdraw an outcome recorded in error, saying why",
    description="It is kept, with the reason, and counts for no funding stream.",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def withdraw_outcome(request: HttpRequest, outcome_id: Id, payload: WithdrawIn) -> Any:
    outcome = _outcome(request, outcome_id, audit=False)
    try:
        outcome = outcome_withdraw(
            actor=actor_of(request),
            outcome=outcome,
            reason=payload.reason,
            expected_version=payload.version,
        )
    except EditConflict as exc:
        return Status(
            409,
            conflict(
                request, exc, submitted_version=payload.version, current=outcome_data(exc.current)
            ),
        )
    return outcome_data(outcome)


@router.get(
    "/funding-streams/{funding_stream_id}/indicators",
    response={200: StreamIndicatorsOut, **READ_ERRORS},
    operation_id="list_stream_indicators",
    summary="A funding stream's indicators, each with its target and result for its period",
    description="Figures only, never a name: for managers, their own borough's streams.",
)
@requires(permissions.reads_stream_indicators, READS_INDICATORS)
def list_stream_indicators(request: HttpRequest, funding_stream_id: Id) -> Any:
    stream = get_record(request, FundingStream, funding_stream_id, queryset=indicator_streams())
    results = stream_results(stream, today=timezone.localdate())
    return {
        "funding_stream_id": stream.pk,
        "name": stream.name,
        "indicators": [
            {
                "indicator_id": r.assignment.indicator_id,
                "name": r.assignment.indicator.name,
                "measure": r.assignment.indicator.measure,
                "unit": r.assignment.indicator.unit,
                "outcome_type_ids": [t.pk for t in r.assignment.indicator.outcome_types.all()],
                "period_start": r.assignment.period_start,
                "period_end": r.assignment.period_end,
                "baseline": r.assignment.baseline,
                "target": r.assignment.target,
                "direction": r.assignment.direction,
                "result": r.result,
                "met": r.met,
                "in_progress": r.in_progress,
            }
            for r in results
        ],
    }
