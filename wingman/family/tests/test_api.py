"""The API for the people around a client answers as the pages do."""

import uuid
from typing import Any

from wingman.accounts.choices import Role
from wingman.api.services import api_token_issue
from wingman.api.tests.conftest import ApiClient
from wingman.family.models import Person, Relationship

V1 = "/api/v1"


def api_for(user: Any) -> ApiClient:
    _token, key = api_token_issue(actor=None, user=user, name="Test")
    return ApiClient(key)


def test_someone_new_and_then_linking_them_to_a_second_client_of_the_team(world):
    api = api_for(world["users"][Role.SENIOR_CASEWORKER])
    own, same_team = world["clients"]["own"], world["clients"]["same_team"]
    made = api.call(
        "post",
        f"{V1}/clients/{own.pk}/relationships",
        {"person": {"given_name": "Denise", "family_name": "Okafor"}, "kind": "parent"},
    )
    assert made.status_code == 201, made.content
    person_id = made.json()["person"]["id"]
    linked = api.call(
        "post",
        f"{V1}/clients/{same_team.pk}/relationships",
        {"person_id": person_id, "kind": "parent", "described_as": "mum"},
    )
    assert linked.status_code == 201, linked.content
    answer = api.call("get", f"{V1}/people/{person_id}").json()
    assert {link["client_id"] for link in answer["links"]} == {own.pk, same_team.pk}


def test_a_relationship_names_either_someone_new_or_someone_known_not_both(world):
    api = api_for(world["users"][Role.CASEWORKER])
    own = world["clients"]["own"]
    answer = api.call(
        "post",
        f"{V1}/clients/{own.pk}/relationships",
        {"person": {"given_name": "Denise"}, "person_id": 1, "kind": "parent"},
    )
    assert answer.status_code == 422
    assert not Person.objects.exists()


def test_the_same_idempotency_key_adds_someone_once(world):
    api = api_for(world["users"][Role.CASEWORKER])
    own = world["clients"]["own"]
    key = str(uuid.uuid4())
    body = {"person": {"given_name": "Jayden"}, "kind": "sibling"}
    first = api.call(
        "post", f"{V1}/clients/{own.pk}/relationships", body, headers={"Idempotency-Key": key}
    )
    again = api.call(
        "post", f"{V1}/clients/{own.pk}/relationships", body, headers={"Idempotency-Key": key}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert Relationship.objects.count() == 1


def test_signposting_through_the_api_is_not_among_the_clients_partner_referrals(world):
    api = api_for(world["users"][Role.CASEWORKER])
    own = world["clients"]["own"]
    made = api.call(
        "post",
        f"{V1}/clients/{own.pk}/signposting",
        {
            "name": "Chantelle",
            "relation": "girlfriend",
            "organisation": "National Domestic Abuse Helpline",
            "pathway": "abuse",
        },
    )
    assert made.status_code == 201, made.content
    partners = api.call("get", f"{V1}/clients/{own.pk}/partner-referrals").json()
    assert partners["count"] == 0
    listed = api.call("get", f"{V1}/clients/{own.pk}/signposting").json()
    assert [s["name"] for s in listed["items"]] == ["Chantelle"]
