"""A team lead opens the team dashboard from the home page, sees the chart of caseloads against
capacity with its table, and follows a caseworker's name to their caseload. Each page passes
axe-core, and the dashboard fits a phone."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from testing.factories import ClientFactory, JourneyFactory, TeamFactory
from wingman.accounts.choices import Role
from wingman.casework.choices import Stage

from .conftest import assert_accessible, sign_in, staff, today
from .phone import PHONE_WIDTHS, fits_every_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def a_team():
    """Team Peckham: its lead Dee, and Kim with three live clients against a capacity of two."""
    team = TeamFactory(name="Peckham")
    lead = staff(role=Role.SENIOR_CASEWORKER, team=team, first_name="Dee", last_name="Mensah")
    kim = staff(
        role=Role.CASEWORKER, team=team, first_name="Kim", last_name="Lewis", caseload_capacity=2
    )
    for given, stage in (("Jordan", Stage.COMMUNITY), ("Tyrell", Stage.IN_CUSTODY)):
        JourneyFactory(
            client=ClientFactory(team=team, caseworker=kim, given_name=given, family_name="Cole"),
            stage=stage,
            expected_release_date=today() + timedelta(days=9),
        )
    JourneyFactory(
        client=ClientFactory(team=team, caseworker=kim, given_name="Marcus", family_name="Reid"),
        stage=Stage.COMMUNITY,
    )
    return {"lead": lead, "kim": kim}


def test_a_team_lead_sees_caseloads_against_capacity_and_opens_a_caseload(
    page_in: Page, a_team
) -> None:
    sign_in(page_in, a_team["lead"])
    page_in.goto("/")
    page_in.get_by_role("main").get_by_role("link", name="Team dashboard").click()
    expect(page_in.get_by_role("heading", level=1, name="Team dashboard: Peckham")).to_be_visible()
    chart = page_in.locator('svg[aria-describedby="team-caseloads"]')
    expect(chart).to_be_visible()
    table = page_in.locator("table#team-caseloads")
    expect(table).to_be_visible()
    kim = table.get_by_role("row", name="Kim Lewis")
    expect(kim).to_contain_text("Over capacity")
    expect(kim.get_by_role("cell").first).to_have_text("3")
    assert_accessible(page_in, "The team dashboard")

    kim.get_by_role("link", name="Kim Lewis").click()
    expect(page_in.get_by_role("heading", level=1, name="Caseload of Kim Lewis")).to_be_visible()
    for name in ("Jordan Cole", "Tyrell Cole", "Marcus Reid"):
        expect(page_in.get_by_role("link", name=name)).to_be_visible()
    assert_accessible(page_in, "A caseworker's caseload from the team dashboard")


def test_the_dashboards_fit_a_phone(page_in: Page, a_team) -> None:
    sign_in(page_in, a_team["lead"])
    page_in.goto("/dashboards/team/")
    expect(page_in.locator("table#team-caseloads")).to_be_visible()
    fits_every_phone(page_in, "The team dashboard")
    page_in.goto(f"/dashboards/team/caseworkers/{a_team['kim'].pk}/")
    expect(page_in.get_by_role("link", name="Marcus Reid")).to_be_visible()
    fits_every_phone(page_in, "A caseworker's caseload")


def test_the_organisation_dashboard_draws_its_trends_beside_their_tables_on_a_phone(
    page_in: Page, a_team
) -> None:
    manager = staff(role=Role.MANAGER, team=a_team["kim"].team, first_name="Ola")
    sign_in(page_in, manager)
    page_in.set_viewport_size(PHONE_WIDTHS[-1])
    page_in.goto("/")
    page_in.get_by_role("main").get_by_role("link", name="Organisation dashboard").click()
    expect(page_in.get_by_role("heading", level=1, name="Organisation dashboard")).to_be_visible()
    for table in ("trend-counts", "trend-hours"):
        expect(page_in.locator(f'svg[aria-describedby="{table}"]')).to_be_visible()
        expect(page_in.locator(f"table#{table}")).to_be_attached()
    fits_every_phone(page_in, "The organisation dashboard")
