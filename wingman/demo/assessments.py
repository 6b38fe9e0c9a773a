"""The demo service's assessments: an intake for most journeys when they open, then a review
about every 12 weeks while the journey is open. Most young people's scores rise over time; some
stay flat and some fall back (a return to custody, a relapse). Statuses follow the scores. On
`caseworker`'s own caseload some intakes and reviews are due now."""

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from wingman.assessments.choices import AssessmentKind, AssessmentState, NeedStatus
from wingman.assessments.models import Answer, Assessment
from wingman.assessments.services import ensure_wingman_ladder
from wingman.casework.choices import Stage
from wingman.casework.models import Journey
from wingman.core.pathways import Pathway

SEED_OFFSET = 3  # this app's own stream of random numbers
BATCH = 2000
REVIEW_WEEKS = 12

# How a young person's scores move between assessments, and how often: most climb, some hold,
# some slip back.
TRAJECTORIES = (("improving", 64), ("flat", 22), ("falling", 14))
DRIFT = {"improving": (0.3, 1.1), "flat": (-0.3, 0.3), "falling": (-0.9, -0.2)}
# Where each pathway usually starts at intake (the lower the more acute), from the service's
# picture: housing, money and safety are the sharpest needs on release.
START = {
    Pathway.ACCOMMODATION: 3,
    Pathway.ATTITUDES: 4,
    Pathway.FAMILY: 5,
    Pathway.DRUGS_ALCOHOL: 4,
    Pathway.EDUCATION_EMPLOYMENT: 3,
    Pathway.FINANCE: 3,
    Pathway.HEALTH: 5,
    Pathway.SAFETY: 3,
    Pathway.GANG_EXIT: 3,
    Pathway.IDENTITY: 4,
    Pathway.ABUSE: 6,
}
# A few words of evidence per pathway, from the most acute to the most settled.
EVIDENCE = {
    Pathway.ACCOMMODATION: (
        "Sofa-surfing, no fixed address",
        "In a hostel, waiting on a move-on flat",
        "Own tenancy, rent paid up",
    ),
    Pathway.ATTITUDES: (
        "Quick to anger when challenged",
        "Talks through choices before acting, most days",
        "Walks away from trouble and says so",
    ),
    Pathway.FAMILY: (
        "No contact with family",
        "Back in touch with his mum",
        "Family supporting him week to week",
    ),
    Pathway.DRUGS_ALCOHOL: (
        "Using most days",
        "Cutting down, seeing the drug service",
        "Clean for months, keeps his appointments",
    ),
    Pathway.EDUCATION_EMPLOYMENT: (
        "Nothing to do in the day",
        "Signed up for a course",
        "On a course and turning up",
    ),
    Pathway.FINANCE: (
        "No ID, no bank account, no income",
        "Benefits claim made, ID on its way",
        "Managing money, no new debts",
    ),
    Pathway.HEALTH: (
        "Not sleeping, low moods, no GP",
        "Registered with a GP",
        "Keeping well and knows where to go",
    ),
    Pathway.SAFETY: (
        "Threats made against him this month",
        "Avoids the estate, feels safer",
        "No threats for months",
    ),
    Pathway.GANG_EXIT: (
        "Still around the group most nights",
        "Seeing the group less, phone number changed",
        "Out of the group and no debt owed",
    ),
    Pathway.IDENTITY: (
        "Cannot say who he is without the gang",
        "Starting to talk about what he wants",
        "Proud of what he has done this year",
    ),
    Pathway.ABUSE: (
        "Disclosed harm, support not yet in place",
        "Talking to a counsellor",
        "Feels safe and supported",
    ),
}


def _status(score: int, rng: random.Random, *, intake: bool) -> str:
    """A status that fits the score: acute needs need support, settled ones are done."""
    if score >= 8:
        return NeedStatus.SUPPORT_NOT_REQUIRED if intake else NeedStatus.DONE
    if score <= 3:
        if rng.random() < 0.08:
            return NeedStatus.SUPPORT_DECLINED
        return NeedStatus.SUPPORT_REQUIRED if intake else NeedStatus.IN_PROGRESS
    if intake:
        return NeedStatus.SUPPORT_REQUIRED if rng.random() < 0.6 else NeedStatus.NOT_STARTED
    return NeedStatus.IN_PROGRESS


def _evidence(pathway: str, score: int, rng: random.Random) -> str:
    if rng.random() < 0.55:
        return ""
    low, middle, high = EVIDENCE[Pathway(pathway)]
    return low if score <= 3 else middle if score <= 7 else high


def _dates(journey: Journey, rng: random.Random, today: date, *, mine: bool) -> list[date]:
    """The intake (at opening) and the reviews about every 12 weeks while the journey is open.
    On `caseworker`'s caseload some open journeys miss their latest review or their intake, so
    something is due now."""
    end = journey.closed_on or today
    if rng.random() < 0.1:  # no intake recorded (often a journey closed early)
        return []
    intake = journey.opened_on + timedelta(days=rng.randint(0, 10))
    if intake > end:
        # Opened in the last few days: the intake is still to do, or was done at closing.
        return [] if journey.is_open else [end]
    dates = [intake]
    while True:
        step = timedelta(weeks=REVIEW_WEEKS) + timedelta(days=rng.randint(-10, 12))
        following = dates[-1] + step
        if following > end:
            break
        dates.append(following)
    if journey.is_open and mine and len(dates) > 1 and rng.random() < 0.35:
        dates.pop()  # the latest review has not happened yet: it is due now
    return dates


def add(builder: Any) -> None:
    """Add this app's records to the demo service, once its clients and journeys are written."""
    rng = random.Random(builder.seed * 1000 + SEED_OFFSET)
    today = builder.today
    ladder = ensure_wingman_ladder()
    questions = list(ladder.questions.order_by("position"))
    me = builder.users["caseworker"]
    fallback = builder.fallback_lead or me
    journeys = (
        Journey.objects.select_related("client", "referral")
        .only(
            "id",
            "client_id",
            "stage",
            "opened_on",
            "closed_on",
            "client__caseworker_id",
            "referral__reason",
        )
        .order_by("id")
    )
    recorded_at = timezone.now()
    writer = _writer(builder)
    writer.start()
    pending: list[Any] = []
    answers: list[_AnswerRow] = []
    made = 0

    def flush() -> None:
        nonlocal made
        writer.insert(Assessment, pending)
        writer.insert(Answer, answers)
        made += len(pending)
        pending.clear()
        answers.clear()

    for journey in journeys.iterator(chunk_size=BATCH):
        mine = journey.client.caseworker_id == me.pk
        dates = _dates(journey, rng, today, mine=mine)
        if not dates:
            continue
        author_id = journey.client.caseworker_id or fallback.pk
        trajectory = _pick(rng, TRAJECTORIES)
        low, high = DRIFT[trajectory]
        reason = journey.referral.reason if journey.referral_id else ""
        scores = {q.pathway: _start(q.pathway, rng, reason) for q in questions}
        drifts = {q.pathway: rng.uniform(low, high) for q in questions}
        # A set-back part-way (a return to custody): every score drops for a while.
        setback = rng.randrange(1, len(dates)) if len(dates) > 2 and rng.random() < 0.15 else -1
        for n, day in enumerate(dates):
            intake = n == 0
            if not intake:
                for pathway in scores:
                    move = drifts[pathway] + rng.uniform(-0.8, 0.8)
                    if move > 0:  # the last steps up the ladder are the slowest
                        move *= max(0.25, (10 - scores[pathway]) / 7)
                    if n == setback:
                        move -= rng.uniform(1, 3)
                    scores[pathway] = _clip(scores[pathway] + move)
            assessment = Assessment(
                id=writer.new_id(Assessment),
                client_id=journey.client_id,
                journey_id=journey.pk,
                instrument=ladder,
                kind=AssessmentKind.INTAKE if intake else AssessmentKind.REVIEW,
                state=AssessmentState.RECORDED,
                assessed_on=day,
                assessed_by_id=author_id,
                recorded_at=min(builder.at(day, 16), recorded_at),
                created_at=builder.at(day, 16),
                updated_at=builder.at(day, 16),
            )
            for q in questions:
                score = round(scores[q.pathway])
                own = None
                if rng.random() < 0.7:
                    own = max(1, min(10, score + rng.choice((-1, 0, 0, 1, 1, 2))))
                status = _status(score, rng, intake=intake)
                answers.append(
                    _AnswerRow(
                        assessment.id,
                        q.pk,
                        status,
                        score,
                        own,
                        _evidence(q.pathway, score, rng),
                        assessment.created_at,
                    )
                )
            pending.append(assessment)
        if len(pending) >= BATCH:
            flush()
    flush()
    writer.finish()
    _started_today(builder, ladder, me)
    builder.progress(f"assessments: {made}")


class _AnswerRow:
    """An answer's columns, without the cost of a model instance (there are millions at the
    largest scale): the generator's row writer reads the same attribute names."""

    __slots__ = (
        "assessment_id",
        "evidence",
        "option_id",
        "own_score",
        "question_id",
        "score",
        "status",
        "updated_at",
    )

    def __init__(
        self,
        assessment_id: int,
        question_id: int,
        status: str,
        score: int,
        own_score: int | None,
        evidence: str,
        updated_at: Any,
    ) -> None:
        self.assessment_id = assessment_id
        self.question_id = question_id
        self.status = status
        self.option_id = None
        self.score = score
        self.own_score = own_score
        self.evidence = evidence
        self.updated_at = updated_at


def _writer(builder: Any) -> Any:
    """The generator's own row writer, giving assessments their ids up front so that their
    answers can be written the same way."""
    row_writer: Any = type(builder.writer)

    class AssessmentWriter(row_writer):  # type: ignore[misc]
        ID_MODELS = (Assessment,)

    return AssessmentWriter()


def _started_today(builder: Any, ladder: Any, me: Any) -> None:
    """One review on `caseworker`'s caseload started today and not yet recorded."""
    journey = (
        Journey.objects.filter(client__caseworker=me)
        .exclude(stage=Stage.CLOSED)
        .filter(assessments__kind=AssessmentKind.INTAKE)
        .order_by("id")
        .first()
    )
    if journey is None:
        return
    Assessment.objects.create(
        client_id=journey.client_id,
        journey=journey,
        instrument=ladder,
        kind=AssessmentKind.REVIEW,
        state=AssessmentState.STARTED,
        assessed_on=builder.today,
        assessed_by=me,
        created_at=builder.at(builder.today, 9),
        updated_at=builder.at(builder.today, 9),
    )


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    total = sum(w for _v, w in weighted)
    point = rng.uniform(0, total)
    for value, weight in weighted:
        point -= weight
        if point <= 0:
            return value
    return weighted[-1][0]


def _start(pathway: str, rng: random.Random, reason: str) -> float:
    score = START[Pathway(pathway)] + rng.uniform(-1.5, 2.5)
    words = reason.lower()
    if pathway == Pathway.DRUGS_ALCOHOL and ("cocaine" in words or "drug" in words):
        score = rng.uniform(1.5, 2.5)
    if pathway in (Pathway.GANG_EXIT, Pathway.SAFETY) and "gang" in words:
        score = rng.uniform(1.5, 3)
    return _clip(score)


def _clip(score: float) -> float:
    return max(1.0, min(10.0, score))
