"""The outcomes API: the same services and rules as the pages."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from testing.factories import FundingStreamFactory
from wingman.accounts.choices import Role
from wingman.api.services import api_token_issue
from wingman.api.tests.conftest import ApiClient
from wingman.outcomes.models import IndicatorAssignment, IndicatorDefinition, Outcome


@pytest.fixture
def api_as(db):
    def make(user):
        _token, key = api_token_issue(actor=None, user=user, name="Integration")
        return ApiClient(key)

    return make


def today():
    return timezone.localdate()


def body(kind, **changes):
    return {
        "outcome_type_id": kind.pk,
        "achieved_on": today().isoformat(),
        "evidence": "Tenancy agreement seen",
    } | changes


def test_an_outcome_sent_twice_with_one_key_is_recorded_once(api_as, caseworker, own, kinds):
    api = api_as(caseworker)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    url = f"/api/v1/clients/{own.pk}/outcomes"
    first = api.post(url, body(kinds["Accommodation secured"]), headers=key)
    again = api.post(url, body(kinds["Accommodation secured"]), headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and Outcome.objects.count() == 1
    assert first.json()["journey_id"] == own.journeys.get().pk
    other = api.post(url, body(kinds["ID obtained"]), headers=key)
    assert other.status_code == 422


def test_the_api_lists_the_organisations_active_types_and_refuses_a_retired_one(
    api_as, caseworker, own, kinds
):
    retired = kinds["Back in education"]
    retired.active = False
    retired.save()
    api = api_as(caseworker)
    listed = api.get(f"/api/v1/clients/{own.pk}/outcome-types").json()["items"]
    assert "Training started" in {t["name"] for t in listed}
    assert retired.pk not in {t["id"] for t in listed}
    refused = api.post(f"/api/v1/clients/{own.pk}/outcomes", body(retired))
    assert refused.status_code == 422
    assert refused.json()["field"] == "outcome_type_id"


def test_an_outcome_is_changed_then_withdrawn_and_a_stale_change_answers_409(
    api_as, caseworker, own, kinds
):
    api = api_as(caseworker)
    made = api.post(f"/api/v1/clients/{own.pk}/outcomes", body(kinds["ID obtained"])).json()
    url = f"/api/v1/outcomes/{made['id']}"
    changed = api.patch(url, {"version": 1, "evidence": "Passport and birth certificate"})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert api.patch(url, {"version": 1, "evidence": "Stale"}).status_code == 409
    withdrawn = api.post(url + "/withdraw", {"version": 2, "reason": "Recorded twice"})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert api.patch(url, {"version": 3, "evidence": "Again"}).status_code == 409
    assert api.get(f"/api/v1/clients/{own.pk}/outcomes").json()["count"] == 1


def test_a_manager_gets_the_streams_results_and_a_caseworker_is_refused(
    api_as, world, caseworker, own, kinds
):
    stream = FundingStreamFactory(borough=world["boroughs"][0])
    own.journeys.update(funding_stream=stream)
    indicator = IndicatorDefinition.objects.create(organisation=world["org"], name="Housed")
    indicator.outcome_types.add(kinds["Accommodation secured"])
    IndicatorAssignment.objects.create(
        indicator=indicator,
        funding_stream=stream,
        target=2,
        period_start=today() - timedelta(days=30),
        period_end=today() - timedelta(days=1),
    )
    api_as(caseworker).post(
        f"/api/v1/clients/{own.pk}/outcomes",
        body(kinds["Accommodation secured"], achieved_on=(today() - timedelta(days=3)).isoformat()),
    )
    url = f"/api/v1/funding-streams/{stream.pk}/indicators"
    answer = api_as(world["users"][Role.MANAGER]).get(url).json()
    (result,) = answer["indicators"]
    assert (result["result"], result["target"], result["met"], result["in_progress"]) == (
        1,
        2,
        False,
        False,
    )
    assert api_as(caseworker).get(url).status_code == 403


@pytest.mark.parametrize(
    "sent",
    [
        {"version": 1, "outcome_type_id": 2**63 - 1},
        {"version": 1, "achieved_on": None},
        {"version": 1, "achieved_on": "2026-02-30"},
        {"version": 1, "evidence": "   "},
        {"version": 2**31 - 1, "evidence": "Newer than saved"},
        {"version": 1},
        {"evidence": "No version"},
    ],
)
def test_odd_changes_to_an_outcome_are_refused_in_words_never_a_server_error(
    api_as, caseworker, own, kinds, sent
):
    api = api_as(caseworker)
    made = api.post(f"/api/v1/clients/{own.pk}/outcomes", body(kinds["ID obtained"])).json()
    answer = api.patch(f"/api/v1/outcomes/{made['id']}", sent)
    assert answer.status_code in (400, 409, 422), answer.content
    assert answer.json()["detail"]
    assert Outcome.objects.get().version == 1


def test_withdrawing_without_a_reason_or_twice_is_refused(api_as, caseworker, own, kinds):
    api = api_as(caseworker)
    made = api.post(f"/api/v1/clients/{own.pk}/outcomes", body(kinds["ID obtained"])).json()
    url = f"/api/v1/outcomes/{made['id']}/withdraw"
    blank = api.post(url, {"version": 1, "reason": " "})
    assert blank.status_code == 422
    assert api.post(url, {"version": 1, "reason": "Recorded twice"}).status_code == 200
    assert api.post(url, {"version": 2, "reason": "Again"}).status_code == 409
