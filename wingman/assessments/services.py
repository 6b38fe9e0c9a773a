"""Changing assessments: starting one (intake or review), recording its answers (the move from
started to recorded, and corrections after, with the version they were made from), and, in the
back office, instruments, their questions and answer options, and each organisation's review
interval. A version of an instrument that has been answered never changes: a change makes a new
version."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.accounts.scope import organisation_of
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_change, snapshot
from wingman.casework.services import open_journey_of
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.services import audited_create, versioned_update
from wingman.core.validation import check_lengths, limit_of, past_date, too_long
from wingman.people.models import Client

from .choices import (
    ASSESSMENT_TRANSITIONS,
    HIGHEST_SCORE,
    LOWEST_SCORE,
    AssessmentKind,
    AssessmentState,
    NeedStatus,
)
from .models import (
    Answer,
    AnswerOption,
    Assessment,
    Instrument,
    Question,
    ReviewSettings,
)
from .selectors import instruments_for

# The rules every channel keeps (the forms and the API's schemas use these too).
ASSESSED_ON = past_date("assessed_on", "Date of the assessment")
EVIDENCE_LIMIT = limit_of(Answer, "evidence")
NOTE_LIMIT = limit_of(Assessment, "note")
REVIEW_WEEKS_LOWEST = 1
REVIEW_WEEKS_HIGHEST = 52
REVIEW_NEEDS_INTAKE = "A review follows an intake: record the intake first"
KIND_MESSAGE = "Choose whether this is an intake or a review"
INSTRUMENT_MESSAGE = "Choose an instrument"
ANSWERED = (
    "{instrument} has been used in assessments, so its questions cannot change: make a new "
    "version and change that instead"
)
WINGMAN_OWN = "Wingman's own instrument cannot be changed: make a new version for your organisation"


def _require_casework(actor: User) -> None:
    if not permissions.records_casework(actor):
        raise NotAllowed("Your role cannot record assessments.")


def _require_back_office(actor: Any) -> None:
    if not permissions.runs_back_office(actor):
        raise NotAllowed("Only administrators change assessment instruments.")


def field_name(question_id: int, part: str) -> str:
    """The name one part of one answer goes by on the form and in errors: "q12_score"."""
    return f"q{question_id}_{part}"


# Starting an assessment -------------------------------------------------------------------


def _check_start(
    *, actor: User, client: Client, instrument: Instrument | None, kind: str, assessed_on: date
) -> None:
    if instrument is None or instrument.pk not in {i.pk for i in instruments_for(actor, client)}:
        raise ServiceError(INSTRUMENT_MESSAGE, field="instrument_id")
    if kind not in AssessmentKind.values:
        raise ServiceError(KIND_MESSAGE, field="kind")
    if assessed_on is None:
        raise ServiceError("Enter the date of the assessment", field="assessed_on")
    ASSESSED_ON.check(assessed_on)
    if kind == AssessmentKind.REVIEW and not (
        Assessment.objects.recorded()
        .filter(client=client, kind=AssessmentKind.INTAKE, assessed_on__lte=assessed_on)
        .exists()
    ):
        raise ServiceError(REVIEW_NEEDS_INTAKE, field="kind")


def _new_assessment(
    *, actor: User, client: Client, instrument: Instrument, kind: str, assessed_on: date
) -> Assessment:
    return audited_create(
        actor=actor,
        obj=Assessment(
            client=client,
            journey=open_journey_of(client),
            instrument=instrument,
            kind=kind,
            state=AssessmentState.STARTED,
            assessed_on=assessed_on,
            assessed_by=actor,
        ),
        summary=f"{AssessmentKind(kind).label} assessment started",
    )


def assessment_start(
    *,
    actor: User,
    client: Client,
    instrument: Instrument | None,
    kind: str,
    assessed_on: date,
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Assessment, bool]:
    """Start an intake or a review of `client` with one instrument version, dated today or
    earlier. A review needs a recorded intake on or before its date. A form sent twice starts
    one assessment."""
    _require_casework(actor)
    _check_start(
        actor=actor, client=client, instrument=instrument, kind=kind, assessed_on=assessed_on
    )
    assert instrument is not None

    def create() -> Assessment:
        return _new_assessment(
            actor=actor, client=client, instrument=instrument, kind=kind, assessed_on=assessed_on
        )

    return once(token=token, user=actor, model=Assessment, create=create, fingerprint=fingerprint)


# Recording the answers ----------------------------------------------------------------------


@dataclass(frozen=True)
class CleanAnswer:
    question: Question
    status: str
    option: AnswerOption | None
    score: int | None
    own_score: int | None
    evidence: str

    def values(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "option_id": self.option.pk if self.option else None,
            "score": self.score,
            "own_score": self.own_score,
            "evidence": self.evidence,
        }


def _score(value: Any, *, field: str, label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = None
    if score is None or not LOWEST_SCORE <= score <= HIGHEST_SCORE:
        raise ServiceError(score_message(label), field=field)
    return score


def score_message(label: str) -> str:
    return f"{label} must be a whole number from 1 to 10"


def clean_answers(
    questions: list[Question], answers: dict[int, dict[str, Any]]
) -> list[CleanAnswer]:
    """Check an answer to every question of the instrument: a ladder question has a status and,
    unless it is not started, the caseworker's score (1 to 10), and may have the young person's
    own score; an options question has one of its own options. Evidence is a short note."""
    unknown = set(answers) - {q.pk for q in questions}
    if unknown:
        raise ServiceError("An answer names a question this instrument does not have")
    cleaned = []
    for question in questions:
        given = answers.get(question.pk)
        topic = question.get_pathway_display() if question.pathway else question.text
        if given is None:
            raise ServiceError(f"Answer every question: {topic} has no answer")
        evidence = str(given.get("evidence") or "").strip()
        if len(evidence) > EVIDENCE_LIMIT:
            raise ServiceError(
                too_long(f"Evidence for {topic}", EVIDENCE_LIMIT),
                field=field_name(question.pk, "evidence"),
            )
        status = given.get("status") or ""
        if status and status not in NeedStatus.values:
            raise ServiceError(
                f"Choose the status of {topic}", field=field_name(question.pk, "status")
            )
        if question.on_ladder:
            if not status:
                raise ServiceError(
                    f"Choose the status of {topic}", field=field_name(question.pk, "status")
                )
            score = _score(
                given.get("score"),
                field=field_name(question.pk, "score"),
                label=f"The score for {topic}",
            )
            own = _score(
                given.get("own_score"),
                field=field_name(question.pk, "own_score"),
                label=f"The young person's own score for {topic}",
            )
            if score is None and status != NeedStatus.NOT_STARTED:
                raise ServiceError(
                    f"Choose the score for {topic}, or set its status to not started",
                    field=field_name(question.pk, "score"),
                )
            cleaned.append(CleanAnswer(question, status, None, score, own, evidence))
            continue
        options = {o.pk: o for o in question.options.all()}
        try:
            chosen = options.get(int(given.get("option") or 0))
        except (TypeError, ValueError):
            chosen = None
        if chosen is None:
            raise ServiceError(
                f"Choose an answer to {topic}", field=field_name(question.pk, "option")
            )
        cleaned.append(CleanAnswer(question, status, chosen, chosen.score, None, evidence))
    return cleaned


def questions_of(instrument: Instrument) -> list[Question]:
    return list(instrument.questions.prefetch_related("options").order_by("position", "id"))


def _check_note(note: str) -> str:
    note = (note or "").strip()
    check_lengths(Assessment, {"note": note})
    return note


def _save_answers(*, actor: User, assessment: Assessment, cleaned: list[CleanAnswer]) -> None:
    """Write every answer, and one audit row with what changed (old and new, per question)."""
    existing = {a.question_id: a for a in assessment.answers.all()}
    changes: dict[str, list[Any]] = {}
    now = timezone.now()
    new, changed = [], []
    for answer in cleaned:
        values = answer.values()
        current = existing.get(answer.question.pk)
        before = snapshot(current, values.keys()) if current else {}
        for name, value in values.items():
            if before.get(name) != value:
                changes[field_name(answer.question.pk, name.removesuffix("_id"))] = [
                    before.get(name),
                    value,
                ]
        if current is None:
            new.append(Answer(assessment=assessment, question=answer.question, **values))
        elif before != values:
            for name, value in values.items():
                setattr(current, name, value)
            current.updated_at = now
            changed.append(current)
    Answer.objects.bulk_create(new)
    if changed:
        Answer.objects.bulk_update(
            changed, ["status", "option", "score", "own_score", "evidence", "updated_at"]
        )
    if changes:
        record_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=assessment,
            client_id=assessment.client_id,
            changes=changes,
            summary="Assessment answers recorded",
        )


def assessment_record(
    *,
    actor: User,
    assessment: Assessment,
    answers: dict[int, dict[str, Any]],
    assessed_on: date,
    note: str = "",
    expected_version: int,
) -> Assessment:
    """Record the answers of a started assessment (it moves to recorded), or correct those of a
    recorded one. Saved only if nobody has saved it since `expected_version`."""
    _require_casework(actor)
    if assessed_on is None:
        raise ServiceError("Enter the date of the assessment", field="assessed_on")
    ASSESSED_ON.check(assessed_on)
    note = _check_note(note)
    cleaned = clean_answers(questions_of(assessment.instrument), answers)
    changes: dict[str, Any] = {"assessed_on": assessed_on, "note": note}
    if assessment.state != AssessmentState.RECORDED:
        if AssessmentState.RECORDED not in ASSESSMENT_TRANSITIONS[assessment.state]:
            raise InvalidTransition("This assessment cannot be recorded from where it stands")
        changes |= {"state": AssessmentState.RECORDED, "recorded_at": timezone.now()}
    if assessment.kind == AssessmentKind.REVIEW and (
        not Assessment.objects.recorded()
        .filter(
            client_id=assessment.client_id,
            kind=AssessmentKind.INTAKE,
            assessed_on__lte=assessed_on,
        )
        .exclude(pk=assessment.pk)
        .exists()
    ):
        raise ServiceError(
            "A review is dated on or after the intake it follows", field="assessed_on"
        )
    with transaction.atomic():
        was_recorded = assessment.is_recorded
        updated = versioned_update(
            actor=actor,
            obj=assessment,
            changes=changes,
            expected_version=expected_version,
            summary="Assessment corrected" if was_recorded else "Assessment recorded",
        )
        _save_answers(actor=actor, assessment=updated, cleaned=cleaned)
    return updated


def assessment_make(
    *,
    actor: User,
    client: Client,
    instrument: Instrument | None,
    kind: str,
    assessed_on: date,
    answers: dict[int, dict[str, Any]],
    note: str = "",
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Assessment, bool]:
    """Start and record an assessment at once (the API sends it whole). Sent twice with the
    same token, it makes one assessment."""
    _require_casework(actor)
    _check_start(
        actor=actor, client=client, instrument=instrument, kind=kind, assessed_on=assessed_on
    )
    assert instrument is not None
    note = _check_note(note)
    cleaned = clean_answers(questions_of(instrument), answers)

    def create() -> Assessment:
        assessment = _new_assessment(
            actor=actor, client=client, instrument=instrument, kind=kind, assessed_on=assessed_on
        )
        recorded = versioned_update(
            actor=actor,
            obj=assessment,
            changes={
                "state": AssessmentState.RECORDED,
                "recorded_at": timezone.now(),
                "note": note,
            },
            expected_version=assessment.version,
            summary="Assessment recorded",
        )
        _save_answers(actor=actor, assessment=recorded, cleaned=cleaned)
        return recorded

    return once(token=token, user=actor, model=Assessment, create=create, fingerprint=fingerprint)


# The back office --------------------------------------------------------------------------


def _check_changeable(instrument: Instrument | None) -> None:
    if instrument is None or instrument.pk is None:
        return
    stored = Instrument.objects.get(pk=instrument.pk)
    if stored.organisation_id is None:
        raise ServiceError(WINGMAN_OWN)
    if stored.assessments.exists():
        raise ServiceError(ANSWERED.format(instrument=stored))


def _reference_change(*, actor: Any, obj: Any, adding: bool, before: dict[str, Any]) -> None:
    after = snapshot(obj)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if adding or changes:
        record_change(
            actor=actor,
            action=AuditEvent.Action.CREATE if adding else AuditEvent.Action.UPDATE,
            obj=obj,
            client_id=None,
            changes=changes,
            summary=f"{'Added' if adding else 'Changed'} {obj._meta.verbose_name} {obj}"[:255],
        )


def instrument_save(*, actor: Any, instrument: Instrument) -> Instrument:
    """Add or change an instrument. Whether it is offered (`active`) may always change; its
    name, version and ages only while no assessment has used it."""
    _require_back_office(actor)
    check_lengths(Instrument, {"name": instrument.name, "description": instrument.description})
    if not instrument.name.strip():
        raise ServiceError("Enter the instrument's name", field="name")
    if (
        instrument.min_age is not None
        and instrument.max_age is not None
        and instrument.min_age > instrument.max_age
    ):
        raise ServiceError("The youngest age must not be more than the oldest", field="min_age")
    with transaction.atomic():
        adding = instrument._state.adding or instrument.pk is None
        before: dict[str, Any] = {}
        if not adding:
            stored = Instrument.objects.select_for_update().get(pk=instrument.pk)
            before = snapshot(stored)
            changed = {k for k, v in snapshot(instrument).items() if before.get(k) != v}
            if changed - {"active"}:
                _check_changeable(stored)
            elif stored.organisation_id is None and changed:
                raise ServiceError(WINGMAN_OWN)
        elif instrument.organisation_id is None:
            raise ServiceError(
                "Choose the organisation this instrument is for", field="organisation"
            )
        instrument.save()
        _reference_change(actor=actor, obj=instrument, adding=adding, before=before)
    return instrument


def question_save(*, actor: Any, question: Question) -> Question:
    """Add or change a question of an instrument version nobody has answered yet."""
    _require_back_office(actor)
    if not question.text.strip():
        raise ServiceError("Enter the question", field="text")
    check_lengths(Question, {"text": question.text, "help_text": question.help_text})
    with transaction.atomic():
        _check_changeable(question.instrument)
        adding = question._state.adding or question.pk is None
        before = {}
        if not adding:
            stored = Question.objects.select_related("instrument").get(pk=question.pk)
            _check_changeable(stored.instrument)
            before = snapshot(stored)
        question.save()
        _reference_change(actor=actor, obj=question, adding=adding, before=before)
    return question


def option_save(*, actor: Any, option: AnswerOption) -> AnswerOption:
    """Add or change an answer option of a question nobody has answered yet."""
    _require_back_office(actor)
    if not option.label.strip():
        raise ServiceError("Enter the answer", field="label")
    check_lengths(AnswerOption, {"label": option.label})
    with transaction.atomic():
        _check_changeable(option.question.instrument)
        adding = option._state.adding or option.pk is None
        before = {} if adding else snapshot(AnswerOption.objects.get(pk=option.pk))
        option.save()
        _reference_change(actor=actor, obj=option, adding=adding, before=before)
    return option


def instrument_part_remove(*, actor: Any, obj: Question | AnswerOption | Instrument) -> None:
    """Remove a question, an answer option, or a whole instrument nobody has answered yet."""
    _require_back_office(actor)
    if isinstance(obj, Instrument):
        instrument = obj
    elif isinstance(obj, Question):
        instrument = obj.instrument
    else:
        instrument = obj.question.instrument
    with transaction.atomic():
        _check_changeable(instrument)
        before = snapshot(obj)
        pk = obj.pk
        type(obj)._default_manager.filter(pk=pk).delete()
        obj.pk = pk
        record_change(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=obj,
            client_id=None,
            changes={k: [v, None] for k, v in before.items()},
            summary=f"Removed {obj._meta.verbose_name} {obj}"[:255],
        )


def instrument_new_version(*, actor: Any, instrument: Instrument) -> Instrument:
    """A copy of an instrument, numbered as its next version and offered instead of it, with the
    same questions and options, ready to be changed. Wingman's own instrument is copied into the
    administrator's organisation."""
    _require_back_office(actor)
    organisation_id = instrument.organisation_id or organisation_of(actor)
    if organisation_id is None:
        raise ServiceError("Your account belongs to no organisation")
    with transaction.atomic():
        highest = (
            Instrument.objects.filter(organisation_id=organisation_id, name=instrument.name)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        copy = Instrument(
            organisation_id=organisation_id,
            name=instrument.name,
            version=max(highest or 0, instrument.version) + 1,
            active=True,
            description=instrument.description,
            min_age=instrument.min_age,
            max_age=instrument.max_age,
        )
        copy.save()
        _reference_change(actor=actor, obj=copy, adding=True, before={})
        for question in questions_of(instrument):
            options = list(question.options.all())
            question.pk = None
            question._state.adding = True
            question.instrument = copy
            question.save()
            AnswerOption.objects.bulk_create(
                [
                    AnswerOption(
                        question=question, position=o.position, label=o.label, score=o.score
                    )
                    for o in options
                ]
            )
        if instrument.organisation_id == organisation_id and instrument.active:
            Instrument.objects.filter(pk=instrument.pk).update(active=False)
            record_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=instrument,
                client_id=None,
                changes={"active": [True, False]},
                summary=f"{instrument} replaced by version {copy.version}",
            )
    return copy


def review_settings_save(*, actor: Any, settings: ReviewSettings) -> ReviewSettings:
    """Set how many weeks after the last assessment a review falls due (1 to 52)."""
    _require_back_office(actor)
    weeks = settings.review_weeks
    if weeks is None or not REVIEW_WEEKS_LOWEST <= int(weeks) <= REVIEW_WEEKS_HIGHEST:
        raise ServiceError(
            "Weeks between reviews must be a whole number from 1 to 52", field="review_weeks"
        )
    with transaction.atomic():
        adding = settings._state.adding or settings.pk is None
        before = {} if adding else snapshot(ReviewSettings.objects.get(pk=settings.pk))
        settings.save()
        _reference_change(actor=actor, obj=settings, adding=adding, before=before)
    return settings


def ensure_wingman_ladder() -> Instrument:
    """Wingman's own instrument, as its migration made it (made again if a test database was
    emptied after migrating)."""
    from .choices import LADDER_DESCRIPTION, LADDER_NAME, LADDER_QUESTIONS, ScaleKind

    found = (
        Instrument.objects.filter(organisation__isnull=True, name=LADDER_NAME)
        .order_by("version")
        .first()
    )
    if found is not None:
        return found
    with transaction.atomic():
        instrument = Instrument.objects.create(
            organisation=None, name=LADDER_NAME, version=1, description=LADDER_DESCRIPTION
        )
        Question.objects.bulk_create(
            Question(
                instrument=instrument,
                position=n,
                text=text,
                help_text=hint,
                pathway=pathway,
                scale=ScaleKind.LADDER,
            )
            for n, (pathway, text, hint) in enumerate(LADDER_QUESTIONS, start=1)
        )
    return instrument
