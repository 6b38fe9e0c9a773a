"""Friday: court with a client, as his character reference. He offended before joining the
project, has since changed and now mentors younger children on his estate. No custodial
sentence. Done in the browser as the caseworker would do it; then every court and documents page
checked with axe at 320 pixels wide."""

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import FilePayload, Page, ViewportSize, expect

from testing.factories import BoroughFactory, ClientFactory, JourneyFactory, TeamFactory
from wingman.accounts.choices import Role
from wingman.casework.choices import Stage
from wingman.court.models import Hearing
from wingman.documents.models import Document
from wingman.documents.samples import one_page_pdf

from .conftest import assert_accessible, fill_date, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW: ViewportSize = {"width": 320, "height": 720}
LETTER = one_page_pdf(["To the court", "He now mentors younger children on his estate."])


@pytest.fixture
def caseworker():
    team = TeamFactory(borough=BoroughFactory(name="Southwark"), name="Peckham")
    return staff(role=Role.CASEWORKER, team=team, first_name="Junior", last_name="Smith")


@pytest.fixture
def client(caseworker):
    person = ClientFactory(
        team=caseworker.team, caseworker=caseworker, given_name="Dwayne", family_name="Okafor"
    )
    JourneyFactory(client=person, stage=Stage.SUSTAINMENT)
    return person


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{page.url} is {width}px wide at {NARROW['width']}px"


def test_friday_court_as_his_character_reference_with_no_custodial_sentence(
    page_in: Page, caseworker, client
) -> None:
    sign_in(page_in, caseworker)
    page_in.goto(f"/clients/{client.pk}/")
    expect(page_in.get_by_role("heading", name="Court", exact=True)).to_be_visible()
    page_in.get_by_role("link", name=re.compile("^Court hearings")).click()
    page_in.get_by_role("button", name="Add a hearing").click()
    page_in.get_by_label("Court", exact=True).fill("Camberwell Green Youth Court")
    day = today()
    fill_date(page_in, "Date of the hearing", str(day.day), str(day.month), str(day.year))
    page_in.get_by_label("Charge").fill("Robbery, from before he joined the project")
    page_in.get_by_label("Sentencing").check()
    page_in.get_by_role("button", name="Save hearing").click()

    expect(page_in.get_by_text("Hearing added")).to_be_visible()
    hearing = Hearing.objects.get(client=client)
    assert hearing.task is not None and hearing.task.assigned_to == caseworker
    page_in.goto("/")
    dates = page_in.locator("#court-dates + ul")
    expect(dates).to_contain_text("Dwayne Okafor")
    dates.get_by_role("link", name="Dwayne Okafor").click()

    page_in.get_by_role("link", name="Add a character reference").click()
    page_in.get_by_label("Character reference").fill(
        "I have worked with Dwayne for eight months. The offence is from before he came to us. "
        "He has changed, and now mentors younger children on his estate."
    )
    page_in.get_by_label("Reference given by").fill("Junior Smith, his caseworker")
    letter_file: FilePayload = {
        "name": "reference.pdf",
        "mimeType": "application/pdf",
        "buffer": LETTER,
    }
    page_in.get_by_label("Letter").set_input_files(files=[letter_file])
    page_in.get_by_role("button", name="Save character reference").click()
    expect(page_in.get_by_text("Character reference saved")).to_be_visible()
    expect(page_in.get_by_text("now mentors younger children on his estate")).to_be_visible()
    expect(page_in.get_by_role("link", name=re.compile("^Character reference for"))).to_be_visible()

    page_in.get_by_role("link", name="Record attendance").click()
    page_in.get_by_label("Yes").check()
    page_in.get_by_label("Minutes").fill("240")
    page_in.get_by_label("Attitudes, thinking and behaviour").check()
    page_in.get_by_role("button", name="Save attendance").click()
    expect(page_in.get_by_text("court contact, 240 minutes")).to_be_visible()

    page_in.get_by_role("button", name="Record the result").click()
    page_in.get_by_label("Community sentence").check()
    page_in.get_by_label("Requirements of the order").fill(
        "Youth rehabilitation order, 12 months, with supervision"
    )
    page_in.get_by_label("Note on the result").fill("No custodial sentence.")
    page_in.get_by_role("button", name="Save result").click()
    expect(page_in.get_by_text("Result recorded")).to_be_visible()
    expect(
        page_in.get_by_text("Community sentence: Youth rehabilitation order, 12 months")
    ).to_be_visible()
    expect(page_in.locator("strong.govuk-tag", has_text="Heard, with a result")).to_be_visible()

    page_in.get_by_role("link", name="Back to court hearings").click()
    page_in.get_by_role("link", name="Back to Dwayne Okafor").click()
    expect(page_in.get_by_text("Latest result")).to_be_visible()
    contacts = page_in.get_by_role("row").filter(has_text="Court")
    expect(contacts.first).to_contain_text("240")
    page_in.get_by_role("link", name=re.compile("^All documents")).click()
    letter = page_in.get_by_role("row").filter(has_text="Character reference for")
    expect(letter).to_contain_text("PDF")
    with page_in.expect_download() as download:
        letter.get_by_role("link", name=re.compile("^Character reference for")).click()
    assert download.value.suggested_filename == "reference.pdf"
    assert Document.objects.get(client=client).kind == "character_reference"


def test_the_court_and_documents_pages_are_accessible_at_320_pixels(
    page_in: Page, caseworker, client
) -> None:
    sign_in(page_in, caseworker)
    hearing = Hearing.objects.create(
        client=client,
        court="Camberwell Green Youth Court",
        hearing_on=today(),
        charge="Possession of a bladed article in a public place",
        stage="plea",
        created_by=caseworker,
    )
    document = Document(
        client=client,
        kind="certificate",
        title="Certificate: Food Safety and Hygiene, Level 2",
        original_name="certificate.pdf",
        content_type="application/pdf",
        size=len(LETTER),
        uploaded_by=caseworker,
    )
    document.file.save("certificate.pdf", ContentFile(LETTER), save=True)
    page_in.set_viewport_size(NARROW)
    pages: dict[str, str | re.Pattern[str]] = {
        f"/clients/{client.pk}/": "Dwayne Okafor",
        f"/clients/{client.pk}/court/": "Court hearings",
        f"/clients/{client.pk}/court/new/": "Add a court hearing",
        f"/court/hearings/{hearing.pk}/": re.compile("^Court hearing"),
        f"/court/hearings/{hearing.pk}/edit/": "Change the hearing's details",
        f"/court/hearings/{hearing.pk}/attendance/": "Record attendance",
        f"/court/hearings/{hearing.pk}/reference/": "Character reference",
        f"/court/hearings/{hearing.pk}/result/": "Record the result",
        f"/clients/{client.pk}/documents/": "Documents",
        f"/clients/{client.pk}/documents/new/": "Upload a document",
        f"/documents/{document.pk}/remove/": "Remove a document",
    }
    for url, heading in pages.items():
        page_in.goto(url)
        expect(page_in.get_by_role("heading", level=1, name=heading)).to_be_visible()
        fits(page_in)
        assert_accessible(page_in, f"{url} at 320px")
    page_in.goto(f"/court/hearings/{hearing.pk}/result/")
    page_in.get_by_role("button", name="Save result").click()
    expect(page_in.get_by_role("heading", name="There is a problem")).to_be_visible()
    fits(page_in)
    assert_accessible(page_in, "The result page with an error, at 320px")
