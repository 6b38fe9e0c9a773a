"""Setting up sign-in with a one-time enrolment code: who may hand one over, what the code lets
its holder do (once, before it expires, and never more than what they lost), and how the account
holder is told."""

import re
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from testing.factories import PASSWORD, TeamFactory, UserFactory
from testing.helpers import enrolment_code_for, sign_in
from wingman.accounts import permissions
from wingman.accounts.choices import Role
from wingman.accounts.models import EnrolmentCode, SignInNotice, User
from wingman.accounts.selectors import handovers_for
from wingman.accounts.services import (
    EnrolmentRefused,
    enrolment_code_issue,
    enrolment_code_use,
    enrolment_reset,
    staff_create,
)
from wingman.audit.models import AuditEvent
from wingman.core.errors import NotAllowed

NEW_PASSWORD = "three random words here"


@pytest.fixture
def team(db):
    return TeamFactory(name="Peckham")


@pytest.fixture
def admin_user(team):
    return UserFactory(
        username="alex",
        first_name="Alex",
        last_name="Admin",
        role=Role.ADMINISTRATOR,
        team=None,
        organisation=team.borough.organisation,
    )


@pytest.fixture
def lead(team):
    return UserFactory(
        username="sam", first_name="Sam", last_name="Lead", role=Role.SENIOR_CASEWORKER, team=team
    )


@pytest.fixture
def newcomer(admin_user, team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return staff_create(
            actor=admin_user,
            user=User(
                username="nia",
                first_name="Nia",
                last_name="Bello",
                email="nia@example.org",
                role=Role.CASEWORKER,
                team=team,
            ),
        )


def code_now(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def hand_over(client, helper, code) -> str:
    sign_in(client, helper)
    response = client.post(f"/enrolment-codes/{code.pk}/")
    assert response.status_code == 200, response.content
    raw = re.search(rb'data-testid="enrolment-code">([A-Z0-9-]+)<', response.content).group(1)
    client.logout()
    return raw.decode()


def enrol(client, username, code):
    return client.post("/sign-in/enrol/", {"username": username, "code": code})


def choose_password(client, password=NEW_PASSWORD):
    return client.post(
        "/sign-in/enrol/password/", {"new_password1": password, "new_password2": password}
    )


def set_up_app(client, user):
    client.get("/sign-in/set-up-code/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post("/sign-in/set-up-code/", {"code": code_now(device)}), device


def events_about(user):
    return list(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))
        .order_by("id")
        .values_list("summary", flat=True)
    )


# A new account, from the back office to the first page --------------------------------------------


def test_a_new_account_enrols_with_a_code_a_password_of_its_own_and_an_app(
    client, client_factory, lead, newcomer, django_capture_on_commit_callbacks
):
    code = EnrolmentCode.objects.get(user=newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        raw = hand_over(client_factory(), lead, code)
    assert len(raw) == 14 and raw.count("-") == 2
    stored = EnrolmentCode.objects.get(pk=code.pk)
    assert stored.code_hash and raw not in stored.code_hash
    assert check_password(raw.replace("-", ""), stored.code_hash)
    assert stored.issued_by == lead and stored.state == EnrolmentCode.State.ISSUED

    with django_capture_on_commit_callbacks(execute=True):
        response = enrol(client, "nia", raw.lower().replace("-", " "))
    assert response["Location"] == "/sign-in/enrol/password/"
    page = client.get("/sign-in/enrol/password/")
    assert b"Choose a password" in page.content
    refused = choose_password(client, "short")
    assert b"at least 12 characters" in refused.content
    assert choose_password(client)["Location"] == "/sign-in/set-up-code/"
    response, device = set_up_app(client, newcomer)
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    stored.refresh_from_db()
    assert stored.state == EnrolmentCode.State.USED and stored.completed_at is not None

    events = events_about(newcomer)
    until = events[2].rsplit("until ", 1)[1]
    pk = code.pk
    assert events == [
        "Account nia created (Caseworker)",
        f"New account for nia: enrolment code {pk} waiting to be handed over",
        f"Enrolment code {pk} for nia shown to Sam Lead to hand over; it works once until {until}",
        f"Enrolment code {pk} used by nia",
        f"nia chose a password with enrolment code {pk}",
        f"nia set up an authenticator app with enrolment code {pk}",
        "Signed in",
    ]
    subjects = [m.subject for m in mail.outbox if m.to == ["nia@example.org"]]
    assert subjects == [
        "Your Wingman account",
        "An enrolment code for your Wingman account was handed over",
        "Your Wingman enrolment code was used",
    ]
    assert "Sam Lead" in mail.outbox[1].body and raw not in mail.outbox[1].body


def test_the_password_alone_is_refused_where_the_code_is_needed(client, newcomer):
    newcomer.set_password(PASSWORD)
    newcomer.save()
    response = client.post("/sign-in/", {"username": "nia", "password": PASSWORD})
    assert b"You need an enrolment code" in response.content
    assert client.get("/sign-in/set-up-code/")["Location"] == "/sign-in/enrol/"
    assert client.get("/sign-in/enrol/password/")["Location"] == "/sign-in/enrol/"
    assert not TOTPDevice.objects.filter(user=newcomer).exists()


def test_a_code_used_twice_is_refused(client, client_factory, newcomer):
    raw = enrolment_code_for(newcomer)
    assert enrol(client, "nia", raw).status_code == 302
    again = enrol(client_factory(), "nia", raw)
    assert again.status_code == 200
    assert b"already been used" in again.content
    assert "Enrolment code for nia refused: code" in events_about(newcomer)[-1]


def test_an_expired_code_is_refused_and_marked_expired(client, newcomer):
    raw = enrolment_code_for(newcomer)
    EnrolmentCode.objects.filter(user=newcomer, state="issued").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = enrol(client, "nia", raw)
    assert b"This enrolment code has expired" in response.content
    assert EnrolmentCode.objects.get(user=newcomer, code_hash__gt="").state == "expired"
    assert events_about(newcomer)[-1].endswith("had expired")


def test_codes_expire_72_hours_after_they_are_shown(newcomer, settings):
    assert settings.WINGMAN_ENROLMENT_CODE_HOURS == 72
    enrolment_code_for(newcomer)
    code = EnrolmentCode.objects.get(user=newcomer, state="issued")
    assert code.expires_at - code.issued_at == timedelta(hours=72)


def test_a_reset_not_handed_over_in_time_lapses(admin_user, lead, newcomer):
    code = EnrolmentCode.objects.get(user=newcomer)
    EnrolmentCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    assert not handovers_for(lead).exists()
    with pytest.raises(Exception, match="expired"):
        enrolment_code_issue(actor=lead, code=code)
    assert EnrolmentCode.objects.get(pk=code.pk).state == "expired"


def test_a_wrong_code_and_an_unknown_username_get_the_same_answer(client, newcomer):
    raw = enrolment_code_for(newcomer)
    wrong = "ABCDEFGHJKLM" if raw.replace("-", "") != "ABCDEFGHJKLM" else "MLKJHGFEDCBA"
    for username, code in (("nia", wrong), ("nobody", raw)):
        response = enrol(client, username, code)
        assert response.status_code == 200
        assert b"The username or enrolment code is not right" in response.content
    notice = SignInNotice.objects.get(user=newcomer, kind="refused")
    assert "did not work" in notice.text


def test_five_wrong_codes_pause_enrolment_and_sign_in_as_wrong_passwords_do(client, newcomer):
    raw = enrolment_code_for(newcomer)
    for _ in range(4):
        assert enrol(client, "nia", "ZZZZ-ZZZZ-ZZZZ").status_code == 200
    assert enrol(client, "nia", "ZZZZ-ZZZZ-ZZZZ").status_code == 429
    assert enrol(client, "nia", raw).status_code == 429
    assert client.post("/sign-in/", {"username": "nia", "password": "x"}).status_code == 429
    assert EnrolmentCode.objects.get(user=newcomer, code_hash__gt="").state == "issued"
    # Someone guessing does not flood the holder's inbox: one notice until it is seen.
    assert SignInNotice.objects.filter(user=newcomer, kind="refused").count() == 1


def test_a_newer_reset_replaces_the_older_code(client, admin_user, newcomer):
    first = enrolment_code_for(newcomer)
    enrolment_code_for(newcomer, reason="both")
    response = enrol(client, "nia", first)
    assert b"replaced by a newer one" in response.content


def test_an_accepted_code_must_be_finished_with_in_time_in_the_same_browser(
    client, client_factory, newcomer
):
    raw = enrolment_code_for(newcomer)
    enrol(client, "nia", raw)
    assert client_factory().get("/sign-in/enrol/password/")["Location"] == "/sign-in/enrol/"
    EnrolmentCode.objects.filter(user=newcomer, state="used").update(
        used_at=timezone.now() - timedelta(minutes=61)
    )
    assert client.get("/sign-in/enrol/password/")["Location"] == "/sign-in/enrol/"


# Resets: the code never replaces what the person still has ----------------------------------------


@pytest.fixture
def dele(team):
    user = UserFactory(username="dele", first_name="Dele", role=Role.CASEWORKER, team=team)
    user.email = "dele@example.org"
    user.save()
    return user


@pytest.fixture
def phone(dele):
    return TOTPDevice.objects.create(user=dele, name="phone", confirmed=True)


def test_a_password_reset_keeps_the_authenticator_app_and_asks_for_it(
    client, client_factory, admin_user, dele, phone
):
    theirs = client_factory()
    sign_in(theirs, dele)
    code = enrolment_reset(actor=admin_user, user=dele, reason="password")
    assert theirs.get("/").status_code == 302  # every session ended
    dele.refresh_from_db()
    assert not dele.has_usable_password()
    assert client.post("/sign-in/", {"username": "dele", "password": PASSWORD}).status_code == 200
    raw = enrolment_code_issue(actor=None, code=code)
    enrol(client, "dele", raw)
    assert choose_password(client)["Location"] == "/sign-in/code/"
    assert client.get("/").status_code == 302  # the code alone does not sign in
    assert client.post("/sign-in/code/", {"code": code_now(phone)}).status_code == 302
    assert client.get("/").status_code == 200
    assert TOTPDevice.objects.filter(user=dele, confirmed=True).get() == phone


def test_a_two_factor_reset_keeps_the_password_and_asks_for_it(client, admin_user, dele, phone):
    code = enrolment_reset(actor=admin_user, user=dele, reason="two_factor")
    assert not TOTPDevice.objects.filter(user=dele).exists()
    raw = enrolment_code_issue(actor=None, code=code)
    enrol(client, "dele", raw)
    page = client.get("/sign-in/enrol/password/")
    assert b"Enter your password" in page.content
    wrong = client.post("/sign-in/enrol/password/", {"password": "not my password"})
    assert b"The password is not right" in wrong.content
    assert client.get("/sign-in/set-up-code/")["Location"] == "/sign-in/enrol/"
    ok = client.post("/sign-in/enrol/password/", {"password": PASSWORD})
    assert ok["Location"] == "/sign-in/set-up-code/"
    response, _device = set_up_app(client, dele)
    assert response.status_code == 302 and client.get("/").status_code == 200


def test_the_holder_is_told_on_their_next_sign_in_and_by_email(
    client, admin_user, lead, dele, phone, client_factory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        code = enrolment_reset(actor=admin_user, user=dele, reason="two_factor")
    (email,) = mail.outbox
    assert email.to == ["dele@example.org"]
    assert "Your two-factor sign-in was reset on" in email.body and "Alex Admin" in email.body
    assert "If this was not you, tell your manager." in email.body
    raw = hand_over(client_factory(), lead, code)
    enrol(client, "dele", raw)
    client.post("/sign-in/enrol/password/", {"password": PASSWORD})
    response, _device = set_up_app(client, dele)
    home = client.get(response["Location"])
    text = home.content.decode()
    today = timezone.localdate()
    assert f"Your two-factor sign-in was reset on {today.day} {today:%B}" in text
    assert "by Alex Admin" in text and "handed over by Sam Lead" in text
    assert "If this was not you, tell your manager." in text
    # Once.
    client.logout()
    sign_in(client, dele)
    assert "was reset on" not in client.get("/").content.decode()


def test_a_holder_with_no_email_address_is_told_on_sign_in_only(
    admin_user, dele, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=dele.pk).update(email="")
    dele.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_reset(actor=admin_user, user=dele, reason="password")
    assert not mail.outbox
    assert SignInNotice.objects.filter(user=dele, kind="reset").exists()


def test_an_email_that_cannot_be_sent_is_logged_not_lost_silently(
    admin_user, dele, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "wingman.accounts.tests.failing_mail.Backend"}}
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_reset(actor=admin_user, user=dele, reason="password")
    assert "Could not send the email" in caplog.text
    assert SignInNotice.objects.filter(user=dele, kind="reset").exists()


# Who hands over -------------------------------------------------------------------------------


def test_who_may_hand_over_a_code_to_whom(world):
    users = world["users"]
    lead, manager, admin = (
        users[Role.SENIOR_CASEWORKER],
        users[Role.MANAGER],
        users[Role.ADMINISTRATOR],
    )
    me = users[Role.CASEWORKER]
    other_team = User.objects.get(username="otherteam")
    other_borough = User.objects.get(username="otherborough")
    allowed = permissions.may_hand_over_to
    assert allowed(lead, me) and not allowed(lead, other_team)
    assert allowed(manager, me) and allowed(manager, other_team) and allowed(manager, lead)
    assert not allowed(manager, other_borough)
    assert not allowed(lead, manager) and not allowed(manager, users[Role.SAFEGUARDING_LEAD])
    assert allowed(admin, users[Role.SAFEGUARDING_LEAD]) and not allowed(admin, admin)
    for role in (Role.CASEWORKER, Role.VOLUNTEER, Role.SAFEGUARDING_LEAD, Role.FUNDER):
        assert not any(allowed(users[role], u) for u in User.objects.all())


def test_the_hand_over_list_follows_the_same_rule(world):
    requester = world["users"][Role.ADMINISTRATOR]
    everyone = list(User.objects.all())
    for person in everyone:
        EnrolmentCode.objects.create(
            user=person,
            reason="password",
            requested_by=requester,
            expires_at=timezone.now() + timedelta(hours=1),
        )
    second_admin = UserFactory(role=Role.ADMINISTRATOR, team=None)
    for helper in [*everyone, second_admin]:
        listed = set(handovers_for(helper).values_list("user_id", flat=True))
        expected = {
            p.pk
            for p in everyone
            if permissions.may_hand_over_to(helper, p) and helper.pk != requester.pk
        }
        assert listed == expected, helper.username


def test_returns_404_for_a_code_the_viewer_may_not_hand_over(client, world):
    code = enrolment_reset(
        actor=world["users"][Role.ADMINISTRATOR],
        user=User.objects.get(username="otherborough"),
        reason="password",
    )
    sign_in(client, world["users"][Role.SENIOR_CASEWORKER])
    assert client.get(f"/enrolment-codes/{code.pk}/").status_code == 404
    assert client.post(f"/enrolment-codes/{code.pk}/").status_code == 404
    assert EnrolmentCode.objects.get(pk=code.pk).state == "awaiting"
    with pytest.raises(NotAllowed):
        enrolment_code_issue(actor=world["users"][Role.SENIOR_CASEWORKER], code=code)


def test_returns_403_for_the_hand_over_pages_to_roles_that_hand_over_nothing(client, world):
    sign_in(client, world["users"][Role.CASEWORKER])
    assert client.get("/enrolment-codes/").status_code == 403
    assert client.get("/enrolment-codes/1/").status_code == 403


def test_sends_anonymous_visitors_of_the_hand_over_pages_to_sign_in(client, db):
    for url in ("/enrolment-codes/", "/enrolment-codes/1/"):
        assert client.get(url)["Location"].startswith("/sign-in/")


def test_the_home_page_shows_team_leads_their_hand_overs(client, lead, newcomer):
    sign_in(client, lead)
    home = client.get("/").content.decode()
    assert "1 enrolment code to hand over" in home and 'href="/enrolment-codes/"' in home
    listing = client.get("/enrolment-codes/").content.decode()
    assert "Nia Bello" in listing and "New account" in listing


def test_the_administrator_who_asked_cannot_hand_over_even_through_the_service(
    admin_user, newcomer
):
    code = EnrolmentCode.objects.get(user=newcomer)
    with pytest.raises(NotAllowed, match="someone else must hand over"):
        enrolment_code_issue(actor=admin_user, code=code)


def test_only_administrators_ask_for_a_reset(world):
    for role in Role.values:
        if role == Role.ADMINISTRATOR:
            continue
        with pytest.raises(NotAllowed):
            enrolment_reset(actor=world["users"][role], user=world["colleague"], reason="password")


def test_the_command_line_issues_a_code_for_the_first_administrator(db, capsys):
    first = User.objects.create_superuser("first", password=PASSWORD)
    out, err = StringIO(), StringIO()
    call_command("issue_enrolment_code", "first", "--lost", "phone", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", raw)
    assert "shown only this once" in err.getvalue()
    assert enrolment_code_use(username="first", entered=raw).user == first
    with pytest.raises(EnrolmentRefused):
        enrolment_code_use(username="first", entered=raw)


ON_SQLITE = "sqlite" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.skipif(ON_SQLITE, reason="threads need separate connections to one database")
@pytest.mark.django_db(transaction=True)
def test_one_code_sent_from_two_browsers_at_once_lets_one_in():
    user = UserFactory(username="kai", role=Role.CASEWORKER)
    raw = enrolment_code_for(user)
    start = threading.Barrier(2)
    results: list[str] = []

    def attempt() -> None:
        try:
            start.wait()
            with transaction.atomic():
                enrolment_code_use(username="kai", entered=raw)
            results.append("in")
        except EnrolmentRefused as refusal:
            results.append(refusal.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results)[1] == "in"
    assert "already been used" in sorted(results)[0]
    assert EnrolmentCode.objects.get(user=user, code_hash__gt="").state == "used"


def test_staff_on_temporary_licence_keep_their_code_for_their_licensed_hours(client, newcomer):
    from datetime import time

    from wingman.accounts.models import AccessWindow

    User.objects.filter(pk=newcomer.pk).update(on_temporary_licence=True)
    another_day = (timezone.localdate().weekday() + 2) % 7
    window = AccessWindow.objects.create(
        user=newcomer, weekdays=[another_day], starts_at=time(0), ends_at=time(23, 59)
    )
    raw = enrolment_code_for(newcomer)
    response = enrol(client, "nia", raw)
    assert b"only in your licensed working hours" in response.content
    assert EnrolmentCode.objects.get(user=newcomer, code_hash__gt="").state == "issued"
    window.weekdays = [timezone.localdate().weekday()]
    window.save()
    assert enrol(client, "nia", raw)["Location"] == "/sign-in/enrol/password/"
