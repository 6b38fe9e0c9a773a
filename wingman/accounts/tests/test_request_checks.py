"""What a signed-in request checks before any page, in as few queries as it can: the session
(30 minutes idle, renewed at most once a minute), the account, its licensed hours and the
authenticator app the session was verified with."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from testing.factories import UserFactory
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.accounts.sessions import RENEW_AFTER


@pytest.fixture
def caseworker(db):
    return UserFactory(username="dele", role=Role.CASEWORKER)


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _set_expiry(client, when):
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=when)


def test_a_signed_in_request_reads_only_the_session_and_the_account(client, caseworker):
    sign_in(client, caseworker)
    client.get("/healthz")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").status_code == 200
    first_tables = [q["sql"].split(".")[0] for q in queries]
    # The session, the account (with its team, windows and authenticator apps), the check itself.
    assert first_tables == ['SELECT "django_session"', 'SELECT "accounts_user"', "SELECT 1"]


def test_a_session_idle_for_thirty_minutes_is_signed_out(client, caseworker):
    sign_in(client, caseworker)
    assert client.get("/").status_code == 200
    _set_expiry(client, timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_a_request_renews_a_session_last_renewed_over_a_minute_ago(client, caseworker, settings):
    sign_in(client, caseworker)
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    _set_expiry(client, timezone.now() + age - timedelta(seconds=RENEW_AFTER + 5))
    assert client.get("/").status_code == 200
    assert _expiry(client) > timezone.now() + age - timedelta(seconds=5)


def test_a_request_soon_after_a_renewal_writes_nothing(client, caseworker, settings):
    sign_in(client, caseworker)
    stored = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 10)
    _set_expiry(client, stored)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").status_code == 200
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    assert _expiry(client) == stored


@pytest.mark.parametrize("change", ["deleted", "unconfirmed", "replaced"])
def test_a_session_ends_when_its_authenticator_app_is_removed(client, caseworker, change):
    sign_in(client, caseworker)
    device = TOTPDevice.objects.get(user=caseworker)
    assert client.get("/").status_code == 200
    if change == "unconfirmed":
        device.confirmed = False
        device.save()
    else:
        device.delete()
    if change == "replaced":
        TOTPDevice.objects.create(user=caseworker, name="new phone", confirmed=True)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert "otp_device_id" not in client.session


def test_another_accounts_authenticator_app_does_not_verify_a_session(client, caseworker):
    sign_in(client, caseworker)
    other = TOTPDevice.objects.create(user=UserFactory(), name="theirs", confirmed=True)
    session = client.session
    session["otp_device_id"] = other.persistent_id
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_a_disabled_account_is_signed_out_at_its_next_request(client, caseworker):
    sign_in(client, caseworker)
    assert client.get("/").status_code == 200
    type(caseworker).objects.filter(pk=caseworker.pk).update(is_active=False)
    assert client.get("/").status_code == 302
