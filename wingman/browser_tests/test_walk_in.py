"""The Monday walk-in: a young woman with no funding behind her is seen that day by the
caseworker who recorded her, who takes her on; the team lead sees it."""

import re

import pytest
from playwright.sync_api import Page, expect

from testing.factories import BoroughFactory, TeamFactory
from wingman.accounts.choices import Role
from wingman.people.choices import Gender
from wingman.referrals import services as referrals
from wingman.referrals.choices import Source

from .conftest import assert_accessible, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def walk_in():
    team = TeamFactory(borough=BoroughFactory(name="Southwark"), name="Peckham")
    caseworker = staff(role=Role.CASEWORKER, team=team, first_name="Junior", last_name="Smith")
    lead = staff(role=Role.SENIOR_CASEWORKER, team=team, first_name="Ade", last_name="Okoro")
    referral = referrals.referral_create(
        actor=caseworker,
        team=team,
        client_fields={
            "given_name": "Shanice",
            "family_name": "Walker",
            "gender": Gender.FEMALE,
            "date_of_birth": today().replace(year=today().year - 17),
        },
        referral_fields={
            "source": Source.SELF,
            "reason": "Walked in scared: wants to leave a newly forming girls' gang.",
            "received_on": today(),
        },
    )
    return {"caseworker": caseworker, "lead": lead, "referral": referral}


def test_the_caseworker_takes_on_the_walk_in_they_recorded(
    page_in: Page, chromium_browser, live_server, walk_in
) -> None:
    sign_in(page_in, walk_in["caseworker"])
    waiting = page_in.get_by_role("listitem").filter(has_text="Shanice Walker")
    expect(waiting).to_contain_text("Received")
    assert_accessible(page_in, "The caseworker's home page with a walk-in to take on")
    waiting.get_by_role("link", name="Shanice Walker").click()

    expect(page_in.get_by_role("heading", level=1, name="Shanice Walker")).to_be_visible()
    page_in.get_by_role("button", name=re.compile("^Take on this client")).click()
    expect(page_in.get_by_text("You are now Shanice Walker’s caseworker")).to_be_visible()
    expect(page_in.get_by_role("button", name=re.compile("^Take on this client"))).to_have_count(0)
    assert_accessible(page_in, "The referral page after taking the client on")

    page_in.get_by_role("link", name="Home").click()
    expect(page_in.locator("#caseload-count")).to_have_text("1 live client")
    expect(page_in.get_by_role("row").filter(has_text="Shanice Walker")).to_contain_text("Referral")

    context = chromium_browser.new_context(base_url=live_server.url, locale="en-GB")
    lead = context.new_page()
    sign_in(lead, walk_in["lead"])
    taken = lead.get_by_role("listitem").filter(has_text="Shanice Walker")
    expect(taken).to_contain_text("taken on by Junior Smith")
    caseload = lead.get_by_role("row").filter(has_text="Junior Smith")
    expect(caseload.locator("td").nth(1)).to_have_text("1")
    assert_accessible(lead, "The team lead's home page")
    context.close()
