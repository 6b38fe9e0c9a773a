import re
from datetime import timedelta

from django.utils import timezone

from testing.helpers import date_boxes
from wingman.assessments.choices import AssessmentState
from wingman.assessments.models import Answer, Assessment
from wingman.assessments.tests.records import form_answers, give_assessment
from wingman.audit.models import AccessEvent


def today():
    return timezone.localdate()


def token_of(page):
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def start_review(http, client):
    page = http.get(f"/clients/{client.pk}/assessments/new/").content.decode()
    ladder_pk = re.search(r'name="instrument" value="(\d+)"', page).group(1)
    assert 'type="hidden" name="instrument"' in page  # the only instrument: nothing to choose
    response = http.post(
        f"/clients/{client.pk}/assessments/new/",
        {
            "instrument": ladder_pk,
            "kind": "review",
            **date_boxes("assessed_on", today()),
            "form_token": token_of(page),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Assessment.objects.latest("id"), response


def test_a_caseworker_records_a_review_and_sees_the_change_since_intake(
    as_caseworker, caseworker, own
):
    give_assessment(own, caseworker, on=today() - timedelta(weeks=12), score=4)
    review, response = start_review(as_caseworker, own)
    assert response["Location"] == f"/assessments/{review.pk}/record/"
    form = as_caseworker.get(response["Location"]).content.decode()
    assert "What each step of the ladder means" in form and "4 – First steps" in form
    data = form_answers(review, score=4)
    questions = {q.pathway: q.pk for q in review.instrument.questions.all()}
    data[f"q{questions['accommodation']}_score"] = "7"
    data[f"q{questions['ete']}_score"] = "6"
    data[f"q{questions['drugs_alcohol']}_score"] = "2"
    saved = as_caseworker.post(
        f"/assessments/{review.pk}/record/",
        {**data, **date_boxes("assessed_on", today()), "version": review.version},
    )
    assert saved.status_code == 302 and saved["Location"] == f"/assessments/{review.pk}/"
    review.refresh_from_db()
    assert review.state == AssessmentState.RECORDED
    record = as_caseworker.get(f"/clients/{own.pk}/").content.decode()
    table = record.split('id="record-distance"', 1)[1].split("</table>", 1)[0]
    rows = {
        r.split("</th>", 1)[0].rsplit("</svg>", 1)[-1].strip(): r for r in table.split("<tr")[2:]
    }
    assert "<strong>+3</strong>" in rows["Accommodation"]
    assert "<strong>\u22122</strong>" in rows["Drugs and alcohol"]
    assert "<strong>No change</strong>" in rows["Safety and threats"]
    assert 'aria-describedby="record-distance"' in record
    page = as_caseworker.get(f"/clients/{own.pk}/assessments/").content.decode()
    assert "<svg" in page and "<figure" in page and 'aria-describedby="distance"' in page
    assert '<table class="govuk-table wm-table--cards" id="distance">' in page
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_a_score_left_out_is_shown_on_its_own_field_and_nothing_is_saved(
    as_caseworker, caseworker, own
):
    give_assessment(own, caseworker, on=today() - timedelta(weeks=12))
    review, _ = start_review(as_caseworker, own)
    data = form_answers(review)
    question = review.instrument.questions.get(pathway="identity")
    data[f"q{question.pk}_score"] = ""
    response = as_caseworker.post(
        f"/assessments/{review.pk}/record/",
        {**data, **date_boxes("assessed_on", today()), "version": review.version},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the score for Identity and self-esteem, or set its status to not started" in page
    assert f'href="#id_q{question.pk}_score"' in page
    assert not Answer.objects.filter(assessment=review).exists()


def test_saving_from_an_older_version_shows_the_conflict(as_caseworker, caseworker, own):
    intake = give_assessment(own, caseworker)
    data = {**form_answers(intake), **date_boxes("assessed_on", intake.assessed_on)}
    first = as_caseworker.post(
        f"/assessments/{intake.pk}/record/", {**data, "version": intake.version}
    )
    assert first.status_code == 302
    again = as_caseworker.post(
        f"/assessments/{intake.pk}/record/", {**data, "version": intake.version}
    )
    assert again.status_code == 409


def test_reading_an_assessment_is_in_the_access_record(as_caseworker, caseworker, own):
    intake = give_assessment(own, caseworker)
    page = as_caseworker.get(f"/assessments/{intake.pk}/").content.decode()
    assert "Seen at the last visit" in page and "In progress" in page
    assert AccessEvent.objects.filter(
        actor=caseworker,
        kind="view",
        object_type="assessments.assessment",
        object_id=str(intake.pk),
    ).exists()


def test_the_home_page_shows_reviews_due(as_caseworker, caseworker, own):
    give_assessment(own, caseworker, on=today() - timedelta(weeks=13))
    page = as_caseworker.get("/").content.decode()
    assert "Reviews due" in page and "Review due" in page
    assert f'href="/clients/{own.pk}/assessments/"' in page


def test_a_review_starts_from_the_last_assessments_statuses_and_scores(
    as_caseworker, caseworker, own
):
    intake = give_assessment(own, caseworker, on=today() - timedelta(weeks=12), score=4)
    _review, response = start_review(as_caseworker, own)
    page = as_caseworker.get(response["Location"]).content.decode()
    question = intake.instrument.questions.get(pathway="accommodation")
    score_select = page.split(f'name="q{question.pk}_score"', 1)[1].split("</select>", 1)[0]
    assert '<option value="4" selected>' in score_select
    assert "Record the review" in page


def test_someone_who_only_reads_sees_the_distance_but_no_way_to_change_it(
    sign_in, world, caseworker, own
):
    intake = give_assessment(own, caseworker)
    reader = sign_in(world["users"]["safeguarding_lead"])
    record = reader.get(f"/clients/{own.pk}/").content.decode()
    assert "Needs and distance travelled" in record and "Start an assessment" not in record
    detail = reader.get(f"/assessments/{intake.pk}/").content.decode()
    assert "Change this intake" not in detail
