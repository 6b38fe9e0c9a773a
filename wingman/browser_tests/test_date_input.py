"""Dates typed into the GOV.UK date input's three boxes, on a phone: a wrong one is named in the
error summary, which leads to the box at fault; a right one, typed as people type it, is saved."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from testing.factories import ClientFactory, JourneyFactory, TeamFactory
from wingman.accounts.choices import Role
from wingman.casework.choices import Stage
from wingman.casework.models import Contact, RotlPeriod

from .conftest import assert_accessible, date_input, fill_date, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IN_ERROR = re.compile(r"\bgovuk-input--error\b")
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def caseworker():
    return staff(role=Role.CASEWORKER, team=TeamFactory(name="Peckham"), first_name="Junior")


@pytest.fixture
def client_in_custody(caseworker):
    client = ClientFactory(
        team=caseworker.team, caseworker=caseworker, given_name="Marcus", family_name="Reid"
    )
    JourneyFactory(client=client, stage=Stage.IN_CUSTODY, establishment="HMYOI Rochester")
    return client


def test_a_wrong_date_is_named_in_the_summary_and_a_right_one_is_saved(
    page_in: Page, caseworker, client_in_custody
) -> None:
    sign_in(page_in, caseworker)
    page_in.set_viewport_size(PHONE)
    page_in.goto(f"/clients/{client_in_custody.pk}/contacts/new/")
    fill_date(page_in, "Date of the contact", "31", "2", str(today().year))
    page_in.get_by_label("Minutes").fill("45")
    page_in.get_by_label("Phone call").check()
    page_in.get_by_role("button", name="Save contact").click()

    summary = page_in.get_by_role("alert")
    expect(summary.get_by_text("There is a problem")).to_be_visible()
    link = summary.get_by_role("link", name="Date of the contact must be a real date")
    expect(link).to_have_attribute("href", "#id_occurred_on_day")
    boxes = date_input(page_in, "Date of the contact")
    expect(boxes.get_by_label("Day")).to_have_class(IN_ERROR)
    expect(boxes.get_by_label("Month")).not_to_have_class(IN_ERROR)
    expect(boxes.get_by_label("Day")).to_have_value("31")
    assert_accessible(page_in, "The contact form with a wrong date, on a phone")
    link.click()
    expect(boxes.get_by_label("Day")).to_be_focused()
    assert not Contact.objects.exists()

    last_week = today() - timedelta(days=7)
    fill_date(
        page_in,
        "Date of the contact",
        f" {last_week.day} ",
        last_week.strftime("%b"),
        str(last_week.year),
    )
    page_in.get_by_role("button", name="Save contact").click()
    expect(page_in.get_by_role("heading", name="Marcus Reid")).to_be_visible()
    assert Contact.objects.get().occurred_on == last_week


def test_rotl_is_recorded_as_real_days_on_the_journey(
    page_in: Page, caseworker, client_in_custody
) -> None:
    sign_in(page_in, caseworker)
    page_in.set_viewport_size(PHONE)
    journey = client_in_custody.journeys.get()
    page_in.goto(f"/journeys/{journey.pk}/")
    page_in.get_by_role("link", name="Record ROTL").click()
    fill_date(page_in, "First day", "banana", "3", str(today().year))
    page_in.get_by_role("button", name="Save ROTL").click()
    expect(
        page_in.get_by_role("alert").get_by_role("link", name="First day must be a real date")
    ).to_be_visible()
    assert_accessible(page_in, "The ROTL form with a wrong date, on a phone")

    first = today() + timedelta(days=10)
    fill_date(page_in, "First day", str(first.day), str(first.month), str(first.year))
    last = first + timedelta(days=2)
    fill_date(page_in, "Last day", str(last.day), str(last.month), str(last.year))
    page_in.get_by_label("Note").fill("Resettlement overnight release")
    page_in.get_by_role("button", name="Save ROTL").click()
    expect(page_in.get_by_text("ROTL recorded")).to_be_visible()
    expect(page_in.get_by_text("Resettlement overnight release")).to_be_visible()
    assert RotlPeriod.objects.get().last_day == last
    assert_accessible(page_in, "The journey with ROTL, on a phone")
