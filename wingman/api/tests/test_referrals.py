"""Referrals through the API: intake, and each move of the decision through its service."""

import uuid

import pytest

from testing.factories import ClientFactory, FundingStreamFactory, ReferralFactory
from wingman.accounts.choices import Role
from wingman.accounts.models import Borough, Organisation
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.casework.models import Journey
from wingman.people.models import Client
from wingman.referrals.choices import ReferralState
from wingman.referrals.models import Referral

REFERRALS = "/api/v1/referrals"
NEW_CLIENT = {"given_name": "Dee", "family_name": "Newcome", "date_of_birth": "2006-04-01"}


def new_referral(world, relation="own", **fields):
    """An open referral of a client with no journey yet, so it can be accepted."""
    me = world["users"][Role.CASEWORKER]
    team = world["clients"][relation].team
    caseworker = world["clients"][relation].caseworker
    client = ClientFactory(team=team, caseworker=caseworker, created_by=me)
    return ReferralFactory(client=client, created_by=me, **fields)


def test_the_list_shows_referrals_of_clients_in_scope_and_logs_them(world, api_as):
    user = world["users"][Role.SENIOR_CASEWORKER]
    response = api_as(user).get(REFERRALS)
    assert response.status_code == 200
    body = response.json()
    expected = {world["clients"]["own"].pk, world["clients"]["same_team"].pk}
    assert {r["client_id"] for r in body["items"]} == expected
    assert (
        set(
            AccessEvent.objects.filter(actor=user, kind=AccessEvent.Kind.LIST).values_list(
                "client_id", flat=True
            )
        )
        == expected
    )


def test_the_list_filters_by_state_and_client(world, api_as):
    waiting = new_referral(world)
    api = api_as(world["users"][Role.CASEWORKER])
    received = api.get(f"{REFERRALS}?state=received").json()["items"]
    assert [r["id"] for r in received] == [waiting.pk]
    by_client = api.get(f"{REFERRALS}?client_id={waiting.client_id}").json()["items"]
    assert [r["id"] for r in by_client] == [waiting.pk]


def test_a_referral_is_read_and_logged(world, api_as):
    user = world["users"][Role.CASEWORKER]
    referral = new_referral(world)
    body = api_as(user).get(f"{REFERRALS}/{referral.pk}").json()
    assert body["state"] == "received"
    assert body["client_id"] == referral.client_id
    assert AccessEvent.objects.filter(
        actor=user, kind=AccessEvent.Kind.VIEW, client_id=referral.client_id
    ).exists()


def test_returns_404_for_a_referral_in_another_team_the_same_as_for_a_missing_one(world, api_as):
    other = new_referral(world, "other_team")
    api = api_as(world["users"][Role.SENIOR_CASEWORKER])
    out_of_scope = api.get(f"{REFERRALS}/{other.pk}")
    missing = api.get(f"{REFERRALS}/987654")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.content == missing.content
    decline = api.post(f"{REFERRALS}/{other.pk}/decline", {"reason": "Not ours"})
    assert decline.status_code == 404
    assert decline.content == missing.content
    other.refresh_from_db()
    assert other.state == ReferralState.RECEIVED


def test_a_referral_of_someone_new_creates_the_client_in_the_users_team(world, api_as):
    user = world["users"][Role.CASEWORKER]
    response = api_as(user).post(
        REFERRALS,
        {
            "source": "probation",
            "reason": "Wants out",
            "referrer_name": "P. Officer",
            "client": NEW_CLIENT,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    referral = Referral.objects.get(pk=body["id"])
    assert referral.client.given_name == "Dee"
    assert referral.client.team == user.team
    assert referral.created_by == user
    created = set(
        AuditEvent.objects.filter(actor=user, action=AuditEvent.Action.CREATE).values_list(
            "object_type", flat=True
        )
    )
    assert created == {"people.client", "referrals.referral"}


def test_a_manager_may_choose_a_team_in_their_borough_and_no_other(world, api_as):
    api = api_as(world["users"][Role.MANAGER])
    a2, b1 = world["teams"][1], world["teams"][2]
    body = {"source": "police", "reason": "Exploited", "client": NEW_CLIENT}
    response = api.post(REFERRALS, body | {"team_id": a2.pk})
    assert response.status_code == 201
    assert Client.objects.get(pk=response.json()["client_id"]).team == a2
    refused = api.post(REFERRALS, body | {"team_id": b1.pk})
    assert refused.status_code == 422
    assert refused.json()["field"] == "team_id"


def test_a_referral_of_a_known_client_is_recorded(world, api_as):
    own = world["clients"]["own"]
    response = api_as(world["users"][Role.CASEWORKER]).post(
        REFERRALS, {"source": "school", "reason": "Again", "client_id": own.pk}
    )
    assert response.status_code == 201
    assert Referral.objects.filter(client=own, source="school").exists()


def test_a_referral_of_a_client_out_of_scope_gets_404_and_records_nothing(world, api_as):
    other = world["clients"]["other_team"]
    response = api_as(world["users"][Role.CASEWORKER]).post(
        REFERRALS, {"source": "school", "reason": "Again", "client_id": other.pk}
    )
    assert response.status_code == 404
    assert not Referral.objects.filter(client=other, source="school").exists()


@pytest.mark.parametrize(
    "body",
    [
        {"source": "police", "reason": "Both"},
        {"source": "police", "reason": "Both", "client_id": 1, "client": NEW_CLIENT},
    ],
)
def test_a_referral_names_exactly_one_client(world, api_as, body):
    response = api_as(world["users"][Role.CASEWORKER]).post(REFERRALS, body)
    assert response.status_code == 422
    assert "client_id" in response.json()["detail"]


def test_a_referral_sent_twice_with_one_idempotency_key_is_recorded_once(world, api_as):
    api = api_as(world["users"][Role.CASEWORKER])
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"source": "police", "reason": "Once", "client": NEW_CLIENT}
    first = api.post(REFERRALS, body, headers=key)
    again = api.post(REFERRALS, body, headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Referral.objects.filter(reason="Once").count() == 1
    assert Client.objects.filter(family_name="Newcome").count() == 1


def test_a_data_protection_officer_cannot_take_referrals(world, api_as):
    response = api_as(world["users"][Role.DATA_PROTECTION_OFFICER]).post(
        REFERRALS, {"source": "police", "reason": "No", "client": NEW_CLIENT}
    )
    assert response.status_code == 403
    assert not Client.objects.filter(family_name="Newcome").exists()
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED).exists()


def test_screening_starts_through_the_service_and_is_audited(world, api_as):
    referral = new_referral(world)
    user = world["users"][Role.CASEWORKER]
    response = api_as(user).post(f"{REFERRALS}/{referral.pk}/start-screening")
    assert response.status_code == 200
    assert response.json()["state"] == "screening"
    event = AuditEvent.objects.get(action=AuditEvent.Action.TRANSITION, object_id=str(referral.pk))
    assert event.changes["state"] == ["received", "screening"]
    assert event.actor == user


def test_accepting_into_a_funding_stream_opens_a_journey(world, api_as):
    referral = new_referral(world, state=ReferralState.SCREENING)
    stream = FundingStreamFactory(borough=world["boroughs"][0])
    response = api_as(world["users"][Role.SENIOR_CASEWORKER]).post(
        f"{REFERRALS}/{referral.pk}/accept",
        {"funding_stream_id": stream.pk, "stage": "in_custody"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "accepted"
    assert body["funding_stream_id"] == stream.pk
    journey = Journey.objects.get(pk=body["journey_id"])
    assert (journey.stage, journey.funding_stream) == ("in_custody", stream)


def test_a_funding_stream_of_another_organisation_is_refused(world, api_as):
    referral = new_referral(world)
    foreign = FundingStreamFactory(
        borough=Borough.objects.create(
            organisation=Organisation.objects.create(name="Another trust"), name="Far away"
        )
    )
    response = api_as(world["users"][Role.CASEWORKER]).post(
        f"{REFERRALS}/{referral.pk}/accept", {"funding_stream_id": foreign.pk, "stage": "community"}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "funding_stream_id"
    referral.refresh_from_db()
    assert referral.state == ReferralState.RECEIVED


def test_accepting_unfunded_records_why(world, api_as):
    referral = new_referral(world)
    response = api_as(world["users"][Role.CASEWORKER]).post(
        f"{REFERRALS}/{referral.pk}/accept-unfunded",
        {"reason": "Stream full; trustees agreed", "stage": "community"},
    )
    assert response.status_code == 200
    assert response.json()["state"] == "accepted_unfunded"
    assert Journey.objects.get(referral=referral).unfunded_reason == "Stream full; trustees agreed"


@pytest.mark.parametrize(("action", "state"), [("decline", "declined"), ("withdraw", "withdrawn")])
def test_declining_and_withdrawing_need_a_reason(world, api_as, action, state):
    referral = new_referral(world)
    api = api_as(world["users"][Role.CASEWORKER])
    refused = api.post(f"{REFERRALS}/{referral.pk}/{action}", {"reason": "   "})
    assert refused.status_code == 422
    assert refused.json()["field"] == "reason"
    response = api.post(f"{REFERRALS}/{referral.pk}/{action}", {"reason": "Moved away"})
    assert response.status_code == 200
    assert response.json()["state"] == state
    assert response.json()["decision_reason"] == "Moved away"


def test_a_move_the_workflow_does_not_allow_gets_409(world, api_as):
    referral = new_referral(world, state=ReferralState.DECLINED)
    response = api_as(world["users"][Role.CASEWORKER]).post(
        f"{REFERRALS}/{referral.pk}/start-screening"
    )
    assert response.status_code == 409
    assert "declined" in response.json()["detail"]


def test_accepting_a_client_who_already_has_an_open_journey_is_refused(world, api_as):
    referral = ReferralFactory(client=world["clients"]["own"])
    response = api_as(world["users"][Role.CASEWORKER]).post(
        f"{REFERRALS}/{referral.pk}/accept-unfunded", {"reason": "Again", "stage": "community"}
    )
    assert response.status_code == 422
    assert "open journey" in response.json()["detail"]
    referral.refresh_from_db()
    assert referral.state == ReferralState.RECEIVED
