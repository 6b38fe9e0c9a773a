from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.assessments.models import Instrument, Question
from wingman.assessments.services import ensure_wingman_ladder
from wingman.assessments.tests.records import give_assessment
from wingman.audit.models import AuditEvent

INLINE = "questions"


def management(total=0, initial=0):
    return {
        f"{INLINE}-TOTAL_FORMS": str(total),
        f"{INLINE}-INITIAL_FORMS": str(initial),
        f"{INLINE}-MIN_NUM_FORMS": "0",
        f"{INLINE}-MAX_NUM_FORMS": "1000",
    }


def test_an_administrator_adds_an_instrument_and_its_questions_audited(world, client):
    sign_in(client, world["users"][Role.ADMINISTRATOR])
    response = client.post(
        "/back-office/assessments/instrument/add/",
        {
            "organisation": world["org"].pk,
            "name": "Under-18s check-in",
            "version": "1",
            "active": "on",
            "description": "",
            "min_age": "10",
            "max_age": "17",
            **management(total=1),
            f"{INLINE}-0-position": "1",
            f"{INLINE}-0-text": "School",
            f"{INLINE}-0-help_text": "",
            f"{INLINE}-0-pathway": "ete",
            f"{INLINE}-0-scale": "ladder",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    instrument = Instrument.objects.get(name="Under-18s check-in")
    assert list(instrument.questions.values_list("text", flat=True)) == ["School"]
    audited = set(AuditEvent.objects.filter(action="create").values_list("object_type", flat=True))
    assert {"assessments.instrument", "assessments.question"} <= audited


def test_a_question_of_an_answered_instrument_is_not_changed_in_the_back_office(world, client):
    ladder = ensure_wingman_ladder()
    give_assessment(world["clients"]["own"], world["users"][Role.CASEWORKER])
    question = ladder.questions.get(pathway="accommodation")
    sign_in(client, world["users"][Role.ADMINISTRATOR])
    response = client.post(
        f"/back-office/assessments/question/{question.pk}/change/",
        {
            "instrument": ladder.pk,
            "position": "1",
            "text": "Housing",
            "help_text": "",
            "pathway": "accommodation",
            "scale": "ladder",
            "options-TOTAL_FORMS": "0",
            "options-INITIAL_FORMS": "0",
            "options-MIN_NUM_FORMS": "0",
            "options-MAX_NUM_FORMS": "1000",
        },
        follow=True,
    )
    assert "Nothing was saved" in response.content.decode()
    assert Question.objects.get(pk=question.pk).text == "Accommodation"
