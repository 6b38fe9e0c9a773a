"""The data protection officer reads the safeguarding register from the navigation, filters it to
what is overdue, opens one concern's reads and changes, at desktop and phone widths; the page is
accessible and never shows what a concern says."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from testing.factories import ClientFactory, JourneyFactory, TeamFactory
from testing.helpers import sign_in as sign_in_http
from wingman.accounts.choices import Role
from wingman.safeguarding.models import Concern
from wingman.safeguarding.services import concerns

from .conftest import assert_accessible, sign_in, staff
from .test_phone_width import PHONE, fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNT_WORD = "Wrenfield"


@pytest.fixture
def register(client):
    team = TeamFactory(name="Peckham")
    caseworker = staff(role=Role.CASEWORKER, team=team, first_name="Junior", last_name="Smith")
    staff(role=Role.SAFEGUARDING_LEAD, team=team, first_name="Sam", last_name="Lead")
    dpo = staff(role=Role.DATA_PROTECTION_OFFICER, team=team, first_name="Dana", last_name="Price")
    marcus = ClientFactory(
        team=team, caseworker=caseworker, given_name="Marcus", family_name="Reid"
    )
    JourneyFactory(client=marcus)
    concern, _ = concerns.concern_raise(
        actor=caseworker,
        client=marcus,
        values={
            "category": "threats",
            "happened_on": date.today(),
            "seen_and_heard": f"Threatened outside {ACCOUNT_WORD} Court by a rival group.",
        },
    )
    Concern.objects.filter(pk=concern.pk).update(triage_due_at=timezone.now() - timedelta(hours=1))
    sign_in_http(client, caseworker)
    client.get(f"/safeguarding/concerns/{concern.pk}/")
    return {"dpo": dpo, "concern": concern}


def test_the_data_protection_officer_reads_the_register_and_one_concern(
    page_in: Page, register
) -> None:
    sign_in(page_in, register["dpo"])
    page_in.get_by_role("link", name="Safeguarding register").click()
    expect(page_in.get_by_role("heading", level=1)).to_have_text("Safeguarding register")
    row = page_in.get_by_role("row").filter(has_text="Marcus Reid")
    expect(row).to_contain_text("Risk from others: threats")
    expect(row).to_contain_text("Triage overdue")
    expect(row).to_contain_text("1 time by 1 person")
    assert_accessible(page_in, "The safeguarding register")

    page_in.get_by_text("Filter: overdue for review, open or closed").click()
    page_in.get_by_label("Only those overdue for review").check()
    page_in.get_by_role("button", name="Apply filters").click()
    expect(page_in.get_by_text("1 concern matching the filters")).to_be_visible()

    page_in.get_by_role("link", name=f"Concern {register['concern'].pk}").click()
    read = page_in.get_by_role("row").filter(has_text="Read the concern")
    expect(read).to_contain_text("Junior Smith")
    assert_accessible(page_in, "One concern in the register")
    assert ACCOUNT_WORD not in page_in.content()

    page_in.set_viewport_size(PHONE)
    for url in ("/audit/safeguarding/", f"/audit/safeguarding/{register['concern'].pk}/"):
        page_in.goto(url)
        fits_the_phone(page_in)
        assert_accessible(page_in, f"{url} on a phone")
        assert ACCOUNT_WORD not in page_in.content()
