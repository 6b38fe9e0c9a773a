"""A caseworker's week, done in the browser as a caseworker would do it."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from testing.factories import (
    BoroughFactory,
    ClientFactory,
    FundingStreamFactory,
    JourneyFactory,
    TeamFactory,
)
from wingman.accounts.choices import Role
from wingman.casework.choices import Stage
from wingman.core.dates import when

from .conftest import assert_accessible, expect_date, fill_date, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(page: Page, question: str, answer: str) -> None:
    """Answer a question asked with radios, or with a drop-down list."""
    radio = page.get_by_role("radio", name=answer, exact=True)
    if radio.count():
        radio.check()
    else:
        page.get_by_label(question).select_option(label=answer)


@pytest.fixture
def team():
    borough = BoroughFactory(name="Southwark")
    FundingStreamFactory(borough=borough, name="Custody leavers 2025")
    return TeamFactory(borough=borough, name="Peckham")


@pytest.fixture
def caseworker(team):
    return staff(role=Role.CASEWORKER, team=team, first_name="Junior", last_name="Smith")


def test_monday_walk_in_is_accepted_as_unfunded_the_same_day(page_in: Page, caseworker) -> None:
    sign_in(page_in, caseworker)

    page_in.get_by_role("link", name="Record a referral").first.click()
    page_in.get_by_label("First name").fill("Shanice")
    page_in.get_by_label("Last name").fill("Walker")
    fill_date(page_in, "Date of birth", "14", "3", "2007")
    choose(page_in, "Gender", "Female")
    page_in.get_by_label("Borough of residence").select_option(label="Southwark")
    page_in.get_by_label("Walk-in or self-referral").check()
    page_in.get_by_label("Reason for referral").fill(
        "Walked in scared. Wants to leave a newly forming girls' gang of about twenty."
    )
    expect_date(page_in, "Date received", today())
    page_in.get_by_role("button", name="Record referral").click()

    expect(page_in.get_by_text("Referral of Shanice Walker recorded")).to_be_visible()
    expect(page_in.get_by_role("heading", name="Shanice Walker")).to_be_visible()
    page_in.get_by_role("link", name="Accept as unfunded").click()
    page_in.get_by_label("Why is the work going ahead without funding?").fill(
        "No stream covers young women at risk in Southwark; she needs to be seen today."
    )
    page_in.get_by_label("In the community").check()
    page_in.get_by_role("button", name="Accept as unfunded").click()

    expect(page_in).to_have_url(re.compile(r"/clients/\d+/$"))
    expect(page_in.get_by_role("heading", name="Shanice Walker")).to_be_visible()
    expect(page_in.locator("strong.govuk-tag", has_text="Unfunded")).to_be_visible()
    referral = page_in.get_by_role("listitem").filter(has_text="Walk-in or self-referral")
    expect(referral).to_contain_text("Accepted, unfunded")

    page_in.get_by_role("link", name="Referrals", exact=True).click()
    page_in.get_by_role("link", name="Show all referrals").click()
    row = page_in.get_by_role("row").filter(has_text="Shanice Walker")
    expect(row).to_contain_text("Walk-in or self-referral")
    expect(row).to_contain_text("Accepted, unfunded")


def test_tuesday_release_day_meet_at_the_gate(page_in: Page, team, caseworker) -> None:
    client = ClientFactory(
        team=team, caseworker=caseworker, given_name="Marcus", family_name="Reid"
    )
    JourneyFactory(
        client=client,
        stage=Stage.IN_CUSTODY,
        establishment="HMYOI Rochester",
        expected_release_date=today(),
    )
    sign_in(page_in, caseworker)

    releases = page_in.get_by_role("listitem").filter(has_text="HMYOI Rochester")
    releases.get_by_role("link", name="Marcus Reid").click()
    expect(page_in.get_by_role("heading", name="Marcus Reid")).to_be_visible()
    page_in.get_by_role("link", name="Journey", exact=True).click()
    page_in.get_by_role("link", name="Move on").click()
    page_in.get_by_label("Release day").check()
    expect_date(page_in, "Date of the move", today())
    page_in.get_by_role("button", name="Move the journey").click()

    expect(page_in.get_by_text("Journey moved to release day")).to_be_visible()
    expect(page_in.get_by_role("heading", name="Release-day checklist")).to_be_visible()
    for item in ("Met at the gate", "Somewhere to sleep tonight"):
        row = page_in.locator(".wm-checklist-item").filter(
            has=page_in.get_by_role("heading", name=item)
        )
        row.get_by_text(f"Update {item.lower()}").click()
        row.get_by_label("Done", exact=True).check()
        row.get_by_role("button", name="Save").click()
        row = page_in.locator(".wm-checklist-item").filter(
            has=page_in.get_by_role("heading", name=item)
        )
        expect(row.locator("strong.govuk-tag")).to_have_text("Done")
    page_in.reload()
    expect(page_in.get_by_text("2 of 9 done or not needed")).to_be_visible()

    page_in.get_by_role("link", name="Back to Marcus Reid").click()
    page_in.get_by_role("button", name="Log a contact").first.click()
    expect_date(page_in, "Date of the contact", today())
    page_in.get_by_label("Minutes").fill("240")
    page_in.get_by_label("Release-day meet").check()
    page_in.get_by_label("Place").fill("The gate at HMYOI Rochester")
    page_in.get_by_label("Accommodation").check()
    page_in.get_by_label("Drugs and alcohol").check()
    page_in.get_by_label("Note").fill(
        "Met him at the gate at 8. Hostel bed for tonight; stayed with him through probation."
    )
    page_in.get_by_role("button", name="Save contact").click()

    expect(page_in.get_by_role("heading", name="Marcus Reid")).to_be_visible()
    contact = page_in.get_by_role("row").filter(has_text="Release-day meet")
    expect(contact).to_contain_text("240")
    expect(contact).to_contain_text("Accommodation, Drugs and alcohol")
    expect(contact).to_contain_text("Junior Smith")

    page_in.get_by_role("button", name="Make a partner referral").click()
    page_in.get_by_label("Training course").check()
    page_in.get_by_label("Partner's name").fill("CSCS construction card course")
    expect_date(page_in, "Date made", today())
    # The course starts on Friday: its own date, which puts the first day on the task list.
    friday = today() + timedelta(days=(4 - today().weekday()) % 7 or 7)
    fill_date(
        page_in, "Start or appointment date", str(friday.day), str(friday.month), str(friday.year)
    )
    page_in.get_by_role("button", name="Save partner referral").click()

    expect(page_in.get_by_role("heading", name="Marcus Reid")).to_be_visible()
    made = page_in.get_by_role("row").filter(has_text="Training course")
    expect(made).to_contain_text("CSCS construction card course")
    expect(made).to_contain_text("Made")
    expect(made).to_contain_text(when(friday))
    first_day = page_in.get_by_role("row").filter(has_text="First day at CSCS construction card")
    expect(first_day).to_contain_text(when(friday))
    expect(page_in.get_by_role("row").filter(has_text="Release-day meet")).to_contain_text("240")
    assert_accessible(page_in, "The client record after release day")
