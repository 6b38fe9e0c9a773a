"""Release day in the browser: the move closes the gate task and records the actual release
date, and the checklist's count follows each item saved in place."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from testing.factories import ClientFactory, JourneyFactory, TeamFactory
from wingman.accounts.choices import Role
from wingman.casework import services as casework
from wingman.casework.choices import Stage, TaskKind
from wingman.casework.models import Task
from wingman.core.dates import when

from .conftest import assert_accessible, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_custody():
    team = TeamFactory(name="Peckham")
    caseworker = staff(role=Role.CASEWORKER, team=team, first_name="Junior", last_name="Smith")
    client = ClientFactory(
        team=team, caseworker=caseworker, given_name="Marcus", family_name="Reid"
    )
    journey = JourneyFactory(
        client=client,
        stage=Stage.IN_CUSTODY,
        establishment="HMYOI Rochester",
        expected_release_date=today() + timedelta(days=2),
    )
    casework.task_create(
        actor=caseworker,
        client=client,
        data={"kind": TaskKind.RELEASE_DATE, "title": "Meet Marcus at the gate", "due_on": today()},
    )
    return {"caseworker": caseworker, "client": client, "journey": journey}


def item(page: Page, name: str):
    return page.locator(".wm-checklist-item").filter(has=page.get_by_role("heading", name=name))


def test_release_day_records_the_date_and_the_count_follows_each_item(
    page_in: Page, in_custody
) -> None:
    journey = in_custody["journey"]
    sign_in(page_in, in_custody["caseworker"])
    page_in.goto(f"/journeys/{journey.pk}/")
    expect(page_in.get_by_text("Not released yet")).to_be_visible()
    page_in.get_by_role("link", name="Move on").click()
    page_in.get_by_label("Release day").check()
    page_in.get_by_role("button", name="Move the journey").click()

    expect(page_in.get_by_text("Journey moved to release day")).to_be_visible()
    custody = page_in.locator("dl").filter(has_text="Expected release date")
    expected = custody.locator(".govuk-summary-list__row").filter(has_text="Expected")
    actual = custody.locator(".govuk-summary-list__row").filter(has_text="Actual release date")
    expect(expected).to_contain_text(when(today() + timedelta(days=2)))
    expect(actual).to_contain_text(when(today()))
    gate = Task.objects.get(kind=TaskKind.RELEASE_DATE)
    assert gate.done_at is not None and gate.done_by == in_custody["caseworker"]

    count = page_in.locator("#checklist-count")
    expect(count).to_have_text("0 of 9 done or not needed.")
    for n, name in enumerate(("Met at the gate", "Somewhere to sleep tonight"), start=1):
        row = item(page_in, name)
        row.get_by_text(f"Update {name.lower()}").click()
        row.get_by_label("Done", exact=True).check()
        row.get_by_role("button", name="Save").click()
        expect(item(page_in, name).locator("strong.govuk-tag")).to_have_text("Done")
        expect(count).to_have_text(f"{n} of 9 done or not needed.")
    assert_accessible(page_in, "The journey page after saving two checklist items in place")

    page_in.reload()
    expect(page_in.locator("#checklist-count")).to_have_text("2 of 9 done or not needed.")
    page_in.get_by_role("link", name="Back to Marcus Reid").click()
    expect(page_in.get_by_text("Meet Marcus at the gate")).to_have_count(0)
