"""Wednesday's home visit, done in the browser as a caseworker would: the client and his
girlfriend have fallen out; she says he hit her and she is using again. He is referred to the
Brief Intervention Service (his partner referral); she is given the number of a
domestic-violence helpline (signposting, never his partner referral); his younger brother is
flagged at risk of recruitment. Every family page is checked with axe at 320 pixels wide."""

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from testing.factories import BoroughFactory, ClientFactory, JourneyFactory, TeamFactory
from wingman.accounts.choices import Role
from wingman.casework.choices import Stage
from wingman.casework.models import PartnerReferral
from wingman.family.models import Relationship, Signposting

from .conftest import assert_accessible, fill_date, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW: ViewportSize = {"width": 320, "height": 800}


@pytest.fixture
def caseworker():
    team = TeamFactory(borough=BoroughFactory(name="Lambeth"), name="Brixton")
    return staff(role=Role.CASEWORKER, team=team, first_name="Junior", last_name="Smith")


@pytest.fixture
def marcus(caseworker):
    client = ClientFactory(
        team=caseworker.team, caseworker=caseworker, given_name="Marcus", family_name="Campbell"
    )
    JourneyFactory(client=client, stage=Stage.COMMUNITY)
    return client


def follow(page: Page, name: str | re.Pattern[str]) -> None:
    """Follow a link, whether it looks like a link or like a button."""
    page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name)).first.click()


def fits(page: Page, what: str, heading: str | re.Pattern[str] | None = None) -> None:
    """Nothing wider than the phone, and axe finds nothing serious, once the page with `heading`
    (if given: the page a click has just asked for) has arrived."""
    if heading:
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{what} is {width}px wide at {NARROW['width']}px"
    assert_accessible(page, f"{what} at {NARROW['width']}px")


def test_wednesday_home_visit_signposts_the_girlfriend_and_flags_the_younger_brother(
    page_in: Page, caseworker, marcus
) -> None:
    sign_in(page_in, caseworker)
    page_in.set_viewport_size(NARROW)
    page_in.goto(f"/clients/{marcus.pk}/")

    # The home visit, logged as a contact.
    follow(page_in, "Log a contact")
    page_in.get_by_label("Minutes").fill("75")
    page_in.get_by_label("Home visit").check()
    page_in.get_by_label("Who was present").fill("Marcus and his girlfriend")
    page_in.get_by_label("Note").fill(
        "They have fallen out; she says he hit her and that she is using again."
    )
    page_in.get_by_role("button", name="Save contact").click()
    expect(page_in.get_by_text("Contact logged")).to_be_visible()

    # His referral to the Brief Intervention Service is his partner referral.
    follow(page_in, "Make a partner referral")
    page_in.get_by_label("Drug and alcohol service").check()
    page_in.get_by_label("Partner's name").fill("Lambeth Brief Intervention Service")
    page_in.get_by_role("button", name="Save partner referral").click()
    expect(page_in.get_by_text("Partner referral made")).to_be_visible()

    # Her helpline number is signposting, in his work but about her.
    follow(page_in, re.compile("^Family and people"))
    expect(page_in.get_by_role("heading", level=1, name="Family and people")).to_be_visible()
    fits(page_in, "A client's family and people, empty")
    follow(page_in, "Signpost someone")
    fits(page_in, "The signposting form", heading="Signpost someone who is not the client")
    page_in.get_by_label("Someone else").check()
    page_in.get_by_label("Name (optional)", exact=True).fill("Chantelle")
    page_in.get_by_label("Who they are to the client").fill("girlfriend")
    page_in.get_by_label("Organisation").fill("National Domestic Abuse Helpline")
    page_in.get_by_label("Number or address given").fill("0808 157 0247")
    page_in.get_by_label("Abuse, as a victim").check()
    page_in.get_by_role("button", name="Save signposting").click()
    expect(page_in.get_by_text("Signposting recorded")).to_be_visible()
    row = page_in.get_by_role("row").filter(has_text="Chantelle")
    expect(row).to_contain_text("National Domestic Abuse Helpline")
    expect(row).to_contain_text("Abuse, as a victim")

    # His younger brother, flagged at risk of recruitment.
    follow(page_in, "Add someone")
    fits(page_in, "Adding someone in a client's life", heading="Add someone in their life")
    page_in.get_by_label("First name").fill("Jayden")
    page_in.get_by_label("Last name").fill("Campbell")
    fill_date(page_in, "Date of birth (optional)", "14", "6", str(today().year - 13))
    page_in.get_by_label("Brother or sister").check()
    page_in.get_by_label("In the client's words").fill("little brother")
    page_in.get_by_label("The client lives with them").check()
    page_in.get_by_role("button", name="Save").click()
    expect(page_in.get_by_text("Added: Jayden Campbell")).to_be_visible()
    follow(page_in, re.compile(r"^Flag at risk\W+Jayden Campbell"))
    fits(
        page_in,
        "Flagging someone at risk of recruitment",
        heading="Is Jayden Campbell at risk of recruitment?",
    )
    page_in.get_by_label("Why are they at risk of recruitment?").fill(
        "Older boys from the estate have been waiting for him outside school."
    )
    page_in.get_by_role("button", name="Flag at risk").click()
    expect(page_in.get_by_text("Jayden Campbell is flagged at risk of recruitment")).to_be_visible()
    brother = page_in.get_by_role("row").filter(has_text="Jayden Campbell")
    expect(brother).to_contain_text("At risk")
    fits(page_in, "A client's family and people")

    # The other family pages.
    page_in.get_by_role("link", name="Jayden Campbell").first.click()
    expect(page_in.get_by_role("heading", level=1, name="Jayden Campbell")).to_be_visible()
    fits(page_in, "A person's page")
    page_in.go_back()
    follow(page_in, "Log a family session")
    fits(page_in, "Logging a family session", heading="Log a family session")
    page_in.go_back()
    follow(page_in, "Link someone you already work with")
    page_in.get_by_label("Search by name").fill("Campbell")
    page_in.get_by_role("button", name="Search").click()
    page_in.wait_for_url(re.compile(r"[?&]q=Campbell"))
    fits(page_in, "Searching for someone to link", heading="Link someone you already work with")

    # On his record: one partner referral (his), and her signposting apart from it.
    page_in.goto(f"/clients/{marcus.pk}/")
    partners = page_in.locator("#partner-referrals + a + div table")
    expect(partners).to_contain_text("Lambeth Brief Intervention Service")
    expect(partners).not_to_contain_text("Helpline")
    expect(page_in.get_by_text("1 flagged at risk of recruitment")).to_be_visible()
    expect(
        page_in.get_by_text("Chantelle (girlfriend) to National Domestic Abuse Helpline")
    ).to_be_visible()
    fits(page_in, "The client record")

    assert list(PartnerReferral.objects.values_list("partner_name", flat=True)) == [
        "Lambeth Brief Intervention Service"
    ]
    assert Signposting.objects.get().client == marcus
    assert Relationship.objects.get(at_risk=True).person.given_name == "Jayden"
