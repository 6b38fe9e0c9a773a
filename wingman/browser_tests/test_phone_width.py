"""On a phone (390 pixels wide, an iPhone's width) the caseload pages hold the demo service's
real amount of data without scrolling sideways: their tables become lists of cards."""

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from wingman.accounts.models import User
from wingman.demo.generator import DEMO_PASSWORD, build_demo

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}


def fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at {PHONE['width']}px"
    scrolling = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.clientWidth > 2 && e.scrollWidth > e.clientWidth + 1
                         && getComputedStyle(e).overflowX !== 'visible')
            .map(e => `${e.tagName}.${e.className}`)"""
    )
    assert not scrolling, f"{page.url} scrolls sideways inside: {scrolling}"


def visit(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    fits_the_phone(page)
    assert_accessible(page, f"{url} at {PHONE['width']}px")


def signed_in_on_a_phone(browser, live_server, user) -> Page:
    """Signed in (at desktop width, where the sign-out button shows), then on a phone."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
    )
    page = context.new_page()
    sign_in(page, user, DEMO_PASSWORD)
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def demo():
    build_demo()
    return {u.username: u for u in User.objects.filter(username__in=["caseworker", "teamlead"])}


def test_the_caseload_pages_fit_a_phone_with_the_demo_service(
    chromium_browser, live_server, demo
) -> None:
    for username, pages in {
        "caseworker": [("/", "Hello"), ("/clients/", "Clients"), ("/tasks/", "Your tasks")],
        "teamlead": [("/", "Hello"), ("/referrals/", "Referrals"), ("/clients/?page=2", "Clients")],
    }.items():
        page = signed_in_on_a_phone(chromium_browser, live_server, demo[username])
        for url, heading in pages:
            visit(page, url, heading)
        if username == "caseworker":
            # Each value names its column; the table stays a table for screen readers.
            page.goto("/")
            card = page.locator("#caseload-count").locator("xpath=..").locator("tbody tr").first
            label = card.locator("td[data-label='Stage']").evaluate(
                "cell => getComputedStyle(cell, '::before').content"
            )
            assert label == '"Stage: "'
            expect(page.get_by_role("columnheader", name="Last contact")).to_have_count(1)
        page.context.close()


def test_the_safeguarding_pages_fit_a_phone_with_the_demo_service(
    chromium_browser, live_server
) -> None:
    from wingman.safeguarding.models import Concern, RiskFlag

    build_demo()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["caseworker", "safeguarding", "dpo"])
    }
    concern = Concern.objects.exclude(category="staff_allegation").order_by("pk").first()
    flagged = RiskFlag.objects.filter(client__caseworker=users["caseworker"]).first()
    assert concern is not None and flagged is not None
    for username, pages in {
        "safeguarding": [
            ("/safeguarding/", "Safeguarding concerns"),
            (f"/safeguarding/concerns/{concern.pk}/", concern.get_category_display()),
            ("/safeguarding/on-call/", "On call"),
        ],
        "caseworker": [
            ("/safeguarding/crisis-call/", "Crisis call"),
            (f"/clients/{flagged.client_id}/flags/", "Risk flags"),
            (f"/clients/{flagged.client_id}/", flagged.client.display_name),
        ],
        "dpo": [("/audit/safeguarding/", "Safeguarding register")],
    }.items():
        page = signed_in_on_a_phone(chromium_browser, live_server, users[username])
        for url, heading in pages:
            visit(page, url, heading)
        page.context.close()
