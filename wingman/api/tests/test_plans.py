"""The support plan through the API: the same services and rules as the pages."""

import uuid
from datetime import date, timedelta

import pytest

from testing.factories import give_casework
from wingman.accounts.choices import Role
from wingman.plans.models import Action, SupportPlan

NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()


@pytest.fixture
def own(world):
    return world["clients"]["own"]


@pytest.fixture
def caseworker(world, api_as):
    return api_as(world["users"][Role.CASEWORKER])


def start(api, client):
    response = api.post(
        f"/api/v1/clients/{client.pk}/plans", {"agreed_on": date.today().isoformat()}
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_a_plan_is_written_goal_by_goal_and_read_back_whole(own, caseworker):
    plan = start(caseworker, own)
    goal = caseworker.post(
        f"/api/v1/plans/{plan['id']}/goals",
        {"pathway": "drugs_alcohol", "in_their_words": "Stay off the coke"},
    ).json()
    action = caseworker.post(
        f"/api/v1/goals/{goal['id']}/actions",
        {
            "what": "First session",
            "owner": "partner",
            "partner_name": "Brief Intervention Service",
            "due_on": NEXT_WEEK,
        },
    )
    assert action.status_code == 201 and action.json()["status"] == "to_do"
    whole = caseworker.get(f"/api/v1/plans/{plan['id']}").json()
    assert whole["goals"][0]["in_their_words"] == "Stay off the coke"
    assert whole["goals"][0]["actions"][0]["partner_name"] == "Brief Intervention Service"
    listed = caseworker.get(f"/api/v1/clients/{own.pk}/plans").json()
    assert [p["id"] for p in listed["items"]] == [plan["id"]]


def test_an_action_for_a_partner_without_a_name_is_refused_as_on_the_page(own, caseworker):
    plan = start(caseworker, own)
    goal = caseworker.post(
        f"/api/v1/plans/{plan['id']}/goals", {"pathway": "ete", "in_their_words": "A job"}
    ).json()
    response = caseworker.post(
        f"/api/v1/goals/{goal['id']}/actions",
        {"what": "Interview", "owner": "partner", "due_on": NEXT_WEEK},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "partner_name"


def test_an_action_moves_along_its_map_and_a_jump_back_answers_409(own, caseworker):
    plan = start(caseworker, own)
    goal = caseworker.post(
        f"/api/v1/plans/{plan['id']}/goals", {"pathway": "ete", "in_their_words": "A job"}
    ).json()
    action = caseworker.post(
        f"/api/v1/goals/{goal['id']}/actions",
        {"what": "CV", "owner": "client", "due_on": NEXT_WEEK},
    ).json()
    moved = caseworker.post(f"/api/v1/actions/{action['id']}/moves", {"to": "done"})
    assert moved.status_code == 200 and moved.json()["done_on"] == date.today().isoformat()
    back = caseworker.post(f"/api/v1/actions/{action['id']}/moves", {"to": "to_do"})
    assert back.status_code == 409
    assert Action.objects.get().status == "done"


def test_an_action_is_linked_only_to_its_own_clients_work(world, own, caseworker):
    author = world["users"][Role.CASEWORKER]
    other = world["clients"]["same_team"]
    give_casework(own, author)
    give_casework(other, author)
    plan = start(caseworker, own)
    goal = caseworker.post(
        f"/api/v1/plans/{plan['id']}/goals", {"pathway": "ete", "in_their_words": "A job"}
    ).json()
    action = caseworker.post(
        f"/api/v1/goals/{goal['id']}/actions",
        {"what": "CV", "owner": "client", "due_on": NEXT_WEEK},
    ).json()
    url = f"/api/v1/actions/{action['id']}/links"
    wrong = caseworker.call(
        "put", url, {"contact_ids": [other.contact.pk], "partner_referral_ids": []}
    )
    assert wrong.status_code == 422
    right = caseworker.call(
        "put",
        url,
        {"contact_ids": [own.contact.pk], "partner_referral_ids": [own.partner_referral.pk]},
    )
    assert right.json()["contact_ids"] == [own.contact.pk]


def test_a_plan_started_twice_with_one_key_is_started_once(own, caseworker):
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"agreed_on": date.today().isoformat()}
    first = caseworker.post(f"/api/v1/clients/{own.pk}/plans", body, headers=key)
    again = caseworker.post(f"/api/v1/clients/{own.pk}/plans", body, headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert SupportPlan.objects.count() == 1


def test_a_review_from_an_old_version_gets_409(own, caseworker):
    plan = start(caseworker, own)
    url = f"/api/v1/plans/{plan['id']}"
    today = date.today().isoformat()
    assert caseworker.patch(url, {"version": 1, "reviewed_on": today}).status_code == 200
    stale = caseworker.patch(url, {"version": 1, "agreed_on": today})
    assert stale.status_code == 409 and stale.json()["current"]["reviewed_on"] == today


def test_a_partner_referral_start_date_adds_a_task_and_a_jump_answers_409(own, caseworker):
    starts = (date.today() + timedelta(days=4)).isoformat()
    made = caseworker.post(
        f"/api/v1/clients/{own.pk}/partner-referrals",
        {"partner_type": "training", "partner_name": "CSCS course", "starts_on": starts},
    ).json()
    assert made["starts_on"] == starts and made["appointment_task_id"]
    assert made["next_statuses"] == ["accepted", "declined"]
    task = caseworker.get(f"/api/v1/tasks/{made['appointment_task_id']}").json()
    assert task["due_on"] == starts and task["kind"] == "appointment"
    jump = caseworker.patch(
        f"/api/v1/partner-referrals/{made['id']}", {"version": 1, "status": "completed"}
    )
    assert jump.status_code == 409 and jump.json()["field"] == "status"


def test_my_plan_comes_as_a_pdf_through_the_api_too(own, caseworker, tmp_path):
    import subprocess

    plan = start(caseworker, own)
    caseworker.post(
        f"/api/v1/plans/{plan['id']}/goals", {"pathway": "ete", "in_their_words": "A job I like"}
    )
    response = caseworker.get(f"/api/v1/plans/{plan['id']}/my-plan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "A job I like" in " ".join(text.split())
