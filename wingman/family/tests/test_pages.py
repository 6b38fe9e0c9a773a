"""The family and people pages, as a caseworker uses them."""

import re
from typing import Any

from django.db import connection
from django.test import Client as PageClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from testing.factories import give_casework
from testing.helpers import date_boxes, sign_in
from wingman.accounts.choices import Role
from wingman.casework.models import PartnerReferral
from wingman.family import services
from wingman.family.models import Person, Relationship, Signposting
from wingman.family.selectors import for_client_record


def today():
    return timezone.localdate()


def token(page: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def signed_in(world: dict[str, Any], role: str = Role.CASEWORKER) -> PageClient:
    http = PageClient()
    sign_in(http, world["users"][role])
    return http


def test_a_caseworker_adds_the_younger_brother_and_flags_him_at_risk(world):
    http, client = signed_in(world), world["clients"]["own"]
    form = http.get(reverse("family:person-add", args=[client.pk])).content.decode()
    response = http.post(
        reverse("family:person-add", args=[client.pk]),
        {
            "given_name": "Jayden",
            "family_name": "Example",
            **date_boxes("date_of_birth", today().replace(year=today().year - 12)),
            "kind": "sibling",
            "described_as": "little brother",
            "lives_with_client": "on",
            "form_token": token(form),
        },
    )
    assert response.status_code == 302
    brother = Relationship.objects.get()
    assert brother.lives_with_client and brother.describe() == "little brother"

    response = http.post(
        reverse("family:at-risk", args=[brother.pk]),
        {
            "at_risk_note": "Older boys from the estate wait for him after school",
            "version": "1",
            **date_boxes("at_risk_since", today()),
        },
    )
    assert response.status_code == 302
    people = http.get(reverse("family:client-people", args=[client.pk])).content.decode()
    assert "Jayden Example" in people and "At risk</strong>" in people
    record = http.get(reverse("home:client", args=[client.pk])).content.decode()
    assert "1 flagged at risk of recruitment" in record and "Jayden Example" in record


def test_taking_the_flag_off_from_its_page(world):
    http, client = signed_in(world), world["clients"]["own"]
    made, _ = services.person_add(
        actor=world["users"][Role.CASEWORKER],
        client=client,
        person={"given_name": "Jayden"},
        relationship={"kind": "sibling"},
    )
    services.relationship_flag_at_risk(
        actor=world["users"][Role.CASEWORKER], relationship=made, note="Seen", expected_version=1
    )
    page = http.get(reverse("family:at-risk", args=[made.pk])).content.decode()
    assert "Remove the flag" in page
    response = http.post(
        reverse("family:at-risk", args=[made.pk]), {"action": "unflag", "version": "2"}
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert not made.at_risk


def test_the_form_says_what_is_missing_in_the_fields_words(world):
    http, client = signed_in(world), world["clients"]["own"]
    form = http.get(reverse("family:person-add", args=[client.pk])).content.decode()
    response = http.post(
        reverse("family:person-add", args=[client.pk]), {"form_token": token(form)}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter their first name" in html and "Choose who they are to the client" in html
    assert not Person.objects.exists()


def test_signposting_the_girlfriend_is_listed_as_signposting_and_not_as_a_partner_referral(world):
    http, client = signed_in(world), world["clients"]["own"]
    form = http.get(reverse("family:signposting-new", args=[client.pk])).content.decode()
    response = http.post(
        reverse("family:signposting-new", args=[client.pk]),
        {
            "person": "someone_else",
            "name": "Chantelle",
            "relation": "girlfriend",
            "organisation": "National Domestic Abuse Helpline",
            "contact_given": "0808 2000 247",
            "pathway": "abuse",
            **date_boxes("given_on", today()),
            "form_token": token(form),
        },
    )
    assert response.status_code == 302
    assert Signposting.objects.get().who == "Chantelle"
    assert not PartnerReferral.objects.exists()
    record = http.get(reverse("home:client", args=[client.pk])).content.decode()
    partners = record.split('id="partner-referrals"')[1].split("<h2")[0]
    assert "No partner referrals yet" in partners and "Chantelle" not in partners
    assert "Chantelle (girlfriend) to National Domestic Abuse Helpline" in record


def test_a_family_session_logged_from_the_family_page_names_who_took_part(world):
    http, client = signed_in(world), world["clients"]["own"]
    mum, _ = services.person_add(
        actor=world["users"][Role.CASEWORKER],
        client=client,
        person={"given_name": "Denise"},
        relationship={"kind": "parent", "described_as": "mum"},
    )
    form = http.get(reverse("family:family-session-new", args=[client.pk])).content.decode()
    assert "Denise (mum)" in form
    response = http.post(
        reverse("family:family-session-new", args=[client.pk]),
        {
            **date_boxes("occurred_on", today()),
            "minutes": "90",
            "relatives": [str(mum.pk)],
            "pathways": ["family"],
            "form_token": token(form),
        },
    )
    assert response.status_code == 302
    assert list(mum.family_sessions.values_list("contact_type", flat=True)) == ["family_session"]
    people = http.get(reverse("family:client-people", args=[client.pk])).content.decode()
    assert "Denise (mum)" in people


def test_linking_finds_someone_known_through_another_client_of_ones_team(world):
    http = signed_in(world, Role.SENIOR_CASEWORKER)
    own, same_team = world["clients"]["own"], world["clients"]["same_team"]
    mum, _ = services.person_add(
        actor=world["users"][Role.SENIOR_CASEWORKER],
        client=own,
        person={"given_name": "Denise", "family_name": "Okafor"},
        relationship={"kind": "parent"},
    )
    url = reverse("family:person-link", args=[same_team.pk])
    found = http.get(url, {"q": "okafor"}).content.decode()
    assert "Denise Okafor: Parent of " + own.display_name in found
    response = http.post(
        url,
        {"q": "okafor", "person": str(mum.person_id), "kind": "parent", "form_token": token(found)},
    )
    assert response.status_code == 302
    assert set(mum.person.relationships.values_list("client_id", flat=True)) == {
        own.pk,
        same_team.pk,
    }


def test_the_client_record_section_takes_the_same_queries_however_much_there_is(world):
    viewer, client = world["users"][Role.CASEWORKER], world["clients"]["own"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for_client_record(viewer, client)
        return len(captured)

    empty = queries()
    for n in range(12):
        made, _ = services.person_add(
            actor=viewer,
            client=client,
            person={"given_name": f"Cousin{n}"},
            relationship={"kind": "other_relative"},
        )
        services.relationship_flag_at_risk(
            actor=viewer, relationship=made, note="Seen", expected_version=1
        )
        services.signposting_record(
            actor=viewer,
            client=client,
            data={"person_id": made.person_id, "organisation": "Helpline", "pathway": "safety"},
        )
    assert queries() == empty == 3


def test_only_a_family_session_has_a_page_for_who_took_part(world):
    client = world["clients"]["own"]
    give_casework(client, world["users"][Role.CASEWORKER])
    response = signed_in(world).get(
        reverse("family:family-session-people", args=[client.contact.pk])
    )
    assert response.status_code == 404
