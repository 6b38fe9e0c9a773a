"""A caseworker records a review that moves three pathways, and sees the distance travelled: the
chart, its table and the change since intake. The assessment pages pass axe-core at 320 pixels
wide and do not scroll sideways."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from testing.factories import ClientFactory, JourneyFactory, TeamFactory
from wingman.accounts.choices import Role
from wingman.assessments import services as assessments
from wingman.assessments.choices import NeedStatus
from wingman.casework.choices import Stage

from .conftest import assert_accessible, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW: ViewportSize = {"width": 320, "height": 640}


@pytest.fixture
def twelve_weeks_on():
    """A caseworker, and a young man whose intake was twelve weeks ago, every pathway at 4."""
    team = TeamFactory(name="Brixton")
    worker = staff(role=Role.CASEWORKER, team=team, first_name="Kim", last_name="Lewis")
    client = ClientFactory(
        team=team, caseworker=worker, given_name="Jordan", family_name="Baptiste"
    )
    opened = today() - timedelta(weeks=12, days=3)
    JourneyFactory(client=client, stage=Stage.COMMUNITY, opened_on=opened, stage_since=opened)
    ladder = assessments.ensure_wingman_ladder()
    assessments.assessment_make(
        actor=worker,
        client=client,
        instrument=ladder,
        kind="intake",
        assessed_on=today() - timedelta(weeks=12, days=1),
        answers={
            q.pk: {"status": NeedStatus.SUPPORT_REQUIRED, "score": 4, "evidence": ""}
            for q in ladder.questions.all()
        },
    )
    return {"worker": worker, "client": client}


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"] + 1, f"{page.url} is {width}px wide at 320px"


def check(page: Page, heading: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    fits(page)
    assert_accessible(page, f"The page '{heading}' at 320px")


def score(page: Page, question: str, value: str) -> None:
    page.get_by_role("group", name=question).get_by_label("Caseworker's score").select_option(value)


def test_a_caseworker_records_a_review_and_sees_the_distance_travelled(
    page_in: Page, twelve_weeks_on
) -> None:
    client = twelve_weeks_on["client"]
    sign_in(page_in, twelve_weeks_on["worker"])
    page_in.set_viewport_size(NARROW)

    page_in.goto("/")
    reviews = page_in.locator("#reviews-due + p + ul")
    expect(reviews).to_contain_text("Review due")
    assert_accessible(page_in, "The home page with reviews due at 320px")
    reviews.get_by_role("link", name="Jordan Baptiste").click()
    check(page_in, "Needs assessments")

    page_in.get_by_role("button", name="Start an assessment").click()
    check(page_in, "Start an assessment")
    expect(page_in.get_by_text("The intake is recorded: this is a review.")).to_be_visible()
    page_in.get_by_label("Review").check()
    page_in.get_by_role("button", name="Continue").click()

    check(page_in, "Record the review")
    expect(
        page_in.get_by_role("group", name="Accommodation").get_by_label("Caseworker's score")
    ).to_have_value("4")
    score(page_in, "Accommodation", "7")
    score(page_in, "Education, skills and work", "6")
    score(page_in, "Drugs and alcohol", "3")
    page_in.get_by_role("group", name="Accommodation").get_by_label("Status").select_option(
        NeedStatus.IN_PROGRESS
    )
    page_in.get_by_role("group", name="Accommodation").get_by_label("Evidence").fill(
        "Moved into a hostel with a move-on plan"
    )
    page_in.get_by_role("button", name="Save review").click()

    check(page_in, re.compile(r"^Review on "))
    expect(page_in.get_by_text("Moved into a hostel with a move-on plan")).to_be_visible()
    page_in.get_by_role("link", name="Back to assessments").click()

    check(page_in, "Needs assessments")
    figure = page_in.locator("figure")
    expect(figure.locator("svg[role='img']")).to_be_visible()
    assert figure.locator("svg polyline").count() == 11
    table = page_in.locator("table#distance")
    expect(table.get_by_role("row", name="Accommodation")).to_contain_text("+3")
    expect(table.get_by_role("row", name="Education, skills and work")).to_contain_text("+2")
    expect(table.get_by_role("row", name="Drugs and alcohol")).to_contain_text("\u22121")
    expect(table.get_by_role("row", name="Safety and threats")).to_contain_text("No change")

    page_in.goto(f"/clients/{client.pk}/")
    on_record = page_in.locator("table#record-distance")
    expect(on_record.get_by_role("row", name="Accommodation")).to_contain_text("+3")
    expect(page_in.locator("svg[aria-describedby='record-distance']")).to_be_visible()
    fits(page_in)
    assert_accessible(page_in, "The client record with distance travelled at 320px")
