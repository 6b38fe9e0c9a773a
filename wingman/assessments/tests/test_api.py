import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from wingman.assessments.models import Assessment
from wingman.assessments.services import ensure_wingman_ladder
from wingman.assessments.tests.records import api_answers, give_assessment


def today():
    return timezone.localdate()


@pytest.fixture
def api(api_as, caseworker):
    return api_as(caseworker)


def body(kind="intake", **changes):
    ladder = ensure_wingman_ladder()
    return {
        "instrument_id": ladder.pk,
        "kind": kind,
        "assessed_on": today().isoformat(),
        "answers": api_answers(ladder, score=5),
    } | changes


def test_an_integration_records_an_intake_with_every_answer(api, own):
    response = api.post(f"/api/v1/clients/{own.pk}/assessments", body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == "recorded" and len(data["answers"]) == 11
    assert {a["score"] for a in data["answers"]} == {5}
    listed = api.get(f"/api/v1/clients/{own.pk}/assessments").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == data["id"]


def test_the_same_key_sent_twice_records_one_assessment(api, own):
    key = str(uuid.uuid4())
    first = api.post(
        f"/api/v1/clients/{own.pk}/assessments", body(), headers={"Idempotency-Key": key}
    )
    again = api.post(
        f"/api/v1/clients/{own.pk}/assessments", body(), headers={"Idempotency-Key": key}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert Assessment.objects.count() == 1


def test_a_score_outside_the_ladder_is_refused_in_the_services_words(api, own):
    answers = api_answers(ensure_wingman_ladder())
    answers[0]["score"] = 11
    response = api.post(f"/api/v1/clients/{own.pk}/assessments", body(answers=answers))
    assert response.status_code == 422
    assert "must be a whole number from 1 to 10" in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_answer_missing_is_refused_and_nothing_is_saved(api, own):
    response = api.post(
        f"/api/v1/clients/{own.pk}/assessments",
        body(answers=api_answers(ensure_wingman_ladder())[1:]),
    )
    assert response.status_code in (400, 422)
    assert "Answer every question: Accommodation has no answer" in response.json()["detail"]
    assert not Assessment.objects.exists()


def test_distance_travelled_gives_each_pathways_points_and_change(api, own, caseworker):
    give_assessment(own, caseworker, on=today() - timedelta(weeks=12), score=3)
    api.post(f"/api/v1/clients/{own.pk}/assessments", body(kind="review"))
    data = api.get(f"/api/v1/clients/{own.pk}/distance-travelled").json()
    assert len(data["dates"]) == 2 and len(data["pathways"]) == 11
    assert {p["change_since_intake"] for p in data["pathways"]} == {2}


def test_the_instruments_for_a_client_include_the_wingman_needs_ladder(api, own):
    data = api.get(f"/api/v1/clients/{own.pk}/instruments").json()
    assert [i["name"] for i in data] == ["Wingman needs ladder"]
    assert len(data[0]["questions"]) == 11 and data[0]["questions"][0]["scale"] == "ladder"
