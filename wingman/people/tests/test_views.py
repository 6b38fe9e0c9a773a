import re

import pytest

from testing.factories import ClientFactory, UserFactory
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent, AuditEvent


def page_text(response):
    """The page less what differs on every response (CSP nonce, masked CSRF token)."""
    html = response.content.decode()
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.fixture
def caseworker(db):
    return UserFactory(role=Role.CASEWORKER)


@pytest.fixture
def own_client(caseworker):
    return ClientFactory(team=caseworker.team, caseworker=caseworker, prison_number="A1234BC")


def test_reading_a_client_record_is_audited(client, caseworker, own_client):
    sign_in(client, caseworker)
    assert client.get(f"/clients/{own_client.pk}/").status_code == 200
    assert AccessEvent.objects.filter(
        actor=caseworker, client_id=own_client.pk, kind="view"
    ).exists()


def test_a_client_in_another_team_answers_the_same_404_as_a_missing_one(client, caseworker):
    elsewhere = ClientFactory()
    sign_in(client, caseworker)
    other = client.get(f"/clients/{elsewhere.pk}/")
    missing = client.get("/clients/999999/")
    assert other.status_code == missing.status_code == 404
    assert page_text(other) == page_text(missing)
    assert AccessEvent.objects.filter(actor=caseworker, kind="denied").count() == 2


def test_identifiers_are_hidden_from_a_volunteer(client, caseworker, own_client):
    volunteer = UserFactory(role=Role.VOLUNTEER, team=caseworker.team)
    own_client.caseworker = volunteer
    own_client.save()
    sign_in(client, volunteer)
    page = client.get(f"/clients/{own_client.pk}/")
    assert b"A1234BC" not in page.content and b"Prison number" not in page.content
    sign_in(client, caseworker)
    own_client.caseworker = caseworker
    own_client.save()
    assert b"A1234BC" in client.get(f"/clients/{own_client.pk}/").content


def _edit_data(client_obj, version, **changes):
    data = {
        "given_name": client_obj.given_name,
        "family_name": client_obj.family_name,
        "version": version,
    }
    data.update(changes)
    return data


def test_editing_a_client_keeps_old_and_new_values_in_the_audit(client, caseworker, own_client):
    sign_in(client, caseworker)
    response = client.post(
        f"/clients/{own_client.pk}/edit/", _edit_data(own_client, 1, phone="07700 900123")
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(client_id=own_client.pk, action="update")
    assert event.changes["phone"] == ["", "07700 900123"]


def test_the_second_of_two_overlapping_edits_gets_the_conflict_screen(
    client, caseworker, own_client
):
    sign_in(client, caseworker)
    client.post(f"/clients/{own_client.pk}/edit/", _edit_data(own_client, 1, phone="07700 900111"))
    response = client.post(
        f"/clients/{own_client.pk}/edit/", _edit_data(own_client, 1, phone="07700 900222")
    )
    assert response.status_code == 409
    assert b"07700 900111" in response.content and b"07700 900222" in response.content
    own_client.refresh_from_db()
    assert own_client.phone == "07700 900111"


def test_allocation_page_shows_caseloads_and_allocates(client, caseworker, own_client):
    lead = UserFactory(role=Role.SENIOR_CASEWORKER, team=caseworker.team)
    sign_in(client, lead)
    page = client.get(f"/clients/{own_client.pk}/allocate/")
    assert page.status_code == 200 and b"30 to 40" in page.content
    response = client.post(f"/clients/{own_client.pk}/allocate/", {"caseworker": lead.pk})
    assert response.status_code == 302
    own_client.refresh_from_db()
    assert own_client.caseworker == lead
