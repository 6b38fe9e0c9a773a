"""The midnight call: a young man rings his caseworker after his friends assaulted someone outside
the chicken shop. On her phone, from the home page, she logs the call and raises the concern in
one form; the safeguarding lead and whoever is on call are told. A risk flag then shows on every
page of his record; the crisis form, the flag form and the rota pass axe at 320 pixels."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from testing.factories import BoroughFactory, ClientFactory, JourneyFactory, TeamFactory
from wingman.accounts.choices import Role
from wingman.casework.choices import Stage
from wingman.casework.models import Contact
from wingman.court.models import Hearing
from wingman.safeguarding.models import Concern, Notification, OnCallShift
from wingman.safeguarding.services import flags

from .conftest import assert_accessible, sign_in, staff, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}
NARROW: ViewportSize = {"width": 320, "height": 720}


@pytest.fixture
def service() -> dict[str, Any]:
    team: Any = TeamFactory(borough=BoroughFactory(name="Southwark"), name="Peckham")
    caseworker = staff(role=Role.CASEWORKER, team=team, first_name="Junior", last_name="Smith")
    team_lead = staff(role=Role.SENIOR_CASEWORKER, team=team, first_name="Ade", last_name="Okoro")
    lead = staff(role=Role.SAFEGUARDING_LEAD, team=team, first_name="Grace", last_name="Bello")
    client = ClientFactory(
        team=team, caseworker=caseworker, given_name="Dwayne", family_name="Okafor"
    )
    JourneyFactory(client=client, stage=Stage.COMMUNITY)
    now = timezone.now()
    shift = OnCallShift.objects.create(
        organisation_id=team.borough.organisation_id,
        team=team,
        person=team_lead,
        phone="07700 900123",
        starts_at=now - timedelta(hours=2),
        ends_at=now + timedelta(hours=10),
        created_by=lead,
    )
    return {"caseworker": caseworker, "lead": lead, "client": client, "shift": shift}


def test_the_midnight_call_is_logged_from_the_phone_in_three_page_loads(
    page_in: Page, service
) -> None:
    sign_in(page_in, service["caseworker"])
    page_in.set_viewport_size(PHONE)
    loads: list[str] = []
    page_in.on(
        "framenavigated",
        lambda frame: loads.append(frame.url) if frame == page_in.main_frame else None,
    )
    page_in.goto("/")
    expect(page_in.locator("#on-call-now")).to_contain_text("On call now: Ade Okoro")
    # One tap: the link is there without opening the menu.
    expect(page_in.get_by_role("button", name="Menu")).to_be_visible()
    crisis = page_in.get_by_role("link", name="Crisis call")
    expect(crisis).to_be_visible()
    crisis.click()

    expect(page_in.get_by_role("heading", level=1, name="Crisis call")).to_be_visible()
    page_in.get_by_label("Who the call was from, or about").select_option(label="Dwayne Okafor")
    page_in.get_by_label("What was said").fill(
        "His friends just assaulted someone outside the chicken shop. He was there. He asked "
        "what to do now."
    )
    page_in.get_by_label("Advice given").fill(
        "Go home now, do not post anything, we meet at 9 with your mum."
    )
    page_in.get_by_label("Yes", exact=True).check()
    page_in.get_by_label("Risk from others: threats", exact=True).check()
    page_in.get_by_label("Follow-up").fill("Meet him and his mum at 9")
    page_in.get_by_role("button", name="Save the call").click()

    expect(page_in.get_by_role("heading", level=1, name="Crisis call logged")).to_be_visible()
    expect(page_in.get_by_text("sent to the safeguarding lead")).to_contain_text("Grace Bello")
    expect(page_in.get_by_text("07700 900123").first).to_be_visible()
    expect(page_in.get_by_text("Follow-up task: Meet him and his mum at 9")).to_be_visible()
    contact = Contact.objects.get(contact_type="crisis_call")
    assert len(loads) <= 3, loads
    assert loads[-1].split("?")[0].endswith(f"/safeguarding/crisis-call/{contact.pk}/"), loads
    assert contact.client == service["client"] and contact.occurred_at is not None
    concern = Concern.objects.get(crisis_call=contact)
    told = set(Notification.objects.filter(concern=concern).values_list("recipient_id", flat=True))
    assert {service["lead"].pk, service["shift"].person_id} <= told


def test_a_flag_shows_on_every_page_of_the_clients_record(page_in: Page, service) -> None:
    caseworker, client = service["caseworker"], service["client"]
    flags.flag_set(
        actor=caseworker,
        client=client,
        values={
            "kind": "hostile_area",
            "detail": "Northfield estate",
            "reason": "Threats from a group on the estate",
            "review_on": today() + timedelta(days=30),
        },
    )
    contact = Contact.objects.create(
        client=client, occurred_on=today(), minutes=30, contact_type="phone", author=caseworker
    )
    hearing = Hearing.objects.create(
        client=client,
        court="Camberwell Green Youth Court",
        hearing_on=today(),
        charge="Robbery",
        stage="plea",
        created_by=caseworker,
    )
    sign_in(page_in, caseworker)
    for url in (
        f"/clients/{client.pk}/",
        f"/contacts/{contact.pk}/",
        f"/court/hearings/{hearing.pk}/",
        f"/clients/{client.pk}/court/",
    ):
        page_in.goto(url)
        risks = page_in.get_by_role("region", name="Risks")
        expect(risks).to_contain_text("Hostile area: Northfield estate")
    page_in.goto("/")
    expect(page_in.get_by_role("region", name="Risks")).to_have_count(0)


def test_the_crisis_form_the_flag_form_and_the_rota_are_accessible_at_320_pixels(
    page_in: Page, service
) -> None:
    sign_in(page_in, service["lead"])
    client = service["client"]
    page_in.set_viewport_size(NARROW)
    for url, heading in (
        (f"/clients/{client.pk}/flags/new/", "Set a risk flag"),
        ("/safeguarding/on-call/", "On call"),
        ("/safeguarding/on-call/new/", "Add an on-call shift"),
    ):
        page_in.goto(url)
        expect(page_in.get_by_role("heading", level=1, name=heading)).to_be_visible()
        assert_accessible(page_in, f"{heading} at 320px")
    page_in.context.clear_cookies()
    sign_in_narrow(page_in, service["caseworker"])
    page_in.goto("/safeguarding/crisis-call/")
    assert_accessible(page_in, "The crisis call form at 320px")
    page_in.get_by_role("button", name="Save the call").click()
    expect(page_in.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page_in, "The crisis call form with its errors at 320px")
    width = page_in.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"the crisis form is {width}px wide"


def sign_in_narrow(page: Page, user: Any) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in(page, user)
    page.set_viewport_size(NARROW)
