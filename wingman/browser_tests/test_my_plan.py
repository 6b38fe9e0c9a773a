"""A caseworker writes a goal and an action with the young person, on a phone, and prints "my
plan": the page's print stylesheet applies, and the PDF downloaded holds what they wrote. Every
page of the support plan is checked with axe at 320 pixels wide."""

import subprocess

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from testing.factories import give_casework, world
from wingman.accounts.choices import Role

from .conftest import assert_accessible, fill_date, sign_in, today
from .test_phone_width import fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROWEST: ViewportSize = {"width": 320, "height": 720}


def checked(page: Page, what: str, heading: str | None = None) -> None:
    """`what` fits 320 pixels and axe finds nothing serious, once the page with `heading` (if
    given: the page a click has just asked for) has arrived."""
    if heading:
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROWEST["width"], f"{page.url} is {width}px wide at 320px"
    assert_accessible(page, f"{what} at 320px")


def test_a_caseworker_writes_a_goal_and_an_action_and_prints_my_plan(page_in: Page, tmp_path):
    people = world()
    caseworker = people["users"][Role.CASEWORKER]
    own = people["clients"]["own"]
    give_casework(own, caseworker, own.journeys.get())
    page = page_in
    sign_in(page, caseworker)
    page.set_viewport_size(NARROWEST)

    page.goto(f"/clients/{own.pk}/")
    page.get_by_role("button", name="Start a support plan").click()
    expect(page.get_by_role("heading", level=1, name="Start a support plan")).to_be_visible()
    checked(page, "starting a plan")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", level=1, name="Support plan")).to_be_visible()

    page.get_by_role("button", name="Add a goal").click()
    checked(page, "adding a goal", heading="Add a goal")
    page.get_by_label("Education, skills and work").check()
    page.get_by_label("The goal in their own words").fill("I want to be an electrician")
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_text("“I want to be an electrician”")).to_be_visible()

    page.get_by_role("link", name="Add an action to the goal: Education, skills and work").click()
    checked(page, "adding an action", heading="Add an action")
    page.get_by_label("What needs doing").fill("Go to the college open day")
    page.get_by_label("The client").check()
    due = today().replace(day=28)
    fill_date(page, "Due date", str(due.day), str(due.month), str(due.year + 1))
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("cell", name="Go to the college open day")).to_be_visible()
    fits_the_phone(page)
    checked(page, "the support plan")

    page.get_by_role("link", name="Move on Go to the college open day").click()
    checked(page, "moving an action on", heading="Move the action on")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Link work to Go to the college open day").click()
    checked(page, "linking work to an action", heading="Link the work that served this action")
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("button", name="My plan, for Own Example").click()
    expect(page.get_by_role("heading", level=1, name="My plan")).to_be_visible()
    expect(page.get_by_text("“I want to be an electrician”")).to_be_visible()
    expect(page.get_by_text("Go to the college open day.")).to_be_visible()
    checked(page, "my plan")

    page.emulate_media(media="print")
    expect(page.locator(".govuk-generic-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Download my plan (PDF)")).to_be_hidden()
    font = page.locator(".wm-my-plan").evaluate("e => getComputedStyle(e).fontFamily")
    assert "DejaVu Sans" in font
    page.emulate_media(media="screen")
    expect(page.locator(".govuk-generic-header")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download my plan (PDF)").click()
    pdf = tmp_path / "my-plan.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(  # noqa: S603 (our own file, a fixed program)
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "I want to be an electrician" in flat and "Go to the college open day" in flat
    assert "You do this" in flat and "School, training and work" in flat
