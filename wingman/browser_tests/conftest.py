"""Chromium (Debian's, never a downloaded one) driven by Playwright, signing in through the real
pages of a live server, with axe-core checking each page a person would see."""

from collections.abc import Iterator
from datetime import date
from typing import Any, cast

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Locator, Page, expect

from testing.factories import PASSWORD, UserFactory
from testing.helpers import audit_triggers_lifted_on_sqlite as lift_audit_triggers
from wingman.accounts.models import User

SERIOUS = ("serious", "critical")


@pytest.fixture(scope="package", autouse=True)
def audit_triggers_lifted_on_sqlite(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[None]:
    with lift_audit_triggers(django_db_blocker):
        yield


@pytest.fixture
def page_in(chromium_browser: Browser, live_server: Any) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the live server, in British English."""
    context = chromium_browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def staff(**fields: Any) -> User:
    """A member of staff, made by the test factories."""
    return cast(User, UserFactory(**fields))


def authenticator_for(user: Any) -> TOTPDevice:
    """The authenticator app a member of staff set up at first sign-in."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_now(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(value).zfill(device.digits)


def enter_password(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()


def sign_in(page: Page, user: Any, password: str = PASSWORD) -> None:
    """Sign in as a person would: password, then the code the authenticator app shows."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or authenticator_for(user)
    enter_password(page, user.username, password)
    page.wait_for_url("**/sign-in/code/")
    page.get_by_label("Security code").fill(code_now(device))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def today() -> date:
    return timezone.localdate()


def date_input(page: Page, legend: str) -> Locator:
    """The day, month and year boxes of the date question `legend` (a GOV.UK date input)."""
    return page.get_by_role("group", name=legend)


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    """Type a date into its three boxes, as a person would."""
    boxes = date_input(page, legend)
    boxes.get_by_label("Day").fill(day)
    boxes.get_by_label("Month").fill(month)
    boxes.get_by_label("Year").fill(year)


def expect_date(page: Page, legend: str, day: date) -> None:
    boxes = date_input(page, legend)
    expect(boxes.get_by_label("Day")).to_have_value(str(day.day))
    expect(boxes.get_by_label("Month")).to_have_value(str(day.month))
    expect(boxes.get_by_label("Year")).to_have_value(str(day.year))


def assert_accessible(page: Page, what: str) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(
            f"    {node['target']}: {node.get('failureSummary', '').strip()}\n"
            f"      {node['html'][:300]}"
            for node in v["nodes"]
        )
        for v in violations
    )
    assert not violations, f"{what} ({page.url}) has accessibility violations:\n{report}"
