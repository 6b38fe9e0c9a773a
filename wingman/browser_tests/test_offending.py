"""A caseworker records an offence with a conviction and sees the proven reoffending status
change; the offending pages and the cohort page pass axe at 320 pixels wide and do not scroll
sideways."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from testing.factories import BoroughFactory, ClientFactory, JourneyFactory, TeamFactory
from wingman.accounts.choices import Role
from wingman.casework.choices import Stage
from wingman.offending import services

from .conftest import assert_accessible, fill_date, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW: ViewportSize = {"width": 320, "height": 640}


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{page.url} is {width}px wide at 320px"


@pytest.fixture
def people():
    team = TeamFactory(borough=BoroughFactory(name="Southwark"), name="Peckham")
    lead = staff(role=Role.SENIOR_CASEWORKER, team=team, first_name="Ade", last_name="Okoro")
    worker = staff(role=Role.CASEWORKER, team=team, first_name="Kim", last_name="Lewis")
    started = today() - timedelta(days=60)
    client = ClientFactory(
        team=team,
        caseworker=worker,
        given_name="Jordan",
        family_name="Baptiste",
        gender="male",
        date_of_birth=started.replace(year=started.year - 19),
    )
    JourneyFactory(client=client, stage=Stage.COMMUNITY, opened_on=started, stage_since=started)
    services.offence_record(
        actor=worker,
        client=client,
        data={
            "committed_on": started - timedelta(days=200),
            "category": "robbery",
            "disposal": "conviction",
            "disposal_on": started - timedelta(days=10),
            "sentence": "Youth rehabilitation order",
            "source": "youth_offending_team",
        },
    )
    # Enough of a cohort for the figures to show.
    for n in range(10):
        other = ClientFactory(
            team=team,
            caseworker=worker,
            given_name=f"Member{n}",
            gender="male",
            date_of_birth=started.replace(year=started.year - 17),
        )
        JourneyFactory(client=other, stage=Stage.COMMUNITY, opened_on=started, stage_since=started)
    return {"lead": lead, "worker": worker, "client": client, "started": started}


def test_recording_a_conviction_shows_as_a_proven_reoffence(page_in: Page, people) -> None:
    page = page_in
    client, started = people["client"], people["started"]
    sign_in(page, people["worker"])
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("link", name="Offending history and proven reoffending").click()
    expect(page.get_by_role("heading", level=1, name="Offending history")).to_be_visible()
    expect(page.locator("#reoffending-status")).to_contain_text(
        "No proven reoffence in the 12 months from"
    )
    expect(page.locator("#reoffending-status")).to_contain_text("provisional until then")

    page.get_by_role("button", name="Record an offence").click()
    committed = started + timedelta(days=20)
    fill_date(page, "Offence date", str(committed.day), str(committed.month), str(committed.year))
    page.get_by_label("Kind of offence").select_option(label="Burglary (domestic)")
    page.get_by_role("radio", name="Conviction", exact=True).check()
    decided = today()
    fill_date(
        page,
        "Date of the outcome (optional)",
        str(decided.day),
        str(decided.month),
        str(decided.year),
    )
    page.get_by_label("Sentence").fill("Referral order, 9 months")
    page.get_by_role("radio", name="Court", exact=True).check()
    page.get_by_role("button", name="Save offence").click()

    expect(page.get_by_text("Offence recorded: Burglary (domestic)")).to_be_visible()
    expect(page.locator("#reoffending-status")).to_contain_text(
        "1 proven reoffence in the 12 months from"
    )
    expect(page.get_by_role("cell", name="Referral order, 9 months")).to_be_visible()


def test_the_offending_pages_pass_axe_at_320_pixels(page_in: Page, people) -> None:
    page = page_in
    client = people["client"]
    sign_in(page, people["lead"])
    page.set_viewport_size(NARROW)
    for url, heading in [
        (f"/clients/{client.pk}/offending/", "Offending history"),
        (f"/clients/{client.pk}/offending/offences/new/", "Record an offence"),
        (f"/offending/offences/{client.offences.get().pk}/edit/", "Correct an offence"),
        ("/offending/reoffending/", "Proven reoffending by cohort"),
        ("/offending/reoffending/?by=month", "Proven reoffending by cohort"),
        (f"/clients/{client.pk}/", "Jordan Baptiste"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        fits(page)
        assert_accessible(page, f"{url} at 320px")
    page.goto("/offending/reoffending/")
    expect(page.get_by_text("Not shown: fewer than 10 people")).to_be_visible()
