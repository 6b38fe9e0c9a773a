"""The data protection officer's view of a client's access record: plain words, who and from
where, refused attempts on the client's records, filters, and a CSV download that is itself
recorded."""

import csv
import io
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from testing.factories import (
    BoroughFactory,
    ClientFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    give_casework,
)
from testing.helpers import date_boxes, sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.casework import services as casework
from wingman.core.dates import when


@pytest.fixture
def dpo(world):
    return world["users"][Role.DATA_PROTECTION_OFFICER]


@pytest.fixture
def own(world):
    """The caseworker's client, with a contact, a task and a partner referral."""
    client = world["clients"]["own"]
    give_casework(client, world["users"][Role.CASEWORKER], client.journeys.get())
    return client


@pytest.fixture
def history(world, client, own):
    """The caseworker lists, views and changes the client's records; someone in another team
    is refused them."""
    caseworker = world["users"][Role.CASEWORKER]
    sign_in(client, caseworker)
    client.get("/clients/")
    client.get(f"/clients/{own.pk}/")
    client.get(f"/contacts/{own.contact.pk}/")
    casework.contact_edit(
        actor=caseworker,
        contact=own.contact,
        data={
            "occurred_on": own.contact.occurred_on,
            "minutes": 45,
            "contact_type": own.contact.contact_type,
            "note": "Rang about the hostel",
        },
        expected_version=own.contact.version,
    )
    outsider = UserFactory(
        role=Role.CASEWORKER, team=world["teams"][2], first_name="Far", last_name="Away"
    )
    sign_in(client, outsider)
    assert client.get(f"/clients/{own.pk}/").status_code == 404
    assert client.get(f"/contacts/{own.contact.pk}/").status_code == 404
    assert client.get(f"/tasks/{own.task.pk}/complete/").status_code in (404, 405)
    return {"caseworker": caseworker, "outsider": outsider}


def page_of(http, dpo, client_pk, query=""):
    sign_in(http, dpo)
    response = http.get(f"/audit/clients/{client_pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_says_what_happened_in_plain_words(client, dpo, own, history):
    page = page_of(client, dpo, own.pk)
    contact_day = when(own.contact.occurred_on)
    assert "Saw the client in a list: the list of clients" in page
    assert "Viewed the client record" in page
    assert f"Viewed the contact of {contact_day}" in page
    assert f"Changed the contact of {contact_day}" in page
    assert "Contact changed: minutes, note" in page
    assert "Refused: tried to open the client record, out of their scope" in page
    assert f"Refused: tried to open the contact of {contact_day}, out of their scope" in page
    for code in ("people.client", "casework.contact", "view:", "denied"):
        assert code not in page


def test_says_who_with_their_role_when_and_from_where(client, dpo, own, history):
    page = page_of(client, dpo, own.pk)
    caseworker = history["caseworker"]
    assert f'{caseworker.get_full_name()}<br><span class="govuk-body-s">Caseworker</span>' in page
    assert "Far Away" in page
    assert "Web, 127.0.0.1" in page
    event = AccessEvent.objects.filter(client_id=own.pk, kind="view").first()
    assert when(event.at) in page


def test_filters_by_what_happened(client, dpo, own, history):
    page = page_of(client, dpo, own.pk, "?kinds=refused")
    assert "Refused: tried to open the client record" in page
    assert "Viewed the client record" not in page and "Changed the contact" not in page
    page = page_of(client, dpo, own.pk, "?kinds=changed&kinds=listed")
    assert "Changed the contact" in page and "Saw the client in a list" in page
    assert "Refused:" not in page and "Viewed the contact" not in page


def test_filters_by_person(client, dpo, own, history):
    outsider = history["outsider"]
    page = page_of(client, dpo, own.pk, f"?person={outsider.pk}")
    assert "Refused: tried to open the client record" in page
    assert "Changed the contact" not in page and "Saw the client in a list" not in page
    assert f'<option value="{outsider.pk}" selected>Far Away (Caseworker)</option>' in page


def test_filters_by_date(client, dpo, own, world):
    caseworker = world["users"][Role.CASEWORKER]
    today = timezone.localdate()
    old = timezone.now() - timedelta(days=40)
    AccessEvent.objects.create(
        at=old, actor=caseworker, kind="view", object_type="people.client",
        object_id=str(own.pk), client_id=own.pk, channel="api", ip_address="10.1.2.3",
    )  # fmt: skip
    boxes = {
        **date_boxes("start", today - timedelta(days=50)),
        **date_boxes("end", today - timedelta(days=30)),
    }
    page = page_of(client, dpo, own.pk, "?" + urlencode(boxes))
    assert "1 entry matching the filters" in page
    assert "API, 10.1.2.3" in page and when(old) in page


def test_a_date_range_that_ends_before_it_starts_is_refused_on_the_form(client, dpo, own):
    today = timezone.localdate()
    boxes = {**date_boxes("start", today), **date_boxes("end", today - timedelta(days=1))}
    page = page_of(client, dpo, own.pk, "?" + urlencode(boxes))
    assert "There is a problem" in page and "must be the same as or after" in page
    assert "<table" not in page


def test_returns_404_for_a_client_of_another_organisation(client, dpo):
    other_team = TeamFactory(borough=BoroughFactory(organisation=OrganisationFactory(name="Else")))
    elsewhere = ClientFactory(team=other_team)
    sign_in(client, dpo)
    assert client.get(f"/audit/clients/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/audit/clients/{elsewhere.pk}/export.csv").status_code == 404
    assert not AccessEvent.objects.filter(kind="export").exists()


# The download ----------------------------------------------------------------------------------


def rows_of(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_download_has_the_same_words_and_is_itself_recorded(client, dpo, own, history):
    sign_in(client, dpo)
    response = client.get(f"/audit/clients/{own.pk}/export.csv")
    rows = rows_of(response)
    assert rows[0] == ["When", "What happened", "Detail", "Who", "Role", "From", "Address", "Page"]
    what = [row[1] for row in rows[1:]]
    assert "Viewed the client record" in what
    assert "Refused: tried to open the client record, out of their scope" in what
    assert "Downloaded the client’s access record (CSV)" in what
    export = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert (export.actor, export.client_id, export.object_id) == (dpo, own.pk, str(own.pk))
    page = page_of(client, dpo, own.pk, "?kinds=exported")
    assert "Downloaded the client’s access record (CSV)" in page


def test_the_download_keeps_the_filters(client, dpo, own, history):
    sign_in(client, dpo)
    rows = rows_of(client.get(f"/audit/clients/{own.pk}/export.csv?kinds=refused"))
    assert len(rows) > 1
    assert all(row[1].startswith("Refused:") for row in rows[1:])


def test_the_download_and_its_record_go_together(client, dpo, own, monkeypatch):
    """Written in one transaction: if the file cannot be made, no download is recorded."""
    from wingman.oversight import views

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(views.Describer, "entries", broken)
    sign_in(client, dpo)
    with pytest.raises(RuntimeError):
        client.get(f"/audit/clients/{own.pk}/export.csv")
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


def test_the_download_never_hands_a_spreadsheet_a_formula(client, dpo, own, world):
    AuditEvent.objects.create(
        actor=world["users"][Role.CASEWORKER], action="update", object_type="people.client",
        object_id=str(own.pk), client_id=own.pk, summary="=HYPERLINK(\"http://x\")",
    )  # fmt: skip
    sign_in(client, dpo)
    rows = rows_of(client.get(f"/audit/clients/{own.pk}/export.csv?kinds=changed"))
    assert rows[1][2] == '\'=HYPERLINK("http://x")'


def test_a_data_protection_officer_on_temporary_licence_reads_but_never_downloads(client, dpo, own):
    from datetime import time

    from wingman.accounts.models import AccessWindow

    dpo.on_temporary_licence = True
    dpo.save()
    AccessWindow.objects.create(
        user=dpo, weekdays=list(range(7)), starts_at=time(0), ends_at=time(23, 59, 59)
    )
    sign_in(client, dpo)
    page = client.get(f"/audit/clients/{own.pk}/").content.decode()
    assert "export.csv" not in page
    assert client.get(f"/audit/clients/{own.pk}/export.csv").status_code == 403
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_LEAD, Role.MANAGER, Role.ADMINISTRATOR])
def test_only_the_data_protection_officer_reaches_the_access_record(client, world, own, role):
    sign_in(client, world["users"][role])
    assert client.get(f"/audit/clients/{own.pk}/").status_code == 403
    assert client.get(f"/audit/clients/{own.pk}/export.csv").status_code == 403
    assert client.get("/audit/refused/").status_code == 403
