"""A team lead checks who could go in a Justice Data Lab file, follows a link to a client kept out
for want of consent and records it; the pages and the unit costs page pass axe at 320 pixels
wide and do not scroll sideways."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from testing.factories import BoroughFactory, ClientFactory, JourneyFactory, TeamFactory
from wingman.accounts.choices import Role
from wingman.casework.choices import Stage

from .conftest import assert_accessible, fill_date, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW: ViewportSize = {"width": 320, "height": 640}


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{page.url} is {width}px wide at 320px"


@pytest.fixture
def people():
    borough = BoroughFactory(name="Southwark")
    team = TeamFactory(borough=borough, name="Peckham")
    lead = staff(role=Role.SENIOR_CASEWORKER, team=team, first_name="Ade", last_name="Okoro")
    manager = staff(role=Role.MANAGER, team=team, first_name="Mo", last_name="Ellis")
    started = today() - timedelta(days=800)
    client = ClientFactory(
        team=team,
        caseworker=lead,
        given_name="Jordan",
        family_name="Baptiste",
        gender="male",
        date_of_birth=started.replace(year=started.year - 19),
    )
    JourneyFactory(client=client, stage=Stage.COMMUNITY, opened_on=started, stage_since=started)
    return {"lead": lead, "manager": manager, "client": client, "started": started}


def choose_dates(page: Page, first, last) -> None:  # type: ignore[no-untyped-def]
    fill_date(page, "Journeys started from", str(first.day), str(first.month), str(first.year))
    fill_date(page, "Journeys started up to", str(last.day), str(last.month), str(last.year))
    page.get_by_role("button", name="Check who can go in the file").click()


def test_a_team_lead_finds_who_is_kept_out_and_records_their_consent(page_in: Page, people):
    page = page_in
    started = people["started"]
    sign_in(page, people["lead"])
    page.goto("/justice-data-lab/")
    choose_dates(page, started - timedelta(days=30), started + timedelta(days=30))
    expect(
        page.get_by_text("The Lab needs at least 60 people; this file would have 0 people.")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Consent not recorded")).to_be_visible()

    page.get_by_role("link", name="Consent of Jordan Baptiste").click()
    expect(
        page.get_by_role("heading", level=1, name="Sending them to the Justice Data Lab")
    ).to_be_visible()
    page.get_by_role("radio", name="They agree to be sent to the Lab").check()
    day = today()
    fill_date(page, "The date they said so", str(day.day), str(day.month), str(day.year))
    page.get_by_role("button", name="Save their answer").click()
    expect(page.get_by_text("Their answer is recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="Agreed", exact=True)).to_be_visible()

    page.go_back()
    page.go_back()
    page.reload()
    expect(
        page.get_by_text("The Lab needs at least 60 people; this file would have 1 person.")
    ).to_be_visible()


def test_the_justice_data_lab_and_unit_costs_pages_pass_axe_at_320_pixels(page_in: Page, people):
    page = page_in
    client, started = people["client"], people["started"]
    sign_in(page, people["manager"])
    page.set_viewport_size(NARROW)
    first, last = started - timedelta(days=30), started + timedelta(days=30)
    choice = (
        f"?started_from_day={first.day}&started_from_month={first.month}"
        f"&started_from_year={first.year}&started_to_day={last.day}"
        f"&started_to_month={last.month}&started_to_year={last.year}"
    )
    for url, heading in [
        ("/justice-data-lab/", "A file for the Justice Data Lab"),
        (f"/justice-data-lab/{choice}", "A file for the Justice Data Lab"),
        (f"/justice-data-lab/file/{choice}", "A file for the Justice Data Lab"),
        (f"/justice-data-lab/clients/{client.pk}/consent/", "Sending them to the Justice Data Lab"),
        ("/costs/", "Unit costs"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        fits(page)
        assert_accessible(page, f"{url} at 320px")
