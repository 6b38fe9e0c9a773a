"""Signing in: the password, the authenticator code, the pause after five wrong passwords, the
licensed hours of staff on temporary licence, and setting up sign-in with an enrolment code."""

import re
from base64 import b32decode
from datetime import time
from typing import cast

import pytest
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, ViewportSize, expect

from testing.factories import PASSWORD, TeamFactory
from wingman.accounts.choices import Role, Weekday
from wingman.accounts.models import AccessWindow, Team, User
from wingman.accounts.services import staff_create

from .conftest import (
    assert_accessible,
    authenticator_for,
    code_now,
    enter_password,
    sign_in,
    staff,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_needs_the_authenticator_code(page_in: Page) -> None:
    user = staff(role=Role.CASEWORKER, first_name="Dee")
    device = authenticator_for(user)

    enter_password(page_in, user.username)

    expect(page_in).to_have_url(re.compile(r"/sign-in/code/$"))
    expect(page_in.get_by_role("heading", name="Enter your security code")).to_be_visible()
    assert_accessible(page_in, "The security code page")

    page_in.goto("/clients/")
    expect(page_in).to_have_url(re.compile(r"/sign-in/"))
    expect(page_in.get_by_role("button", name="Sign out")).to_have_count(0)

    enter_password(page_in, user.username)
    right = code_now(device)
    page_in.get_by_label("Security code").fill("000000" if right != "000000" else "111111")
    page_in.get_by_role("button", name="Sign in").click()
    expect(page_in.get_by_text("The code is not right").first).to_be_visible()
    assert_accessible(page_in, "The security code page with an error")
    # After a wrong code the authenticator is throttled for a second before the next try.
    page_in.wait_for_timeout(1_200)

    page_in.get_by_label("Security code").fill(code_now(device))
    page_in.get_by_role("button", name="Sign in").click()

    expect(page_in.get_by_role("heading", name="Hello, Dee")).to_be_visible()
    expect(page_in.get_by_role("button", name="Sign out")).to_be_visible()


def test_five_wrong_passwords_pause_sign_in_for_fifteen_minutes(page_in: Page) -> None:
    user = staff(role=Role.CASEWORKER)
    authenticator_for(user)

    for _ in range(4):
        enter_password(page_in, user.username, "not the password")
        expect(page_in.get_by_text("The username or password is not right").first).to_be_visible()
    enter_password(page_in, user.username, "not the password")

    expect(page_in.get_by_role("heading", name="Too many attempts to sign in")).to_be_visible()
    expect(page_in.get_by_text("paused for 15 minutes")).to_be_visible()
    assert_accessible(page_in, "The too-many-attempts page")

    enter_password(page_in, user.username, PASSWORD)

    expect(page_in.get_by_role("heading", name="Too many attempts to sign in")).to_be_visible()
    expect(page_in.get_by_text("paused for 15 minutes")).to_be_visible()
    expect(page_in).not_to_have_url(re.compile(r"/sign-in/code/"))
    page_in.goto("/")
    expect(page_in).to_have_url(re.compile(r"/sign-in/"))


def test_staff_on_temporary_licence_are_refused_outside_their_hours(page_in: Page) -> None:
    user = staff(role=Role.CASEWORKER, on_temporary_licence=True)
    authenticator_for(user)
    another_day = (timezone.localdate().weekday() + 1) % 7
    AccessWindow.objects.create(
        user=user, weekdays=[another_day], starts_at=time(0, 0), ends_at=time(23, 59)
    )

    enter_password(page_in, user.username)

    expect(
        page_in.get_by_text("your account can be used only in your licensed working hours").first
    ).to_be_visible()
    expect(
        page_in.get_by_text(f"Your licensed hours are: {Weekday(another_day).label}").first
    ).to_be_visible()
    expect(page_in).not_to_have_url(re.compile(r"/sign-in/code/"))
    assert_accessible(page_in, "The sign-in page refusing licensed hours")


PHONE: ViewportSize = {"width": 390, "height": 844}


def test_a_new_member_of_staff_sets_up_their_sign_in_with_an_enrolment_code(
    page_in: Page, chromium_browser: Browser, live_server
) -> None:
    team = cast(Team, TeamFactory(name="Peckham"))
    admin = staff(role=Role.ADMINISTRATOR, team=None, organisation=team.borough.organisation)
    lead = staff(role=Role.SENIOR_CASEWORKER, team=team, first_name="Sam", last_name="Lead")
    staff_create(
        actor=admin,
        user=User(
            username="nia", first_name="Nia", last_name="Bello", role=Role.CASEWORKER, team=team
        ),
    )

    # The team lead hands the code over, on their phone.
    sign_in(page_in, lead)
    page_in.set_viewport_size(PHONE)
    page_in.reload()
    page_in.get_by_role("link", name="See who needs one").click()
    expect(page_in.get_by_role("heading", name="Enrolment codes to hand over")).to_be_visible()
    assert_accessible(page_in, "The list of enrolment codes to hand over")
    page_in.get_by_role("link", name="Nia Bello").click()
    expect(
        page_in.get_by_role("heading", name="Hand over an enrolment code to Nia Bello")
    ).to_be_visible()
    assert_accessible(page_in, "The page before an enrolment code is shown")
    page_in.get_by_role("button", name="Show the code").click()
    code = page_in.get_by_test_id("enrolment-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert_accessible(page_in, "The enrolment code, shown once")

    # Nia sets up her sign-in, on hers.
    context = chromium_browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London", viewport=PHONE
    )
    context.set_default_timeout(10_000)
    nia = context.new_page()
    try:
        nia.goto("/sign-in/")
        nia.get_by_role("link", name="Set up your sign-in with an enrolment code").click()
        expect(nia.get_by_role("heading", name="Set up your sign-in")).to_be_visible()
        assert_accessible(nia, "The enrolment page")
        nia.get_by_label("Username").fill("nia")
        nia.get_by_label("Enrolment code").fill(
            "ABCD-EFGH-JKLM" if code != "ABCD-EFGH-JKLM" else "MLKJ-HGFE-DCBA"
        )
        nia.get_by_role("button", name="Continue").click()
        expect(nia.get_by_text("The username or enrolment code is not right").first).to_be_visible()
        assert_accessible(nia, "The enrolment page with an error")
        nia.get_by_label("Enrolment code").fill(code.lower())
        nia.get_by_role("button", name="Continue").click()

        expect(nia.get_by_role("heading", name="Choose a password")).to_be_visible()
        assert_accessible(nia, "The choose a password page")
        nia.get_by_label("New password", exact=True).fill("short")
        nia.get_by_label("Type the new password again").fill("short")
        nia.get_by_role("button", name="Continue").click()
        expect(nia.get_by_text("at least 12 characters").first).to_be_visible()
        assert_accessible(nia, "The choose a password page with an error")
        nia.get_by_label("New password", exact=True).fill("peckham rye at dawn")
        nia.get_by_label("Type the new password again").fill("peckham rye at dawn")
        nia.get_by_role("button", name="Continue").click()

        expect(nia.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
        assert_accessible(nia, "The set up your authenticator app page")
        secret = nia.get_by_test_id("totp-secret").inner_text()
        key = b32decode(secret)
        nia.get_by_label("Security code").fill(str(totp(key)).zfill(6))
        nia.get_by_role("button", name="Confirm and sign in").click()

        expect(nia.get_by_role("heading", name="Hello, Nia")).to_be_visible()
        assert_accessible(nia, "The home page after enrolment")
        width = nia.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1
    finally:
        context.close()

    # The code has been used: it does not work again.
    other = chromium_browser.new_context(base_url=live_server.url, viewport=PHONE)
    try:
        again = other.new_page()
        again.goto("/sign-in/enrol/")
        again.get_by_label("Username").fill("nia")
        again.get_by_label("Enrolment code").fill(code)
        again.get_by_role("button", name="Continue").click()
        expect(again.get_by_text("already been used").first).to_be_visible()
    finally:
        other.close()


def test_the_password_alone_does_not_set_up_two_factor_sign_in(page_in: Page) -> None:
    user = staff(role=Role.CASEWORKER)

    enter_password(page_in, user.username)

    expect(page_in.get_by_text("You need an enrolment code").first).to_be_visible()
    expect(page_in).to_have_url(re.compile(r"/sign-in/$"))
    page_in.goto("/sign-in/set-up-code/")
    expect(page_in).to_have_url(re.compile(r"/sign-in/enrol/$"))
    assert_accessible(page_in, "The sign-in page asking for an enrolment code")
