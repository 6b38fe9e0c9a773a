"""Outcomes in the browser: a caseworker records a client's training starting, with the evidence,
and it shows on the client record; every outcomes page (and the manager's indicator pages) is
free of serious accessibility failures on a 320-pixel phone, without scrolling sideways."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from testing.factories import (
    BoroughFactory,
    ClientFactory,
    FundingStreamFactory,
    JourneyFactory,
    TeamFactory,
)
from wingman.accounts.choices import Role
from wingman.outcomes.models import IndicatorAssignment, IndicatorDefinition, Outcome, OutcomeType

from .conftest import assert_accessible, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW: ViewportSize = {"width": 320, "height": 720}


@pytest.fixture
def stream():
    return FundingStreamFactory(borough=BoroughFactory(name="Southwark"), name="Custody leavers")


@pytest.fixture
def team(stream):
    return TeamFactory(borough=stream.borough, name="Peckham")


@pytest.fixture
def caseworker(team):
    return staff(role=Role.CASEWORKER, team=team, first_name="Junior", last_name="Smith")


@pytest.fixture
def tyrone(team, caseworker, stream):
    client = ClientFactory(
        team=team, caseworker=caseworker, given_name="Tyrone", family_name="Baptiste"
    )
    JourneyFactory(client=client, funding_stream=stream)
    return client


def fits(page: Page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{what} is {width}px wide at {NARROW['width']}px"
    assert_accessible(page, f"{what} at {NARROW['width']}px")


def test_a_caseworker_records_training_started_and_it_shows_on_the_client_record(
    page_in: Page, caseworker, tyrone
) -> None:
    sign_in(page_in, caseworker)
    page_in.goto(f"/clients/{tyrone.pk}/")
    page_in.get_by_role("button", name="Record an outcome").click()
    page_in.get_by_label("Outcome", exact=True).select_option(label="Training started")
    page_in.get_by_label("Evidence").fill(
        "Place confirmed on the CSCS course; he was there on day one."
    )
    page_in.get_by_role("button", name="Save outcome").click()

    expect(page_in.get_by_text("Outcome recorded: Training started")).to_be_visible()
    latest = page_in.locator("#outcomes ~ ul").first
    expect(latest).to_contain_text("Training started")
    expect(page_in.get_by_text("1 outcome achieved")).to_be_visible()
    page_in.get_by_role("link", name="All outcomes").click()
    expect(page_in.get_by_role("cell", name="Place confirmed on the CSCS course")).to_be_visible()
    outcome = Outcome.objects.get()
    assert outcome.journey == tyrone.journeys.get() and outcome.recorded_by == caseworker


def test_the_outcomes_and_indicator_pages_pass_axe_on_a_320_pixel_phone(
    chromium_browser, live_server, caseworker, tyrone, team, stream
) -> None:
    kind = OutcomeType.objects.get(name="ID obtained")
    outcome = Outcome.objects.create(
        client=tyrone,
        journey=tyrone.journeys.get(),
        outcome_type=kind,
        achieved_on=today() - timedelta(days=3),
        evidence="Provisional driving licence seen.",
        recorded_by=caseworker,
    )
    Outcome.objects.create(
        client=tyrone,
        journey=tyrone.journeys.get(),
        outcome_type=OutcomeType.objects.get(name="Bank account opened"),
        achieved_on=today() - timedelta(days=2),
        evidence="Card seen.",
        recorded_by=caseworker,
        status="withdrawn",
        withdrawn_reason="Recorded twice.",
        withdrawn_on=today(),
        withdrawn_by=caseworker,
    )
    indicator = IndicatorDefinition.objects.create(
        organisation=team.borough.organisation, name="ID, benefits and a bank account"
    )
    indicator.outcome_types.add(kind)
    IndicatorAssignment.objects.create(
        indicator=indicator,
        funding_stream=stream,
        target=20,
        baseline=12,
        period_start=today() - timedelta(days=100),
        period_end=today() + timedelta(days=265),
    )
    manager = staff(role=Role.MANAGER, team=team, first_name="Grace", last_name="Owusu")
    for person, pages in (
        (
            caseworker,
            [
                (f"/clients/{tyrone.pk}/", "Tyrone Baptiste"),
                (f"/clients/{tyrone.pk}/outcomes/", "Outcomes"),
                (f"/clients/{tyrone.pk}/outcomes/new/", "Record an outcome"),
                (f"/outcomes/{outcome.pk}/edit/", "Change the outcome: ID obtained"),
                (f"/outcomes/{outcome.pk}/withdraw/", f"Withdraw the outcome: {outcome}"),
            ],
        ),
        (
            manager,
            [
                ("/funding-streams/indicators/", "Funding streams' indicators"),
                (f"/funding-streams/{stream.pk}/indicators/", "Custody leavers: indicators"),
            ],
        ),
    ):
        context = chromium_browser.new_context(
            base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
        )
        page = context.new_page()
        sign_in(page, person)
        page.set_viewport_size(NARROW)
        for url, heading in pages:
            page.goto(url)
            expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
            fits(page, url)
        if person == caseworker:
            # A refused form, with its error summary, passes too.
            page.goto(f"/clients/{tyrone.pk}/outcomes/new/")
            page.get_by_role("button", name="Save outcome").click()
            expect(page.get_by_text("There is a problem")).to_be_visible()
            fits(page, "the refused outcome form")
        context.close()
