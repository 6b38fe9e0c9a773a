"""Tokens: who may use the API at all, and what a refusal looks like."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.accounts.models import AccessWindow, ApiToken, hash_token
from wingman.api.tests.conftest import ApiClient
from wingman.audit.models import AccessEvent

CLIENTS = "/api/v1/clients"


def token_for(user, **fields):
    """A token stored as the service stores one, for accounts the service would now refuse."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name="Old token", key_hash=hash_token(key), **fields)
    return token, key


def test_a_request_without_a_token_gets_401_with_a_json_message(world):
    response = ApiClient(None).get(CLIENTS)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer wm_",
        "Bearer wm_" + "x" * 43,
        "Basic d2luZ21hbjpwYXNzd29yZA==",
        "Token wm_abcdefghijklmnopqrstuvwxyz",
        "Bearer wm_" + "\u00e9" * 20,
        "Bearer " + "wm_" + "a" * 5000,
    ],
)
def test_a_malformed_or_unknown_token_gets_401(world, header):
    response = ApiClient(None).get(CLIENTS, headers={"Authorization": header})
    assert response.status_code == 401


def test_a_revoked_token_gets_401_and_the_refusal_is_logged(world):
    user = world["users"][Role.SENIOR_CASEWORKER]
    _token, key = token_for(user, revoked_at=timezone.now() - timedelta(minutes=1))
    assert ApiClient(key).get(CLIENTS).status_code == 401
    assert AccessEvent.objects.filter(
        actor=user, kind=AccessEvent.Kind.DENIED, object_type="accounts.apitoken"
    ).exists()


def test_an_expired_token_gets_401(world):
    user = world["users"][Role.SENIOR_CASEWORKER]
    _token, key = token_for(user, expires_at=timezone.now() - timedelta(seconds=1))
    assert ApiClient(key).get(CLIENTS).status_code == 401


def test_a_token_of_a_disabled_account_gets_401(world):
    user = world["users"][Role.SENIOR_CASEWORKER]
    _token, key = token_for(user)
    user.is_active = False
    user.save()
    assert ApiClient(key).get(CLIENTS).status_code == 401


def test_a_token_that_has_not_expired_yet_works_and_records_when_it_was_used(world):
    user = world["users"][Role.SENIOR_CASEWORKER]
    token, key = token_for(user, expires_at=timezone.now() + timedelta(days=1))
    assert token.last_used_at is None
    assert ApiClient(key).get(CLIENTS).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_staff_on_temporary_licence_get_403_even_within_their_hours(world):
    user = world["users"][Role.CASEWORKER]
    user.on_temporary_licence = True
    user.save()
    AccessWindow.objects.create(
        user=user, weekdays=list(range(7)), starts_at=time(0, 0), ends_at=time(23, 59, 59)
    )
    _token, key = token_for(user)
    response = ApiClient(key).get(CLIENTS)
    assert response.status_code == 403
    assert "temporary licence" in response.json()["detail"]
    assert AccessEvent.objects.filter(actor=user, kind=AccessEvent.Kind.DENIED).exists()


def test_staff_outside_their_access_windows_get_403(world):
    user = world["users"][Role.CASEWORKER]
    yesterday = (timezone.localdate() - timedelta(days=1)).weekday()
    AccessWindow.objects.create(
        user=user, weekdays=[yesterday], starts_at=time(9, 0), ends_at=time(17, 0)
    )
    _token, key = token_for(user)
    assert ApiClient(key).get(CLIENTS).status_code == 403


@pytest.mark.parametrize(
    "role", [Role.FUNDER, Role.ADMINISTRATOR, Role.VOLUNTEER, Role.SAFEGUARDING_LEAD]
)
def test_roles_that_may_not_take_data_out_get_403_and_no_client_data(world, role):
    user = world["users"][role]
    _token, key = token_for(user)
    own = world["clients"]["own"]
    for path in (CLIENTS, f"{CLIENTS}/{own.pk}", "/api/v1/referrals"):
        response = ApiClient(key).get(path)
        assert response.status_code == 403
        assert set(response.json()) == {"detail", "field"}
    assert not AccessEvent.objects.filter(actor=user, kind=AccessEvent.Kind.LIST).exists()


@pytest.mark.parametrize(
    "role",
    [Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.MANAGER, Role.DATA_PROTECTION_OFFICER],
)
def test_roles_that_may_take_data_out_are_let_in(world, api_as, role):
    assert api_as(world["users"][role]).get(CLIENTS).status_code == 200


def test_a_signed_in_browser_session_is_not_enough(world, client):
    sign_in(client, world["users"][Role.SENIOR_CASEWORKER])
    assert client.get(CLIENTS).status_code == 401


def test_the_token_acts_as_its_user_not_as_a_signed_in_session(world, client, key_for):
    sign_in(client, world["users"][Role.SAFEGUARDING_LEAD])
    key = key_for(world["users"][Role.CASEWORKER])
    response = client.get(CLIENTS, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["items"]] == [world["clients"]["own"].pk]


def test_a_path_with_a_nul_character_answers_400_before_the_token_and_is_logged(world):
    user = world["users"][Role.FUNDER]
    _token, key = token_for(user)
    response = ApiClient(key).get(f"{CLIENTS}/%00")
    assert response.status_code == 400 and response.json()["detail"]
    refusal = AccessEvent.objects.get(kind=AccessEvent.Kind.DENIED)
    assert (refusal.object_type, refusal.path) == ("request:unreadable", CLIENTS + "/")
