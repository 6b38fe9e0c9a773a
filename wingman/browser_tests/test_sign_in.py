"""Signing in: the password, the authenticator code, the pause after five wrong passwords, and the
licensed hours of staff on temporary licence."""

import re
from datetime import time

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from testing.factories import PASSWORD
from wingman.accounts.choices import Role, Weekday
from wingman.accounts.models import AccessWindow

from .conftest import assert_accessible, authenticator_for, code_now, enter_password, staff

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
