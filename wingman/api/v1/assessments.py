"""Needs assessments and reviews: instruments (named, versioned sets of questions with scales), each
pathway's status and score, and distance travelled."""

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from wingman.accounts import permissions
from wingman.assessments.choices import HIGHEST_SCORE, LOWEST_SCORE, AssessmentKind, NeedStatus
from wingman.assessments.models import Answer, Assessment, Instrument
from wingman.assessments.selectors import assessments_of, distance_travelled, instruments_for
from wingman.assessments.services import (
    ASSESSED_ON,
    assessment_make,
    questions_of,
    score_message,
)
from wingman.people.models import Client

from ..auth import READS_CLIENTS, RECORDS_CASEWORK, actor_of, requires
from ..records import IdempotencyKey, get_record, idempotency, page_of
from ..schemas import READ_ERRORS, WRITE_ERRORS, Id, InputSchema, Limit, PageQuery, Within, checked

router = Router(tags=["Assessments"])

Score = Annotated[
    int,
    Field(json_schema_extra={"minimum": LOWEST_SCORE, "maximum": HIGHEST_SCORE}),
    checked(
        lambda score: None if LOWEST_SCORE <= score <= HIGHEST_SCORE else score_message("A score")
    ),
]
Evidence = Annotated[str, Limit(Answer, "evidence")]
Note = Annotated[str, Limit(Assessment, "note")]


class OptionOut(Schema):
    id: int
    label: str
    score: int


class QuestionOut(Schema):
    id: int
    position: int
    text: str
    help_text: str
    pathway: str = Field(description="The pathway's code, or empty if the question has none")
    scale: str = Field(description="ladder: scored 1 to 10; options: one of `options`")
    options: list[OptionOut]


class InstrumentOut(Schema):
    id: int
    name: str
    version: int
    description: str
    organisation_id: int | None = Field(description="Empty for Wingman's own instrument")
    min_age: int | None
    max_age: int | None
    questions: list[QuestionOut]


class AnswerOut(Schema):
    question_id: int
    pathway: str
    status: str
    option_id: int | None
    score: int | None
    own_score: int | None
    evidence: str


class AssessmentOut(Schema):
    id: int
    version: int
    client_id: int
    journey_id: int | None
    instrument_id: int
    kind: str
    state: str
    assessed_on: date
    assessed_by_id: int
    note: str
    recorded_at: datetime | None
    answers: list[AnswerOut]


class AssessmentPage(Schema):
    count: int
    items: list[AssessmentOut]


class AnswerIn(InputSchema):
    question_id: Id
    status: NeedStatus | None = Field(
        None, description="Where the support stands; needed for every ladder question"
    )
    score: Score | None = Field(
        None, description="The caseworker's score, 1 to 10; needed unless not started"
    )
    own_score: Score | None = Field(None, description="The young person's own score, 1 to 10")
    option_id: Id | None = Field(None, description="For a question with answer options")
    evidence: Evidence = ""


class AssessmentIn(InputSchema):
    instrument_id: Id
    kind: AssessmentKind
    assessed_on: Annotated[date, Within(ASSESSED_ON)] = Field(
        description="From 1 January 2000 to today"
    )
    note: Note = ""
    answers: list[AnswerIn] = Field(max_length=200, description="One for every question")


class PointOut(Schema):
    on: date
    score: int
    own_score: int | None


class PathwayDistanceOut(Schema):
    pathway: str
    label: str
    points: list[PointOut]
    change_since_intake: int | None = Field(
        description="Latest score less the first; empty with fewer than two scores"
    )


class DistanceOut(Schema):
    client_id: int
    dates: list[date]
    pathways: list[PathwayDistanceOut]


def instrument_data(instrument: Instrument) -> dict[str, Any]:
    return {
        "id": instrument.pk,
        "name": instrument.name,
        "version": instrument.version,
        "description": instrument.description,
        "organisation_id": instrument.organisation_id,
        "min_age": instrument.min_age,
        "max_age": instrument.max_age,
        "questions": [
            {
                "id": q.pk,
                "position": q.position,
                "text": q.text,
                "help_text": q.help_text,
                "pathway": q.pathway,
                "scale": q.scale,
                "options": [
                    {"id": o.pk, "label": o.label, "score": o.score} for o in q.options.all()
                ],
            }
            for q in questions_of(instrument)
        ],
    }


def assessment_data(assessment: Assessment, answers: list[Answer]) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "version": assessment.version,
        "client_id": assessment.client_id,
        "journey_id": assessment.journey_id,
        "instrument_id": assessment.instrument_id,
        "kind": assessment.kind,
        "state": assessment.state,
        "assessed_on": assessment.assessed_on,
        "assessed_by_id": assessment.assessed_by_id,
        "note": assessment.note,
        "recorded_at": assessment.recorded_at,
        "answers": [
            {
                "question_id": a.question_id,
                "pathway": a.question.pathway,
                "status": a.status,
                "option_id": a.option_id,
                "score": a.score,
                "own_score": a.own_score,
                "evidence": a.evidence,
            }
            for a in answers
        ],
    }


def _answers_of(viewer: Any, assessments: list[Assessment]) -> dict[int, list[Answer]]:
    """Every answer of these assessments, in one query."""
    found: dict[int, list[Answer]] = {a.pk: [] for a in assessments}
    for answer in (
        Answer.objects.visible_to(viewer)
        .filter(assessment__in=[a.pk for a in assessments])
        .select_related("question")
        .order_by("question__position", "question_id")
    ):
        found[answer.assessment_id].append(answer)
    return found


def _client(request: HttpRequest, client_id: int, *, audit: bool = True) -> Client:
    return get_record(request, Client, client_id, audit=audit)


@router.get(
    "/clients/{client_id}/instruments",
    response={200: list[InstrumentOut], **READ_ERRORS},
    operation_id="list_instruments",
    summary="The instruments this client can be assessed with, with their questions",
    description=(
        "Active instruments: Wingman's own needs ladder and the organisation's own, for the "
        "client's age."
    ),
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_instruments(request: HttpRequest, client_id: Id) -> Any:
    client = _client(request, client_id)
    return [instrument_data(i) for i in instruments_for(actor_of(request), client)]


@router.get(
    "/clients/{client_id}/assessments",
    response={200: AssessmentPage, **READ_ERRORS},
    operation_id="list_assessments",
    summary="A client's assessments with their answers, latest first",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_assessments(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    client = _client(request, client_id)
    count, items = page_of(request, assessments_of(actor_of(request), client), query)
    answers = _answers_of(actor_of(request), items)
    return {"count": count, "items": [assessment_data(a, answers[a.pk]) for a in items]}


@router.post(
    "/clients/{client_id}/assessments",
    response={201: AssessmentOut, 200: AssessmentOut, **WRITE_ERRORS},
    operation_id="create_assessment",
    summary="Record an intake or a review of a client, with an answer to every question",
    description=(
        "Answers 201 with the new assessment, or 200 with the one made earlier when the same "
        "Idempotency-Key was sent before."
    ),
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_assessment(
    request: HttpRequest,
    client_id: Id,
    payload: AssessmentIn,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    user = actor_of(request)
    client = _client(request, client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Assessment, client, payload)
    instrument = next(
        (i for i in instruments_for(user, client) if i.pk == payload.instrument_id), None
    )
    answers: dict[int, dict[str, Any]] = {}
    for answer in payload.answers:
        answers[answer.question_id] = {
            "status": answer.status or "",
            "score": answer.score,
            "own_score": answer.own_score,
            "option": answer.option_id,
            "evidence": answer.evidence,
        }
    assessment, created = assessment_make(
        actor=user,
        client=client,
        instrument=instrument,
        kind=payload.kind,
        assessed_on=payload.assessed_on,
        answers=answers,
        note=payload.note,
        token=token,
        fingerprint=fingerprint,
    )
    return Status(
        201 if created else 200,
        assessment_data(assessment, _answers_of(actor_of(request), [assessment])[assessment.pk]),
    )


@router.get(
    "/assessments/{assessment_id}",
    response={200: AssessmentOut, **READ_ERRORS},
    operation_id="get_assessment",
    summary="One assessment with its answers",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_assessment(request: HttpRequest, assessment_id: Id) -> Any:
    assessment = get_record(request, Assessment, assessment_id)
    return assessment_data(assessment, _answers_of(actor_of(request), [assessment])[assessment.pk])


@router.get(
    "/clients/{client_id}/distance-travelled",
    response={200: DistanceOut, **READ_ERRORS},
    operation_id="get_distance_travelled",
    summary="Each pathway's ladder score over the client's recorded assessments",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_distance_travelled(request: HttpRequest, client_id: Id) -> Any:
    client = _client(request, client_id)
    distance = distance_travelled(actor_of(request), client)
    return {
        "client_id": client.pk,
        "dates": distance.dates,
        "pathways": [
            {
                "pathway": line.pathway,
                "label": line.label,
                "points": [
                    {"on": day, "score": score, "own_score": line.own.get(day)}
                    for day, score in line.points
                ],
                "change_since_intake": line.change,
            }
            for line in distance.lines
        ],
    }
