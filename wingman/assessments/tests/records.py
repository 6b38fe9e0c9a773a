"""Assessments for tests: a recorded one with every ladder question scored, made straight in the
database (the services are tested on their own)."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from wingman.assessments.choices import AssessmentKind, AssessmentState, NeedStatus
from wingman.assessments.models import Answer, Assessment
from wingman.assessments.services import ensure_wingman_ladder, field_name


def give_assessment(
    client: Any,
    author: Any,
    *,
    kind: str = AssessmentKind.INTAKE,
    on: date | None = None,
    score: int = 4,
    recorded: bool = True,
) -> Assessment:
    """A recorded assessment of `client` with the Wingman needs ladder, every pathway at `score`."""
    ladder = ensure_wingman_ladder()
    journey = client.journeys.exclude(stage="closed").first()
    assessment = Assessment.objects.create(
        client=client,
        journey=journey,
        instrument=ladder,
        kind=kind,
        state=AssessmentState.RECORDED if recorded else AssessmentState.STARTED,
        assessed_on=on or timezone.localdate() - timedelta(days=14),
        assessed_by=author,
        recorded_at=timezone.now() if recorded else None,
    )
    if recorded:
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                question=q,
                status=NeedStatus.IN_PROGRESS,
                score=score,
                own_score=score + 1,
                evidence="Seen at the last visit",
            )
            for q in ladder.questions.all()
        )
    return assessment


def form_answers(assessment: Assessment, *, score: int = 6, status: str = "in_progress") -> dict:
    """The record form's fields for every question of `assessment`'s instrument."""
    data: dict[str, Any] = {}
    for q in assessment.instrument.questions.all():
        data[field_name(q.pk, "status")] = status
        data[field_name(q.pk, "score")] = str(score)
        data[field_name(q.pk, "own_score")] = ""
        data[field_name(q.pk, "evidence")] = ""
    return data


def api_answers(instrument: Any, *, score: int = 6, status: str = "in_progress") -> list[dict]:
    return [
        {"question_id": q.pk, "status": status, "score": score} for q in instrument.questions.all()
    ]
