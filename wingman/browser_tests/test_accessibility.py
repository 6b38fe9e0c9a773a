"""Every main page passes axe-core with no serious or critical violation, and the pages a
caseworker uses on a phone do not scroll sideways at 320 pixels wide."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from testing.factories import (
    BoroughFactory,
    ClientFactory,
    FundingStreamFactory,
    JourneyFactory,
    ReferralFactory,
    TeamFactory,
)
from wingman.accounts.choices import Role
from wingman.casework import services as casework
from wingman.casework.choices import ContactType, PartnerType, Stage, TaskKind
from wingman.core.pathways import Pathway
from wingman.referrals.choices import Cohort, Source

from .conftest import assert_accessible, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW: ViewportSize = {"width": 320, "height": 640}


@pytest.fixture
def casework_data():
    """A team lead, a caseworker, and clients at each point of the work."""
    borough = BoroughFactory(name="Lambeth")
    FundingStreamFactory(borough=borough, name="Custody leavers", cohort=Cohort.CUSTODY_LEAVERS)
    FundingStreamFactory(
        borough=borough, name="Young people at risk", cohort=Cohort.AT_RISK_OF_EXPLOITATION
    )
    team = TeamFactory(borough=borough, name="Brixton")
    lead = staff(role=Role.SENIOR_CASEWORKER, team=team, first_name="Ade", last_name="Okoro")
    worker = staff(role=Role.CASEWORKER, team=team, first_name="Kim", last_name="Lewis")

    released = ClientFactory(
        team=team, caseworker=lead, given_name="Jordan", family_name="Baptiste", borough=borough
    )
    journey = JourneyFactory(client=released, stage=Stage.IN_CUSTODY, establishment="HMP Thameside")
    journey = casework.journey_move(actor=lead, journey=journey, to=Stage.RELEASE_DAY, on=today())
    casework.checklist_set(actor=lead, journey=journey, item="met_at_gate", status="done")
    casework.contact_log(
        actor=lead,
        client=released,
        data={
            "occurred_on": today(),
            "minutes": 240,
            "contact_type": ContactType.RELEASE_DAY_MEET,
            "pathways": [Pathway.ACCOMMODATION, Pathway.DRUGS_ALCOHOL],
            "note": "Met at the gate.",
        },
    )
    casework.task_create(
        actor=lead,
        client=released,
        data={"kind": TaskKind.APPOINTMENT, "title": "Probation appointment", "due_on": today()},
    )
    casework.task_create(
        actor=lead,
        client=released,
        data={
            "kind": TaskKind.FOLLOW_UP,
            "title": "Check the hostel place",
            "due_on": today() - timedelta(days=2),
        },
    )
    casework.partner_referral_make(
        actor=lead,
        client=released,
        data={"partner_type": PartnerType.TRAINING, "partner_name": "CSCS card course"},
    )
    in_custody = ClientFactory(
        team=team, caseworker=worker, given_name="Tyrone", family_name="Hall"
    )
    JourneyFactory(
        client=in_custody,
        stage=Stage.IN_CUSTODY,
        establishment="HMYOI Feltham",
        expected_release_date=today() + timedelta(days=3),
    )
    waiting = ReferralFactory(
        client=ClientFactory(team=team, given_name="Aisha", family_name="Khan", created_by=lead),
        source=Source.SCHOOL,
        reason="Seen carrying for older boys after school.",
    )
    return {
        "lead": lead,
        "released": released,
        "journey": journey,
        "contact": released.contacts.get(),
        "referral": waiting,
    }


def visit(page: Page, url: str, heading: str | re.Pattern[str]) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    assert_accessible(page, f"The page '{heading}'")


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"] + 1, f"{page.url} is {width}px wide at 320px"


def test_main_pages_have_no_serious_accessibility_violations(page_in: Page, casework_data) -> None:
    released = casework_data["released"].pk
    journey = casework_data["journey"].pk
    referral = casework_data["referral"].pk

    visit(page_in, "/sign-in/", "Sign in to Wingman")
    sign_in(page_in, casework_data["lead"])

    visit(page_in, "/", "Hello, Ade")
    visit(page_in, "/clients/", "Clients")
    visit(page_in, f"/clients/{released}/", "Jordan Baptiste")
    visit(page_in, f"/clients/{released}/edit/", re.compile("Change Jordan Baptiste"))
    visit(page_in, f"/clients/{released}/allocate/", re.compile("Allocate"))
    visit(page_in, "/referrals/", "Referrals")
    visit(page_in, "/referrals/new/", "Record a referral")
    page_in.get_by_role("button", name="Record referral").click()
    expect(page_in.get_by_role("alert").get_by_text("There is a problem").first).to_be_visible()
    assert_accessible(page_in, "The new referral page with errors")
    visit(page_in, f"/referrals/{referral}/", "Aisha Khan")
    visit(page_in, f"/referrals/{referral}/accept/", "Accept into a funding stream")
    visit(page_in, f"/referrals/{referral}/accept-unfunded/", "Accept as unfunded")
    visit(page_in, f"/journeys/{journey}/", "Journey")
    page_in.get_by_text("Update").first.click()
    assert_accessible(page_in, "The journey page with a checklist item open")
    visit(page_in, f"/journeys/{journey}/move/", "Move the journey on")
    visit(page_in, f"/journeys/{journey}/custody/", "Custody details")
    visit(page_in, f"/journeys/{journey}/rotl/new/", "Record release on temporary licence (ROTL)")
    visit(
        page_in, f"/journeys/{journey}/checklist/somewhere_to_sleep/", "Somewhere to sleep tonight"
    )
    visit(page_in, f"/clients/{released}/contacts/new/", "Log a contact")
    page_in.get_by_role("button", name="Save contact").click()
    expect(page_in.get_by_role("alert").get_by_text("There is a problem").first).to_be_visible()
    assert_accessible(page_in, "The new contact page with errors")
    visit(page_in, f"/contacts/{casework_data['contact'].pk}/", re.compile("Release-day meet"))
    visit(page_in, f"/clients/{released}/partner-referrals/new/", "Make a partner referral")
    visit(page_in, "/tasks/", "Your tasks")

    page_in.set_viewport_size(NARROW)
    visit(page_in, "/", "Hello, Ade")
    no_sideways_scroll(page_in)
    visit(page_in, f"/clients/{released}/", "Jordan Baptiste")
    no_sideways_scroll(page_in)

    page_in.get_by_role("button", name="Menu").click()
    page_in.get_by_role("button", name="Sign out").click()
    expect(page_in.get_by_text("You have signed out.")).to_be_visible()
    assert_accessible(page_in, "The sign-in page after signing out")
    no_sideways_scroll(page_in)


def test_error_pages_are_the_products_own_and_pass_axe(page_in: Page, settings) -> None:
    """400, 403, 404 and 500 pages: GOV.UK markup, no serious axe violation, and their script
    ran under the CSP (the nonce was kept: the body has the js-enabled class)."""
    settings.ROOT_URLCONF = "wingman.core.tests.failing_urls"
    funder = staff(role=Role.FUNDER, team=None, first_name="Fay")
    sign_in(page_in, funder)
    for url, heading in [
        ("/no-such-page/", "Page not found"),
        ("/clients/", "Your role cannot do this"),
        ("/clients/?q=%00", "The request could not be read"),
        ("/broken/", "Sorry, there is a problem with the service"),
    ]:
        visit(page_in, url, heading)
        assert "js-enabled" in page_in.evaluate("document.body.className"), url
