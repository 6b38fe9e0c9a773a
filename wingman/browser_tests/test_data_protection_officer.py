"""The data protection officer reads who has looked at a client, in plain words, filters it,
downloads it (and sees the download recorded), and reads the organisation's refused attempts,
at desktop and phone widths."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from testing.factories import ClientFactory, JourneyFactory, TeamFactory, give_casework
from testing.helpers import sign_in as sign_in_http
from wingman.accounts.choices import Role
from wingman.core.dates import when

from .conftest import assert_accessible, sign_in, staff
from .test_phone_width import PHONE, fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def looked_at(client):
    team = TeamFactory(name="Peckham")
    elsewhere = TeamFactory(name="Far away")
    caseworker = staff(role=Role.CASEWORKER, team=team, first_name="Junior", last_name="Smith")
    outsider = staff(role=Role.CASEWORKER, team=elsewhere, first_name="Nosy", last_name="Parker")
    dpo = staff(role=Role.DATA_PROTECTION_OFFICER, team=team, first_name="Dana", last_name="Price")
    marcus = ClientFactory(
        team=team, caseworker=caseworker, given_name="Marcus", family_name="Reid"
    )
    give_casework(marcus, caseworker, JourneyFactory(client=marcus))
    sign_in_http(client, caseworker)
    client.get(f"/clients/{marcus.pk}/")
    client.get(f"/contacts/{marcus.contact.pk}/")
    sign_in_http(client, outsider)
    client.get(f"/contacts/{marcus.contact.pk}/")
    return {"dpo": dpo, "client": marcus}


def test_the_data_protection_officer_reads_filters_and_downloads_the_record(
    page_in: Page, looked_at
) -> None:
    marcus = looked_at["client"]
    contact_day = when(marcus.contact.occurred_on)
    sign_in(page_in, looked_at["dpo"])
    page_in.goto(f"/clients/{marcus.pk}/")
    page_in.get_by_role("link", name="Who has looked").click()

    expect(page_in.get_by_role("heading", level=1)).to_have_text("Who has looked at Marcus Reid")
    viewed = page_in.get_by_role("row").filter(has_text=f"Viewed the contact of {contact_day}")
    expect(viewed).to_contain_text("Junior Smith")
    expect(viewed).to_contain_text("Caseworker")
    expect(viewed).to_contain_text("Web, 127.0.0.1")
    refused = page_in.get_by_role("row").filter(has_text="Nosy Parker")
    expect(refused).to_contain_text(
        f"Refused: tried to open the contact of {contact_day}, out of their scope"
    )
    assert_accessible(page_in, "The access record")

    page_in.get_by_text("Filter by date, person or what happened").click()
    page_in.get_by_label("Refused").check()
    page_in.get_by_role("button", name="Apply filters").click()
    expect(page_in.get_by_role("row").filter(has_text="Refused:")).to_have_count(1)
    expect(page_in.get_by_role("row").filter(has_text="Viewed the")).to_have_count(0)
    assert_accessible(page_in, "The access record, filtered")

    with page_in.expect_download() as download:
        page_in.get_by_role("link", name=re.compile("Download these entries")).click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert rows[0][:2] == ["When", "What happened"]
    assert [r[1] for r in rows[1:]] == [
        f"Refused: tried to open the contact of {contact_day}, out of their scope"
    ]

    page_in.get_by_role("link", name="Clear filters").click()
    downloaded = page_in.get_by_role("row").filter(has_text="Downloaded the client’s access record")
    expect(downloaded).to_contain_text("Dana Price")

    page_in.get_by_role("link", name="Refused access").click()
    expect(page_in.get_by_role("heading", level=1)).to_have_text("Refused attempts")
    attempt = page_in.get_by_role("row").filter(has_text="Nosy Parker")
    expect(attempt).to_contain_text("Refused: tried to open a contact, out of their scope")
    expect(attempt.get_by_role("link", name=re.compile("Marcus Reid"))).to_be_visible()
    assert_accessible(page_in, "The refused attempts")

    page_in.set_viewport_size(PHONE)
    for url in (f"/audit/clients/{marcus.pk}/", "/audit/refused/"):
        page_in.goto(url)
        fits_the_phone(page_in)
        assert_accessible(page_in, f"{url} on a phone")
