"""Offending history (offences, disposals, sanctions) and proven reoffending by the Ministry of
Justice's rule. OGRS3 is for cohort evaluation only: no operation about one client sends it."""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from wingman.accounts import permissions
from wingman.accounts.models import Team
from wingman.audit.services import record_denial
from wingman.core.errors import EditConflict, ServiceError
from wingman.offending.choices import Disposal, OffenceCategory, Source
from wingman.offending.models import Offence
from wingman.offending.selectors import BY, SMALLEST_GROUP, cohort_rows, reoffending_status
from wingman.offending.services import (
    OFFENCE_DATE,
    OFFENCE_FIELDS,
    OUTCOME_DATE,
    offence_correct,
    offence_record,
)
from wingman.people.models import Client

from ..auth import READS_CLIENTS, RECORDS_CASEWORK, actor_of, requires
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
    QuerySchema,
    Version,
    Within,
)

router = Router(tags=["offending"])

READS_COHORTS = "Your role does not see proven reoffending by cohort."
OffenceDate = Annotated[date, Within(OFFENCE_DATE)]
OutcomeDate = Annotated[date, Within(OUTCOME_DATE)]
Sentence = Annotated[str, Limit(Offence, "sentence")]


class OffenceOut(Schema):
    id: int
    version: int
    client_id: int
    committed_on: date
    category: str
    disposal: str
    disposal_on: date | None
    sentence: str
    breach: bool
    source: str
    recorded_by_id: int
    created_at: datetime
    updated_at: datetime


class OffencePage(Schema):
    count: int
    items: list[OffenceOut]


class OffenceIn(InputSchema):
    committed_on: OffenceDate = Field(description="The offence date: 1 January 2000 to today")
    category: OffenceCategory = Field(description="The OGRS3 offence category")
    disposal: Disposal = Field(description="The outcome; 'awaiting' while it is not decided")
    disposal_on: OutcomeDate | None = Field(
        None, description="The date of the outcome: needed once decided, empty while awaited"
    )
    sentence: Sentence = ""
    breach: bool = Field(False, description="A breach of a court order, licence or bail")
    source: Source = Field(description="Where the service learned of the offence")


class OffenceEditIn(ChangesSchema):
    """Send `version` and only the fields to correct."""

    version: Version
    committed_on: OffenceDate | None = None
    category: OffenceCategory | None = None
    disposal: Disposal | None = None
    disposal_on: OutcomeDate | None = None
    sentence: Sentence = ""
    breach: bool = False
    source: Source | None = None


def offence_data(offence: Offence) -> dict[str, Any]:
    return {
        "id": offence.pk,
        "version": offence.version,
        "client_id": offence.client_id,
        "committed_on": offence.committed_on,
        "category": offence.category,
        "disposal": offence.disposal,
        "disposal_on": offence.disposal_on,
        "sentence": offence.sentence,
        "breach": offence.breach,
        "source": offence.source,
        "recorded_by_id": offence.recorded_by_id,
        "created_at": offence.created_at,
        "updated_at": offence.updated_at,
    }


@router.get(
    "/clients/{client_id}/offences",
    response={200: OffencePage, **READ_ERRORS},
    operation_id="list_offences",
    summary="A client's offences, latest offence first",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_offences(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    client = get_record(request, Client, client_id)
    offences = Offence.objects.visible_to(actor_of(request)).filter(client=client)
    count, items = page_of(request, offences, query)
    return {"count": count, "items": [offence_data(o) for o in items]}


@router.post(
    "/clients/{client_id}/offences",
    response={201: OffenceOut, 200: OffenceOut, **WRITE_ERRORS},
    operation_id="create_offence",
    summary="Record an offence on a client's record",
    description=(
        "Answers 201 with the new offence, or 200 with the offence recorded earlier when the "
        "same Idempotency-Key was sent before."
    ),
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_offence(
    request: HttpRequest,
    client_id: Id,
    payload: OffenceIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    user = actor_of(request)
    client = get_record(request, Client, client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Offence, client, payload)
    offence, created = offence_record(
        actor=user, client=client, data=payload.model_dump(), token=token, fingerprint=fingerprint
    )
    return Status(201 if created else 200, offence_data(offence))


@router.get(
    "/offences/{offence_id}",
    response={200: OffenceOut, **READ_ERRORS},
    operation_id="get_offence",
    summary="One offence",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_offence(request: HttpRequest, offence_id: Id) -> Any:
    return offence_data(get_record(request, Offence, offence_id))


@router.patch(
    "/offences/{offence_id}",
    response={200: OffenceOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_offence",
    summary="Correct an offence; the earlier values are kept in the audit trail",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_offence(request: HttpRequest, offence_id: Id, payload: OffenceEditIn) -> Any:
    user = actor_of(request)
    offence = get_record(request, Offence, offence_id, audit=False)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ServiceError("Send at least one field to correct as well as the version")
    data = {name: getattr(offence, name) for name in OFFENCE_FIELDS}
    for name, value in changes.items():
        if value is None and name != "disposal_on":
            raise ServiceError("Send a value, or leave the field out to keep it", field=name)
        data[name] = value
    try:
        offence = offence_correct(
            actor=user, offence=offence, data=data, expected_version=payload.version
        )
    except EditConflict as exc:
        return Status(
            409,
            conflict(
                request, exc, submitted_version=payload.version, current=offence_data(exc.current)
            ),
        )
    return offence_data(offence)


# Proven reoffending --------------------------------------------------------------------------


class ReoffendingOut(Schema):
    """A client's proven reoffending by the Ministry of Justice's rule. Never an OGRS3 figure."""

    status: str = Field(description="The status in words, as the client's page says it")
    follow_up_starts_on: date | None
    starts_at_release: bool | None = Field(
        description="True: release from custody; false: the start of the work in the community"
    )
    cohort: str | None = Field(description="adult or juvenile, by age at the start")
    follow_up_ends_on: date | None = Field(description="The first day after the 12 months")
    final_on: date | None = Field(description="When the figure becomes final (6 months later)")
    reoffences: int | None
    provisional: bool | None


@router.get(
    "/clients/{client_id}/reoffending",
    response={200: ReoffendingOut, **READ_ERRORS},
    operation_id="get_client_reoffending",
    summary="A client's proven reoffending status",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_client_reoffending(request: HttpRequest, client_id: Id) -> Any:
    client = get_record(request, Client, client_id)
    status = reoffending_status(client, today=timezone.localdate())
    result = status.result
    return {
        "status": status.words,
        "follow_up_starts_on": status.start.on if status.start else None,
        "starts_at_release": status.start.from_custody if status.start else None,
        "cohort": result.cohort if result else None,
        "follow_up_ends_on": result.follow_up_ends_on if result else None,
        "final_on": result.final_on if result else None,
        "reoffences": result.reoffences if result else None,
        "provisional": result.provisional if result else None,
    }


class CohortQuery(QuerySchema):
    by: str = Field("year", pattern="^(year|month)$", description="year or month of the start")


class CohortOut(Schema):
    """One cohort's aggregates. A group of fewer than 10 people has `shown` false and no
    figures."""

    period: str
    cohort: str
    shown: bool
    people: int | None = Field(description="None when fewer than 10")
    reoffenders: int | None
    rate: float | None = Field(description="The binary measure: the share who reoffended")
    reoffences_per_person: float | None
    reoffences_per_reoffender: float | None
    provisional: bool | None
    final_on: date | None
    ogrs3_scored: int | None = Field(description="How many of the cohort OGRS3 could score")
    ogrs3_expected_rate: float | None = Field(
        description="OGRS3's expected 1-year rate among those scored (None under 10)"
    )
    observed_rate_of_scored: float | None


class CohortsOut(Schema):
    team_id: int
    smallest_group: int
    items: list[CohortOut]


def _visible_team(request: HttpRequest, team_id: int) -> Team:
    """A team whose clients the token's user sees (through the one visibility rule), or 404."""
    user = actor_of(request)
    remember_record(request, Team, team_id)
    seen = Client.objects.visible_to(user).filter(team_id=team_id).values("team_id")
    team = Team.objects.filter(pk=team_id, pk__in=seen).first()
    if team is None:
        record_denial(actor=user, model=Team, object_id=team_id)
        raise Http404("Not found")
    return team


@router.get(
    "/teams/{team_id}/reoffending-cohorts",
    response={200: CohortsOut, **READ_ERRORS},
    operation_id="get_team_reoffending_cohorts",
    summary="Proven reoffending of a team's clients, by cohort: aggregates only",
    description=(
        "Over the team's clients the token's user may see (team leads: their team; managers: "
        "the teams of their borough). Adult and juvenile cohorts by the year or month their "
        "follow-up started, latest first. No names; a group of fewer than 10 has no figures."
    ),
)
@requires(permissions.reads_reoffending_cohorts, READS_COHORTS)
def get_team_reoffending_cohorts(
    request: HttpRequest, team_id: Id, query: Query[CohortQuery]
) -> Any:
    team = _visible_team(request, team_id)
    by = query.by if query.by in BY else "year"
    rows = cohort_rows(actor_of(request), today=timezone.localdate(), by=by, team_id=team.pk)
    items = []
    for row in rows:
        figures, expected = row.figures, row.expected
        items.append(
            {
                "period": row.period,
                "cohort": row.cohort,
                "shown": row.shown,
                "people": row.people if row.shown else None,
                "reoffenders": figures.reoffenders if figures else None,
                "rate": figures.rate if figures else None,
                "reoffences_per_person": figures.per_person if figures else None,
                "reoffences_per_reoffender": figures.per_reoffender if figures else None,
                "provisional": figures.provisional if figures else None,
                "final_on": figures.final_on if figures else None,
                "ogrs3_scored": expected.n if expected else None,
                "ogrs3_expected_rate": expected.expected_rate if expected else None,
                "observed_rate_of_scored": expected.observed_rate if expected else None,
            }
        )
    return {"team_id": team.pk, "smallest_group": SMALLEST_GROUP, "items": items}
