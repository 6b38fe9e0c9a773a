from datetime import timedelta

import pytest
from django.utils import timezone

from testing.factories import OrganisationFactory
from wingman.accounts.choices import Role
from wingman.assessments import services
from wingman.assessments.choices import AssessmentKind, AssessmentState, NeedStatus
from wingman.assessments.models import Answer, Assessment, Instrument, Question, ReviewSettings
from wingman.assessments.tests.records import give_assessment
from wingman.audit.models import AuditEvent
from wingman.core.errors import EditConflict, NotAllowed, ServiceError


def today():
    return timezone.localdate()


@pytest.fixture
def ladder(db):
    return services.ensure_wingman_ladder()


def answers_for(instrument, score=5, status=NeedStatus.IN_PROGRESS, **overrides):
    answers = {
        q.pk: {"status": status, "score": score, "own_score": None, "evidence": ""}
        for q in instrument.questions.all()
    }
    for pathway, changes in overrides.items():
        question = instrument.questions.get(pathway=pathway)
        answers[question.pk] |= changes
    return answers


def start(caseworker, client, ladder, kind=AssessmentKind.INTAKE, on=None):
    assessment, _ = services.assessment_start(
        actor=caseworker, client=client, instrument=ladder, kind=kind, assessed_on=on or today()
    )
    return assessment


def test_the_wingman_needs_ladder_has_one_ladder_question_per_pathway(ladder):
    pathways = list(ladder.questions.values_list("pathway", flat=True))
    assert len(pathways) == 11 and len(set(pathways)) == 11
    assert ladder.organisation_id is None and ladder.active
    assert set(ladder.questions.values_list("scale", flat=True)) == {"ladder"}


def test_starting_an_intake_links_the_open_journey_and_is_audited(caseworker, own, ladder):
    assessment = start(caseworker, own, ladder)
    assert assessment.state == AssessmentState.STARTED
    assert assessment.journey == own.journeys.get()
    assert AuditEvent.objects.filter(
        object_type="assessments.assessment", object_id=str(assessment.pk), action="create"
    ).exists()


def test_a_review_is_refused_until_an_intake_is_recorded(caseworker, own, ladder):
    with pytest.raises(ServiceError) as refused:
        start(caseworker, own, ladder, kind=AssessmentKind.REVIEW)
    assert refused.value.field == "kind"
    give_assessment(own, caseworker)
    assert start(caseworker, own, ladder, kind=AssessmentKind.REVIEW).kind == "review"


def test_an_assessment_dated_in_the_future_is_refused(caseworker, own, ladder):
    with pytest.raises(ServiceError) as refused:
        start(caseworker, own, ladder, on=today() + timedelta(days=1))
    assert refused.value.field == "assessed_on"
    assert "today or in the past" in refused.value.message


def test_a_role_that_does_not_record_casework_cannot_start_one(world, own, ladder):
    with pytest.raises(NotAllowed):
        start(world["users"][Role.SAFEGUARDING_LEAD], own, ladder)


def test_another_organisations_instrument_is_refused(caseworker, own):
    theirs = Instrument.objects.create(
        organisation=OrganisationFactory(name="Another Trust"), name="Theirs"
    )
    with pytest.raises(ServiceError) as refused:
        start(caseworker, own, theirs)
    assert refused.value.field == "instrument_id"


def test_a_form_sent_twice_starts_one_assessment(caseworker, own, ladder):
    token = "0b6b3a4e-8c1f-4a55-9e55-2f8f7c3a1d11"
    for _ in range(2):
        services.assessment_start(
            actor=caseworker,
            client=own,
            instrument=ladder,
            kind="intake",
            assessed_on=today(),
            token=token,
        )
    assert Assessment.objects.count() == 1


def test_recording_moves_it_to_recorded_and_audits_every_answer(caseworker, own, ladder):
    assessment = start(caseworker, own, ladder)
    recorded = services.assessment_record(
        actor=caseworker,
        assessment=assessment,
        answers=answers_for(ladder, score=3),
        assessed_on=today(),
        note="Agreed to start with housing",
        expected_version=assessment.version,
    )
    assert recorded.state == AssessmentState.RECORDED and recorded.recorded_at is not None
    assert Answer.objects.filter(assessment=recorded, score=3).count() == 11
    answers_row = AuditEvent.objects.get(summary="Assessment answers recorded")
    question = ladder.questions.get(pathway="accommodation")
    assert answers_row.changes[f"q{question.pk}_score"] == [None, 3]
    assert AuditEvent.objects.filter(summary="Assessment recorded").exists()


def test_a_correction_from_an_older_version_is_refused_as_a_conflict(caseworker, own, ladder):
    assessment = start(caseworker, own, ladder)
    opened_on = assessment.version
    services.assessment_record(
        actor=caseworker,
        assessment=assessment,
        answers=answers_for(ladder),
        assessed_on=today(),
        expected_version=opened_on,
    )
    with pytest.raises(EditConflict):
        services.assessment_record(
            actor=caseworker,
            assessment=assessment,
            answers=answers_for(ladder, score=9),
            assessed_on=today(),
            expected_version=opened_on,
        )
    assert not Answer.objects.filter(score=9).exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"score": None}, "score", "Choose the score for Accommodation, or set its status"),
        ({"score": 11}, "score", "The score for Accommodation must be a whole number from 1 to 10"),
        ({"own_score": 0}, "own_score", "own score for Accommodation must be a whole number"),
        ({"status": ""}, "status", "Choose the status of Accommodation"),
        ({"evidence": "x" * 1001}, "evidence", "Evidence for Accommodation must be 1,000"),
    ],
)
def test_an_answer_that_breaks_a_rule_is_refused_on_its_own_field(
    caseworker, own, ladder, changes, field, words
):
    assessment = start(caseworker, own, ladder)
    question = ladder.questions.get(pathway="accommodation")
    with pytest.raises(ServiceError) as refused:
        services.assessment_record(
            actor=caseworker,
            assessment=assessment,
            answers=answers_for(ladder, accommodation=changes),
            assessed_on=today(),
            expected_version=assessment.version,
        )
    assert refused.value.field == f"q{question.pk}_{field}"
    assert words in refused.value.message
    assert not Answer.objects.exists()


def test_a_pathway_not_started_needs_no_score(caseworker, own, ladder):
    assessment = start(caseworker, own, ladder)
    answers = answers_for(ladder, abuse={"status": NeedStatus.NOT_STARTED, "score": None})
    services.assessment_record(
        actor=caseworker,
        assessment=assessment,
        answers=answers,
        assessed_on=today(),
        expected_version=assessment.version,
    )
    assert Answer.objects.get(question__pathway="abuse").score is None


def test_an_options_question_scores_the_option_chosen(caseworker, own, world):
    instrument = Instrument.objects.create(organisation=world["org"], name="Check-in")
    question = Question.objects.create(instrument=instrument, text="Sleep", scale="options")
    well = question.options.create(label="Most nights", score=3, position=1)
    question.options.create(label="Hardly ever", score=0, position=2)
    assessment, _ = services.assessment_make(
        actor=caseworker,
        client=own,
        instrument=instrument,
        kind="intake",
        assessed_on=today(),
        answers={question.pk: {"option": well.pk, "evidence": "Says he sleeps"}},
    )
    answer = Answer.objects.get(assessment=assessment)
    assert answer.option == well and answer.score == 3


def test_an_answered_instrument_cannot_change_but_a_new_version_can(world, caseworker, own):
    admin = world["users"][Role.ADMINISTRATOR]
    instrument = services.instrument_save(
        actor=admin, instrument=Instrument(organisation=world["org"], name="Under-18s")
    )
    question = services.question_save(
        actor=admin, question=Question(instrument=instrument, text="School", pathway="ete")
    )
    services.assessment_make(
        actor=caseworker,
        client=own,
        instrument=instrument,
        kind="intake",
        assessed_on=today(),
        answers={question.pk: {"status": "in_progress", "score": 4}},
    )
    question.text = "School or college"
    with pytest.raises(ServiceError, match="make a new version"):
        services.question_save(actor=admin, question=question)
    newer = services.instrument_new_version(actor=admin, instrument=instrument)
    assert newer.version == 2 and newer.active
    assert list(newer.questions.values_list("text", flat=True)) == ["School"]
    instrument.refresh_from_db()
    assert not instrument.active
    copied = newer.questions.get()
    copied.text = "School or college"
    services.question_save(actor=admin, question=copied)
    assert Question.objects.get(pk=question.pk).text == "School"


def test_wingman_own_instrument_is_copied_into_the_organisation_never_changed(world, ladder):
    admin = world["users"][Role.ADMINISTRATOR]
    ladder.name = "Renamed"
    with pytest.raises(ServiceError, match="cannot be changed"):
        services.instrument_save(actor=admin, instrument=ladder)
    copy = services.instrument_new_version(
        actor=admin, instrument=Instrument.objects.get(pk=ladder.pk)
    )
    assert copy.organisation == world["org"] and copy.questions.count() == 11
    assert Instrument.objects.get(pk=ladder.pk).active


def test_only_an_administrator_changes_instruments(world, caseworker):
    with pytest.raises(NotAllowed):
        services.instrument_save(
            actor=caseworker, instrument=Instrument(organisation=world["org"], name="Mine")
        )


@pytest.mark.parametrize("weeks", [0, 53])
def test_a_review_interval_outside_1_to_52_weeks_is_refused(world, weeks):
    admin = world["users"][Role.ADMINISTRATOR]
    with pytest.raises(ServiceError, match="from 1 to 52"):
        services.review_settings_save(
            actor=admin, settings=ReviewSettings(organisation=world["org"], review_weeks=weeks)
        )
