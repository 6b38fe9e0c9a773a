from datetime import time, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from testing.factories import PASSWORD, UserFactory
from wingman.accounts.choices import Role
from wingman.accounts.models import AccessWindow
from wingman.audit.models import AuditEvent


@pytest.fixture
def caseworker(db):
    return UserFactory(username="dele", role=Role.CASEWORKER)


@pytest.fixture
def device(caseworker):
    return TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, username="dele", password=PASSWORD):
    return client.post("/sign-in/", {"username": username, "password": password})


def test_password_alone_does_not_sign_in_when_two_factor_is_required(client, device):
    response = sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/sign-in/code/"
    assert client.get("/").status_code == 302  # still not signed in


def test_password_and_code_sign_in_and_rotate_the_session_id(client, device):
    client.get("/sign-in/")
    sign_in(client)
    before = client.session.session_key
    response = client.post("/sign-in/code/", {"code": code_for(device)})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(actor=device.user, action="sign_in").exists()


def test_the_password_alone_never_sets_up_an_authenticator_app(client, caseworker):
    response = sign_in(client)
    assert response.status_code == 200
    assert b"You need an enrolment code" in response.content
    assert client.get("/sign-in/set-up-code/")["Location"] == "/sign-in/enrol/"
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(actor=caseworker, summary__contains="enrolment code").exists()


def test_a_wrong_code_is_refused_with_a_clear_message(client, device):
    sign_in(client)
    response = client.post(
        "/sign-in/code/", {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert response.status_code == 200
    assert b"The code is not right" in response.content


def test_unknown_username_and_wrong_password_get_the_same_answer(client, caseworker):
    wrong_password = sign_in(client, password="not the password")
    unknown_user = sign_in(client, username="nobody")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert b"The username or password is not right" in wrong_password.content
    assert b"The username or password is not right" in unknown_user.content


def test_five_failures_pause_sign_in_for_fifteen_minutes_not_for_ever(client, device):
    for _ in range(5):
        sign_in(client, password="wrong password")
    locked = sign_in(client)
    assert locked.status_code == 429
    assert b"15 minutes" in locked.content
    from axes.models import AccessAttempt

    later = timezone.now() - timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=later)
    assert sign_in(client).status_code == 302


def test_five_wrong_codes_also_pause_sign_in(client, device):
    sign_in(client)
    for _ in range(5):
        client.post("/sign-in/code/", {"code": "999999"})
    assert client.post("/sign-in/code/", {"code": code_for(device)}).status_code in (302, 429)
    assert sign_in(client).status_code == 429


def test_disabling_an_account_ends_all_its_sessions(client, device):
    sign_in(client)
    client.post("/sign-in/code/", {"code": code_for(device)})
    assert Session.objects.count() == 1
    device.user.is_active = False
    device.user.save()
    assert Session.objects.count() == 0
    assert client.get("/").status_code == 302


def _window_excluding_now():
    now = timezone.localtime()
    other_day = (now.weekday() + 3) % 7
    return {"weekdays": [other_day], "starts_at": time(9), "ends_at": time(17)}


def test_staff_on_temporary_licence_cannot_sign_in_outside_their_hours(client, caseworker):
    caseworker.on_temporary_licence = True
    caseworker.save()
    AccessWindow.objects.create(user=caseworker, **_window_excluding_now())
    response = sign_in(client)
    assert response.status_code == 200
    assert b"licensed working hours" in response.content


def test_a_live_session_ends_when_licensed_hours_end(client, caseworker, settings):
    settings.WINGMAN_TWO_FACTOR_REQUIRED = False
    caseworker.on_temporary_licence = True
    caseworker.save()
    now = timezone.localtime()
    window = AccessWindow.objects.create(
        user=caseworker, weekdays=[now.weekday()], starts_at=time(0), ends_at=time(23, 59, 59)
    )
    sign_in(client)
    assert client.get("/").status_code == 200
    window.weekdays = [(now.weekday() + 3) % 7]
    window.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_sessions_end_after_ten_hours_however_active(client, caseworker, settings):
    settings.WINGMAN_TWO_FACTOR_REQUIRED = False
    sign_in(client)
    session = client.session
    session["wingman_signed_in_at"] = (timezone.now() - timedelta(hours=10, minutes=1)).timestamp()
    session.save()
    assert client.get("/").status_code == 302
