"""The back office, tried as an administrator who wants round the rules: no role that sees
clients, no one else's sign-in, no secret on any page, and every change audited with its old
and new values."""

import re
from datetime import time, timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.hashers import check_password
from django.contrib.sessions.models import Session
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from testing.factories import BoroughFactory, FundingStreamFactory, TeamFactory, UserFactory
from testing.helpers import sign_in
from wingman.accounts.admin_site import BACK_OFFICE_MODELS
from wingman.accounts.choices import Role
from wingman.accounts.models import AccessWindow, ApiToken, EnrolmentCode, Team, User
from wingman.accounts.services import enrolment_reset
from wingman.api.services import api_token_issue
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.referrals.models import FundingStream

CLIENT_ROLES = [
    Role.CASEWORKER,
    Role.SENIOR_CASEWORKER,
    Role.MANAGER,
    Role.VOLUNTEER,
    Role.SAFEGUARDING_LEAD,
    Role.DATA_PROTECTION_OFFICER,
]


@pytest.fixture
def admin_user(db):
    team = TeamFactory()
    return UserFactory(
        username="alex",
        first_name="Alex",
        role=Role.ADMINISTRATOR,
        team=None,
        organisation=team.borough.organisation,
    )


@pytest.fixture
def back_office(client, admin_user):
    sign_in(client, admin_user)
    return client


@pytest.fixture
def caseworker(admin_user):
    team = TeamFactory(borough__organisation=admin_user.organisation)
    return UserFactory(username="dele", role=Role.CASEWORKER, team=team)


def staff_form(user, **changes):
    """What the staff change form sends back when saved as it is, with `changes`."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "organisation": user.organisation_id or "",
        "team": user.team_id or "",
        "funded_borough": user.funded_borough_id or "",
        "caseload_capacity": user.caseload_capacity,
        "access_windows-TOTAL_FORMS": "0",
        "access_windows-INITIAL_FORMS": "0",
        "access_windows-MIN_NUM_FORMS": "0",
        "access_windows-MAX_NUM_FORMS": "1000",
    }
    for flag in ("lived_experience", "on_temporary_licence", "is_active"):
        if getattr(user, flag):
            data[flag] = "on"
    windows = list(user.access_windows.order_by("pk"))
    data["access_windows-TOTAL_FORMS"] = data["access_windows-INITIAL_FORMS"] = str(len(windows))
    for i, window in enumerate(windows):
        data[f"access_windows-{i}-id"] = window.pk
        data[f"access_windows-{i}-user"] = user.pk
        data[f"access_windows-{i}-weekdays"] = [str(d) for d in window.weekdays]
        data[f"access_windows-{i}-starts_at"] = window.starts_at.strftime("%H:%M")
        data[f"access_windows-{i}-ends_at"] = window.ends_at.strftime("%H:%M")
        data[f"access_windows-{i}-valid_until"] = (
            window.valid_until.isoformat() if window.valid_until else ""
        )
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
            else:
                data.pop(name, None)
        else:
            data[name] = value
    return data


def add_window(data, index, **fields):
    data["access_windows-TOTAL_FORMS"] = str(int(data["access_windows-TOTAL_FORMS"]) + 1)
    for name, value in fields.items():
        data[f"access_windows-{index}-{name}"] = value
    return data


def change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def errors_in(response) -> str:
    text = response.content.decode()
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', text, re.S))


def account_events(user):
    return AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))


# Who reaches the back office --------------------------------------------------------------------


def test_the_back_office_sends_visitors_to_the_two_factor_sign_in(client, db):
    response = client.get("/back-office/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/sign-in/")


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMINISTRATOR])
def test_refuses_every_role_but_administrators_with_403_and_logs_it(client, db, role):
    user = UserFactory(role=role)
    sign_in(client, user)
    response = client.get("/back-office/")
    assert response.status_code == 403
    assert AccessEvent.objects.filter(actor=user, kind="denied", path="/back-office/").exists()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMINISTRATOR])
def test_staff_flags_follow_the_role_and_cannot_be_set_apart_from_it(db, role):
    user = UserFactory(role=role)
    assert not user.is_staff and not user.is_superuser
    with pytest.raises(ValueError, match="follows the role"):
        user.is_staff = True
    with pytest.raises(ValueError, match="follows the role"):
        UserFactory(role=role, is_superuser=True)
    assert User.objects.create_superuser("first", password="x" * 16).role == Role.ADMINISTRATOR


def test_the_back_office_holds_only_its_own_models(db):
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == BACK_OFFICE_MODELS


def test_the_back_office_offers_no_client_records(back_office):
    assert back_office.get("/back-office/people/client/").status_code == 404


# Take-over routes ----------------------------------------------------------------------------


def test_has_no_authenticator_device_pages(back_office, caseworker):
    device = TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    for url in (
        "/back-office/otp_totp/totpdevice/",
        "/back-office/otp_totp/totpdevice/add/",
        f"/back-office/otp_totp/totpdevice/{device.pk}/change/",
        f"/back-office/otp_totp/totpdevice/{device.pk}/config/",
        f"/back-office/otp_totp/totpdevice/{device.pk}/qrcode/",
    ):
        assert back_office.get(url).status_code == 404, url
    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_totp_totpdevice_changelist")


def test_has_no_page_that_sets_a_password(back_office, caseworker):
    with pytest.raises(NoReverseMatch):
        reverse("admin:auth_user_password_change", args=[caseworker.pk])
    with pytest.raises(NoReverseMatch):
        reverse("admin:accounts_user_password_change", args=[caseworker.pk])
    with pytest.raises(NoReverseMatch):
        reverse("admin:password_change")
    assert back_office.get("/back-office/password_change/").status_code == 404
    before = User.objects.get(pk=caseworker.pk).password
    url = f"/back-office/accounts/user/{caseworker.pk}/password/"
    page = back_office.get(url, follow=True)
    assert b'type="password"' not in page.content
    back_office.post(url, {"password1": "a new password 123", "password2": "a new password 123"})
    back_office.post(
        change_url(caseworker), staff_form(caseworker, password="!", password1="x", password2="x")
    )
    assert User.objects.get(pk=caseworker.pk).password == before


def test_no_back_office_page_shows_a_secret(back_office, admin_user, caseworker):
    device = TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    token, key = api_token_issue(actor=None, user=caseworker, name="Reports")
    enrolment_reset(actor=admin_user, user=caseworker, reason=EnrolmentCode.Reason.TWO_FACTOR)
    other = UserFactory(role=Role.CASEWORKER, team=caseworker.team)
    other_device = TOTPDevice.objects.create(user=other, name="phone", confirmed=True)
    issued = EnrolmentCode.objects.create(
        user=other,
        reason=EnrolmentCode.Reason.PASSWORD,
        state=EnrolmentCode.State.ISSUED,
        code_hash="argon2$not-a-real-hash-but-secret",
        expires_at=timezone.now() + timedelta(days=1),
    )
    secrets = {
        device.key,
        other_device.key,
        token.key_hash,
        key,
        issued.code_hash,
        User.objects.get(pk=other.pk).password,
        User.objects.get(pk=admin_user.pk).password,
    }
    from base64 import b32encode

    secrets |= {b32encode(d.bin_key).decode() for d in (device, other_device)}
    pages = ["/back-office/"]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(back_office_request(admin_user)):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        for obj in model.objects.all()[:5]:
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
            pages.append(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
            )
    pages.append(reverse("admin:accounts_user_reset_sign_in", args=[other.pk]))
    for url in pages:
        response = back_office.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        shown = [s for s in secrets if s and s in text]
        assert not shown, f"{url} shows {shown}"
        assert 'type="password"' not in text, url


def back_office_request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/back-office/")
    request.user = user
    return request


@pytest.mark.parametrize("role", CLIENT_ROLES)
def test_refuses_an_administrator_changing_their_own_role(back_office, admin_user, role):
    response = back_office.post(change_url(admin_user), staff_form(admin_user, role=role))
    assert response.status_code == 200
    assert "You cannot change your own role" in errors_in(response)
    assert User.objects.get(pk=admin_user.pk).role == Role.ADMINISTRATOR
    assert back_office.get("/clients/").status_code == 403
    assert not account_events(admin_user).exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("is_active", "You cannot disable your own account"),
        ("on_temporary_licence", "You cannot change your own temporary licence"),
        ("team", "You cannot change your own team"),
    ],
)
def test_refuses_an_administrator_changing_what_they_are_on_their_own_account(
    back_office, admin_user, field, message
):
    value = {"is_active": False, "on_temporary_licence": True, "team": TeamFactory().pk}[field]
    response = back_office.post(change_url(admin_user), staff_form(admin_user, **{field: value}))
    assert message in errors_in(response)
    stored = User.objects.get(pk=admin_user.pk)
    assert stored.is_active and not stored.on_temporary_licence and stored.team_id is None
    assert not account_events(admin_user).exists()


def test_refuses_an_administrator_changing_their_own_licensed_hours(back_office, admin_user):
    data = add_window(staff_form(admin_user), 0, weekdays=["0"], starts_at="00:00", ends_at="23:59")
    response = back_office.post(change_url(admin_user), data)
    assert response.status_code == 200
    assert "You cannot change your own licensed hours" in response.content.decode()
    assert not AccessWindow.objects.exists()


def test_an_administrator_may_change_their_own_name(back_office, admin_user):
    response = back_office.post(change_url(admin_user), staff_form(admin_user, first_name="Alexa"))
    assert response.status_code == 302
    (event,) = account_events(admin_user)
    assert event.changes == {"first_name": ["Alex", "Alexa"]}


def test_resetting_a_sign_in_never_shows_the_code_to_the_administrator_who_asked(
    back_office, admin_user, caseworker, client_factory
):
    lead = UserFactory(role=Role.SENIOR_CASEWORKER, team=caseworker.team, first_name="Sam")
    page = back_office.get(reverse("admin:accounts_user_reset_sign_in", args=[caseworker.pk]))
    assert b"What has the person lost?" in page.content
    response = back_office.post(
        reverse("admin:accounts_user_reset_sign_in", args=[caseworker.pk]),
        {"reason": "two_factor"},
        follow=True,
    )
    assert b"you will not see it" in response.content
    code = EnrolmentCode.objects.get(user=caseworker)
    assert code.state == EnrolmentCode.State.AWAITING and code.code_hash == ""
    # Not on their home page, their list, the code's page, nor by posting to it.
    assert b"enrolment code" not in back_office.get("/").content.lower()
    assert b"dele" not in back_office.get("/enrolment-codes/").content
    assert back_office.get(f"/enrolment-codes/{code.pk}/").status_code == 404
    assert back_office.post(f"/enrolment-codes/{code.pk}/").status_code == 404
    code.refresh_from_db()
    assert code.state == EnrolmentCode.State.AWAITING
    # The team lead sees it, once.
    helper = client_factory()
    sign_in(helper, lead)
    assert b"1 enrolment code to hand over" in helper.get("/").content
    shown = helper.post(f"/enrolment-codes/{code.pk}/")
    raw = re.search(rb'data-testid="enrolment-code">([A-Z0-9-]+)<', shown.content).group(1)
    code.refresh_from_db()
    assert check_password(raw.decode().replace("-", ""), code.code_hash)
    again = helper.post(f"/enrolment-codes/{code.pk}/", follow=True)
    assert raw not in again.content and b"never shown again" in again.content


def test_a_second_administrator_hands_over_a_code_another_administrator_asked_for(
    admin_user, caseworker, client_factory
):
    code = enrolment_reset(actor=admin_user, user=caseworker, reason="password")
    second = UserFactory(role=Role.ADMINISTRATOR, team=None, organisation=admin_user.organisation)
    helper = client_factory()
    sign_in(helper, second)
    assert str(caseworker).encode() in helper.get("/enrolment-codes/").content
    shown = helper.post(f"/enrolment-codes/{code.pk}/")
    assert shown.status_code == 200 and b'data-testid="enrolment-code"' in shown.content


# Every change goes through an audited service -----------------------------------------------------


def test_a_role_change_is_audited_with_old_and_new_values(back_office, admin_user, caseworker):
    response = back_office.post(
        change_url(caseworker), staff_form(caseworker, role=Role.SAFEGUARDING_LEAD)
    )
    assert response.status_code == 302
    assert User.objects.get(pk=caseworker.pk).role == Role.SAFEGUARDING_LEAD
    (event,) = account_events(caseworker)
    assert event.actor == admin_user and event.action == AuditEvent.Action.UPDATE
    assert event.changes == {"role": ["caseworker", "safeguarding_lead"]}
    assert "Caseworker to Safeguarding lead" in event.summary


def test_team_and_licence_changes_are_audited_with_old_and_new_values(back_office, caseworker):
    other = TeamFactory(borough__organisation=caseworker.organisation)
    old_team = caseworker.team_id
    back_office.post(
        change_url(caseworker), staff_form(caseworker, team=other.pk, on_temporary_licence=True)
    )
    (event,) = account_events(caseworker)
    assert event.changes == {
        "on_temporary_licence": [False, True],
        "team_id": [old_team, other.pk],
    }


def test_a_caseload_capacity_set_in_the_back_office_is_audited_with_old_and_new_values(
    back_office, caseworker
):
    assert caseworker.caseload_capacity == 12
    back_office.post(change_url(caseworker), staff_form(caseworker, caseload_capacity=8))
    (event,) = account_events(caseworker)
    assert event.changes == {"caseload_capacity": [12, 8]}
    caseworker.refresh_from_db()
    assert caseworker.caseload_capacity == 8


def test_disabling_in_the_back_office_is_audited_and_ends_sessions(
    back_office, caseworker, client_factory
):
    theirs = client_factory()
    sign_in(theirs, caseworker)
    assert theirs.get("/").status_code == 200
    key = theirs.session.session_key
    back_office.post(change_url(caseworker), staff_form(caseworker, is_active=False))
    (event,) = account_events(caseworker)
    assert event.changes == {"is_active": [True, False]}
    assert not Session.objects.filter(session_key=key).exists()
    User.objects.filter(pk=caseworker.pk).update(is_active=True)
    assert theirs.get("/").status_code == 302


def test_a_placement_that_makes_no_sense_is_refused_on_the_form(back_office, caseworker):
    response = back_office.post(change_url(caseworker), staff_form(caseworker, team=""))
    assert "Choose the team a caseworker works in" in errors_in(response)
    assert User.objects.get(pk=caseworker.pk).team_id is not None
    assert not account_events(caseworker).exists()


def test_a_new_account_has_no_password_and_waits_for_an_enrolment_code(
    back_office, admin_user, caseworker
):
    response = back_office.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "nia",
            "first_name": "Nia",
            "last_name": "Bello",
            "email": "nia@example.org",
            "role": Role.CASEWORKER,
            "team": caseworker.team_id,
            "caseload_capacity": "12",
            "is_active": "on",
            "access_windows-TOTAL_FORMS": "0",
            "access_windows-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert b"you will not see it" in response.content
    nia = User.objects.get(username="nia")
    assert not nia.has_usable_password()
    assert nia.organisation_id == caseworker.organisation_id
    created = account_events(nia).get(action=AuditEvent.Action.CREATE)
    assert created.actor == admin_user and created.changes["role"] == [None, "caseworker"]
    code = EnrolmentCode.objects.get(user=nia)
    assert code.reason == EnrolmentCode.Reason.NEW_ACCOUNT and code.requested_by == admin_user
    assert code.state == EnrolmentCode.State.AWAITING


# Licensed hours, in a proper form -------------------------------------------------------------


def test_licensed_hours_are_edited_as_days_and_times(back_office, admin_user, caseworker):
    page = back_office.get(change_url(caseworker)).content.decode()
    assert 'type="checkbox" name="access_windows-__prefix__-weekdays"' in page
    assert 'type="time" name="access_windows-__prefix__-starts_at"' in page
    assert 'type="date" name="access_windows-__prefix__-valid_until"' in page
    data = add_window(
        staff_form(caseworker, on_temporary_licence=True),
        0,
        weekdays=["0", "2", "4"],
        starts_at="08:00",
        ends_at="18:00",
        valid_until="2027-03-31",
    )
    assert back_office.post(change_url(caseworker), data).status_code == 302
    (window,) = AccessWindow.objects.filter(user=caseworker)
    assert window.weekdays == [0, 2, 4]
    assert (window.starts_at, window.ends_at) == (time(8), time(18))
    event = AuditEvent.objects.get(object_type="accounts.accesswindow", object_id=str(window.pk))
    assert event.actor == admin_user and event.action == AuditEvent.Action.CREATE
    assert event.changes["weekdays"] == [None, [0, 2, 4]]
    assert event.changes["starts_at"] == [None, "08:00:00"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"starts_at": "08:00", "ends_at": "18:00"}, "Choose at least one day"),
        (
            {"weekdays": ["1"], "starts_at": "18:00", "ends_at": "08:00"},
            "The end time must be after the start time",
        ),
        ({"weekdays": ["1"], "starts_at": "09:00", "ends_at": "09:00"}, "after the start time"),
    ],
)
def test_refuses_licensed_hours_that_make_no_sense(back_office, caseworker, fields, message):
    data = add_window(staff_form(caseworker, on_temporary_licence=True), 0, **fields)
    response = back_office.post(change_url(caseworker), data)
    assert response.status_code == 200
    assert message in errors_in(response)
    assert not AccessWindow.objects.exists()
    assert not User.objects.get(pk=caseworker.pk).on_temporary_licence  # nothing saved


def test_changing_and_removing_licensed_hours_is_audited(back_office, caseworker):
    window = AccessWindow.objects.create(
        user=caseworker, weekdays=[0, 1], starts_at=time(9), ends_at=time(17)
    )
    data = staff_form(caseworker)
    data["access_windows-0-weekdays"] = ["0", "1", "2"]
    data["access_windows-0-ends_at"] = "16:00"
    assert back_office.post(change_url(caseworker), data).status_code == 302
    changed = AuditEvent.objects.get(object_type="accounts.accesswindow", action="update")
    assert changed.changes == {
        "ends_at": ["17:00:00", "16:00:00"],
        "weekdays": [[0, 1], [0, 1, 2]],
    }
    data = staff_form(caseworker)
    data["access_windows-0-DELETE"] = "on"
    assert back_office.post(change_url(caseworker), data).status_code == 302
    assert not AccessWindow.objects.filter(pk=window.pk).exists()
    removed = AuditEvent.objects.get(object_type="accounts.accesswindow", action="delete")
    assert removed.changes["weekdays"] == [[0, 1, 2], None]


# Reference data and API tokens ------------------------------------------------------------------


def test_an_administrator_configures_a_funding_stream_and_it_is_audited(back_office, admin_user):
    borough, elsewhere = BoroughFactory(), BoroughFactory()
    response = back_office.post(
        "/back-office/referrals/fundingstream/add/",
        {
            "borough": borough.pk,
            "name": "Custody leavers",
            "cohort": "custody_leavers",
            "min_age": 16,
            "max_age": 25,
            "capacity": 20,
            "starts_on": "2026-04-01",
            "residence_boroughs": [elsewhere.pk],
        },
    )
    assert response.status_code == 302
    stream = FundingStream.objects.get(name="Custody leavers", borough=borough)
    created = AuditEvent.objects.get(object_type="referrals.fundingstream", action="create")
    assert created.actor == admin_user
    assert created.changes["capacity"] == [None, 20]
    assert created.changes["residence_boroughs"] == [None, [elsewhere.pk]]
    data = {
        "borough": borough.pk,
        "name": "Custody leavers",
        "cohort": "custody_leavers",
        "min_age": 16,
        "max_age": 25,
        "capacity": 30,
        "starts_on": "2026-04-01",
        "residence_boroughs": [],
    }
    back_office.post(f"/back-office/referrals/fundingstream/{stream.pk}/change/", data)
    changed = AuditEvent.objects.get(object_type="referrals.fundingstream", action="update")
    assert changed.changes == {"capacity": [20, 30], "residence_boroughs": [[elsewhere.pk], []]}


def test_boroughs_teams_and_organisations_changed_in_the_back_office_are_audited(
    back_office, admin_user
):
    team = TeamFactory(name="North")
    borough, organisation = team.borough, team.borough.organisation
    back_office.post(
        f"/back-office/accounts/team/{team.pk}/change/", {"name": "Peckham", "borough": borough.pk}
    )
    back_office.post(
        f"/back-office/accounts/borough/{borough.pk}/change/",
        {"name": "Southwark", "organisation": organisation.pk},
    )
    back_office.post(
        f"/back-office/accounts/organisation/{organisation.pk}/change/", {"name": "Wingman Trust"}
    )
    changes = {
        e.object_type: e.changes
        for e in AuditEvent.objects.filter(action="update", actor=admin_user)
    }
    assert changes["accounts.team"] == {"name": ["North", "Peckham"]}
    assert changes["accounts.borough"]["name"][1] == "Southwark"
    assert changes["accounts.organisation"]["name"][1] == "Wingman Trust"
    empty = TeamFactory(borough=borough, name="Closing")
    back_office.post(f"/back-office/accounts/team/{empty.pk}/delete/", {"post": "yes"})
    assert not Team.objects.filter(pk=empty.pk).exists()
    removed = AuditEvent.objects.get(object_type="accounts.team", action="delete")
    assert removed.object_id == str(empty.pk) and removed.changes["name"] == ["Closing", None]


def test_revoking_and_changing_the_expiry_of_an_api_token_is_audited(
    back_office, admin_user, caseworker
):
    token, _key = api_token_issue(actor=None, user=caseworker, name="Reports")
    url = f"/back-office/accounts/apitoken/{token.pk}/change/"
    later = (timezone.localtime() + timedelta(days=30)).replace(second=0, microsecond=0)
    response = back_office.post(
        url, {"expires_at_0": later.date().isoformat(), "expires_at_1": later.strftime("%H:%M")}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.expires_at == later
    expiry = AuditEvent.objects.get(object_type="accounts.apitoken", object_id=str(token.pk))
    assert expiry.actor == admin_user and expiry.changes["expires_at"][0] is None
    past = timezone.localtime() - timedelta(days=1)
    refused = back_office.post(
        url, {"expires_at_0": past.date().isoformat(), "expires_at_1": "09:00"}
    )
    assert "The expiry must be in the future" in errors_in(refused)
    back_office.post(
        url,
        {
            "expires_at_0": later.date().isoformat(),
            "expires_at_1": later.strftime("%H:%M"),
            "revoke": "on",
        },
    )
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.is_usable()
    revoked = AuditEvent.objects.filter(object_type="accounts.apitoken").latest("id")
    assert revoked.changes["revoked_at"][0] is None and "revoked" in revoked.summary
    assert ApiToken.objects.count() == 1


def test_the_revoke_action_revokes_each_token_with_an_audit_row(back_office, caseworker):
    tokens = [api_token_issue(actor=None, user=caseworker, name=f"T{i}")[0] for i in range(2)]
    back_office.post(
        "/back-office/accounts/apitoken/",
        {"action": "revoke_tokens", "_selected_action": [t.pk for t in tokens]},
    )
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    revoked = AuditEvent.objects.filter(
        object_type="accounts.apitoken", summary__contains="revoked"
    )
    assert revoked.count() == 2


def test_funding_streams_cannot_be_removed_without_an_audit_row(back_office):
    stream = FundingStreamFactory(name="Old stream")
    back_office.post(f"/back-office/referrals/fundingstream/{stream.pk}/delete/", {"post": "yes"})
    assert not FundingStream.objects.filter(pk=stream.pk).exists()
    removed = AuditEvent.objects.get(object_type="referrals.fundingstream", action="delete")
    assert removed.changes["name"] == ["Old stream", None]


def test_the_disable_action_disables_others_but_never_the_administrator_themselves(
    back_office, admin_user, caseworker
):
    response = back_office.post(
        "/back-office/accounts/user/",
        {"action": "disable_accounts", "_selected_action": [admin_user.pk, caseworker.pk]},
        follow=True,
    )
    assert "You cannot disable your own account" in response.content.decode()
    assert User.objects.get(pk=admin_user.pk).is_active
    assert not User.objects.get(pk=caseworker.pk).is_active
    (event,) = account_events(caseworker)
    assert event.changes == {"is_active": [True, False]} and event.actor == admin_user


def test_accounts_are_never_removed_from_the_back_office(back_office, caseworker):
    assert back_office.get(f"/back-office/accounts/user/{caseworker.pk}/delete/").status_code in (
        302,
        403,
    )
    assert User.objects.filter(pk=caseworker.pk).exists()


def test_a_refusal_the_form_did_not_foresee_saves_nothing_and_is_shown(
    back_office, admin_user, caseworker, monkeypatch
):
    # As if another administrator had changed the account between the form's check and the save.
    import wingman.accounts.admin as back_office_admin

    monkeypatch.setattr(back_office_admin, "check_staff_change", lambda **kwargs: None)
    response = back_office.post(
        change_url(admin_user), staff_form(admin_user, role=Role.SAFEGUARDING_LEAD), follow=True
    )
    assert "Nothing was saved: You cannot change your own role" in response.content.decode()
    assert User.objects.get(pk=admin_user.pk).role == Role.ADMINISTRATOR
    assert not account_events(admin_user).exists()
