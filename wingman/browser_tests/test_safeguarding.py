"""Wednesday: a disclosure. On a home visit a young woman tells her caseworker that her boyfriend
hits her. The caseworker raises a domestic abuse concern with her own words before she leaves the
estate; the safeguarding lead sees it on her home page, triages it red, refers to MARAC with
their reference and closes it with a reason. The raise form and the concern page are checked
with axe at 320 pixels wide, and Hide this page blanks the screen with JavaScript switched off."""

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from testing.factories import BoroughFactory, ClientFactory, JourneyFactory, TeamFactory
from wingman.accounts.choices import Role
from wingman.casework.choices import Stage
from wingman.safeguarding.models import Concern, StatutoryReferral

from .conftest import assert_accessible, fill_date, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW: ViewportSize = {"width": 320, "height": 720}
OWN_WORDS = "He hit me when I said I was going to my mum's. He said next time it's worse."


@pytest.fixture
def team():
    return TeamFactory(borough=BoroughFactory(name="Lambeth"), name="Brixton")


@pytest.fixture
def caseworker(team):
    return staff(role=Role.CASEWORKER, team=team, first_name="Shanice", last_name="Grant")


@pytest.fixture
def lead(team):
    return staff(
        role=Role.SAFEGUARDING_LEAD,
        team=None,
        organisation=team.borough.organisation,
        first_name="Marcus",
        last_name="Bell",
    )


@pytest.fixture
def client(caseworker):
    person = ClientFactory(
        team=caseworker.team, caseworker=caseworker, given_name="Keisha", family_name="Morris"
    )
    JourneyFactory(client=person, stage=Stage.COMMUNITY)
    return person


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"] + 1, f"{page.url} is {width}px wide at {NARROW['width']}px"


def raise_the_concern(page: Page, client: Any) -> None:
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("button", name="Raise a concern").click()
    page.get_by_label("Risk from others: domestic abuse, as a victim").check()
    day = today()
    fill_date(page, "Date it happened", str(day.day), str(day.month), str(day.year))
    page.get_by_label("Where it happened").fill("Her flat")
    page.get_by_label("What was seen and heard").fill(
        "Bruising on her upper arm. She was crying and said her boyfriend hits her."
    )
    page.get_by_label("Their own words").fill(OWN_WORDS)
    page.get_by_label("Immediate action taken").fill("Gave her the refuge number.")
    page.get_by_role("button", name="Send to the safeguarding lead").click()


def test_wednesday_a_disclosure_reaches_the_lead_who_triages_refers_and_closes(
    page_in: Page, caseworker, lead, client
) -> None:
    sign_in(page_in, caseworker)
    raise_the_concern(page_in, client)
    expect(page_in.get_by_text("Your concern was sent to the safeguarding lead")).to_be_visible()
    expect(page_in.get_by_text(OWN_WORDS)).to_be_visible()
    concern = Concern.objects.get(client=client)
    assert concern.entries.get().own_words == OWN_WORDS
    page_in.get_by_role("button", name="Sign out").click()

    sign_in(page_in, lead)
    waiting = page_in.locator("#safeguarding-awaiting-triage + ul")
    expect(waiting).to_contain_text("Keisha Morris")
    expect(
        page_in.get_by_text("Shanice Grant (Caseworker) raised a safeguarding concern")
    ).to_be_visible()
    waiting.get_by_role("link", name="Risk from others: domestic abuse, as a victim").click()
    expect(page_in.get_by_text(OWN_WORDS)).to_be_visible()

    page_in.get_by_role("button", name="Triage").click()
    expect(page_in.get_by_text("Red: action due by")).to_be_visible()
    page_in.get_by_label("Red", exact=True).check()
    page_in.get_by_label("Reason for the grade").fill(
        "Escalating threats; she is frightened of the next time."
    )
    page_in.get_by_role("button", name="Save triage").click()
    expect(page_in.get_by_text("Concern triaged red")).to_be_visible()

    page_in.get_by_role("button", name="Refer").click()
    page_in.get_by_label("MARAC (multi-agency risk assessment conference)").check()
    day = today()
    fill_date(page_in, "Date of the referral", str(day.day), str(day.month), str(day.year))
    page_in.get_by_label("Their reference number").fill("MARAC/LAM/2231")
    page_in.get_by_label("Reason for referring").fill("High risk on the DASH checklist.")
    page_in.get_by_role("button", name="Save referral").click()
    expect(page_in.get_by_text("MARAC/LAM/2231")).to_be_visible()

    page_in.get_by_role("button", name="Close").click()
    page_in.get_by_label("Reason for closing").fill(
        "Heard at MARAC; safety plan in place with the IDVA."
    )
    page_in.get_by_role("button", name="Close concern").click()
    expect(page_in.get_by_text("Concern closed")).to_be_visible()
    concern.refresh_from_db()
    assert (concern.status, concern.grade) == ("closed", "red")
    assert StatutoryReferral.objects.get(concern=concern).reference == "MARAC/LAM/2231"


def test_the_raise_form_and_the_concern_page_are_accessible_at_320_pixels(
    page_in: Page, caseworker, client
) -> None:
    sign_in(page_in, caseworker)
    page_in.set_viewport_size(NARROW)
    page_in.goto(f"/clients/{client.pk}/concerns/new/")
    expect(
        page_in.get_by_role("heading", level=1, name="Raise a safeguarding concern")
    ).to_be_visible()
    fits(page_in)
    assert_accessible(page_in, "The raise form at 320px")
    page_in.get_by_role("button", name="Send to the safeguarding lead").click()
    expect(page_in.get_by_role("heading", name="There is a problem")).to_be_visible()
    fits(page_in)
    assert_accessible(page_in, "The raise form with errors, at 320px")
    raise_the_concern(page_in, client)
    expect(page_in.get_by_role("heading", level=1)).to_have_text(
        "Risk from others: domestic abuse, as a victim"
    )
    fits(page_in)
    assert_accessible(page_in, "The concern page at 320px")


def test_hide_this_page_blanks_the_screen_without_javascript(
    chromium_browser: Browser, live_server: Any, caseworker, client
) -> None:
    context = chromium_browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
        java_script_enabled=False,
        viewport=NARROW,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, caseworker)
        page.goto(f"/clients/{client.pk}/concerns/new/")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        hide = page.get_by_role("link", name="Hide this page")
        expect(hide).to_be_focused()
        cover = page.locator("#wm-quick-hide")
        expect(cover).to_be_hidden()
        page.keyboard.press("Enter")
        expect(cover).to_be_visible()
        box = cover.bounding_box()
        assert box is not None
        assert (box["x"], box["y"]) == (0, 0)
        assert box["width"] >= NARROW["width"] and box["height"] >= NARROW["height"]
        page.get_by_role("link", name="Show the page").click()
        expect(cover).to_be_hidden()
        expect(
            page.get_by_role("heading", level=1, name="Raise a safeguarding concern")
        ).to_be_visible()
    finally:
        context.close()
