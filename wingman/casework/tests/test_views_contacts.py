import re
from datetime import timedelta

from django.utils import timezone

from testing.helpers import date_boxes
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent
from wingman.casework import services
from wingman.casework.choices import ContactType
from wingman.casework.models import Contact
from wingman.core.pathways import Pathway


def today():
    return timezone.localdate()


def form_token(page):
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def contact_post(token, occurred_on=None, **changes):
    return {
        "form_token": token,
        **date_boxes("occurred_on", occurred_on or today()),
        "minutes": "45",
        "contact_type": ContactType.HOME_VISIT,
        "place": "Client's flat",
        "present": "Client and his girlfriend",
        "pathways": [Pathway.DRUGS_ALCOHOL, Pathway.FAMILY],
        "note": "Referred him to the Brief Intervention Service",
    } | changes


def log(caseworker, client, **changes):
    data = {
        "occurred_on": today(),
        "minutes": 45,
        "contact_type": ContactType.HOME_VISIT,
        "pathways": [Pathway.FAMILY],
        "note": "First note",
    } | changes
    contact, _ = services.contact_log(actor=caseworker, client=client, data=data)
    return contact


def test_the_new_contact_page_defaults_to_today_and_lists_types_and_pathways(as_caseworker, own):
    page = as_caseworker.get(f"/clients/{own.pk}/contacts/new/").content.decode()
    assert f'name="occurred_on_day" type="text" inputmode="numeric" value="{today().day}"' in page
    assert f'name="occurred_on_year" type="text" inputmode="numeric" value="{today().year}"' in page
    assert "Release-day meet" in page and "Children, families and communities" in page
    assert 'name="form_token"' in page


def test_logging_a_contact_redirects_to_the_client_record(as_caseworker, caseworker, own):
    token = form_token(as_caseworker.get(f"/clients/{own.pk}/contacts/new/").content.decode())
    response = as_caseworker.post(f"/clients/{own.pk}/contacts/new/", contact_post(token))
    assert response.status_code == 302 and response["Location"] == f"/clients/{own.pk}/"
    contact = Contact.objects.get()
    assert contact.author == caseworker and contact.minutes == 45
    assert contact.pathways == [Pathway.DRUGS_ALCOHOL, Pathway.FAMILY]


def test_the_same_contact_form_sent_twice_logs_one_contact(as_caseworker, own):
    token = form_token(as_caseworker.get(f"/clients/{own.pk}/contacts/new/").content.decode())
    first = as_caseworker.post(f"/clients/{own.pk}/contacts/new/", contact_post(token))
    second = as_caseworker.post(f"/clients/{own.pk}/contacts/new/", contact_post(token))
    assert first.status_code == second.status_code == 302
    assert Contact.objects.count() == 1


def test_a_back_dated_contact_is_accepted(as_caseworker, own):
    token = form_token(as_caseworker.get(f"/clients/{own.pk}/contacts/new/").content.decode())
    last_week = today() - timedelta(days=7)
    as_caseworker.post(
        f"/clients/{own.pk}/contacts/new/", contact_post(token, occurred_on=last_week)
    )
    assert Contact.objects.get().occurred_on == last_week


def test_a_contact_dated_in_the_future_is_refused_on_the_form(as_caseworker, own):
    token = form_token(as_caseworker.get(f"/clients/{own.pk}/contacts/new/").content.decode())
    tomorrow = today() + timedelta(days=1)
    response = as_caseworker.post(
        f"/clients/{own.pk}/contacts/new/", contact_post(token, occurred_on=tomorrow)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Date of the contact must be today or in the past" in page
    assert 'href="#id_occurred_on_day"' in page
    assert not Contact.objects.exists()


def test_returns_404_for_a_client_in_another_team(world, as_caseworker):
    other = world["clients"]["other_team"]
    response = as_caseworker.get(f"/clients/{other.pk}/contacts/new/")
    assert response.status_code == 404
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.DENIED, object_type="people.client", object_id=str(other.pk)
    ).exists()


def test_a_funder_is_refused_the_contact_form(world, sign_in, own):
    client = sign_in(world["users"][Role.FUNDER])
    assert client.get(f"/clients/{own.pk}/contacts/new/").status_code == 403


def test_the_contact_page_shows_the_contact_and_its_earlier_versions(
    world, as_caseworker, caseworker, own
):
    contact = log(caseworker, own)
    senior = world["users"][Role.SENIOR_CASEWORKER]
    services.contact_edit(
        actor=senior,
        contact=contact,
        data={
            "occurred_on": contact.occurred_on,
            "minutes": 60,
            "contact_type": ContactType.HOME_VISIT,
            "pathways": [Pathway.FAMILY],
            "note": "Second note",
        },
        expected_version=1,
    )
    response = as_caseworker.get(f"/contacts/{contact.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Written by {caseworker}" in page and f"Last changed by {senior}" in page
    assert "Second note" in page and "First note" in page and "Version 1" in page
    assert "Children, families and communities" in page


def test_editing_a_contact_saves_and_keeps_the_earlier_version(as_caseworker, caseworker, own):
    contact = log(caseworker, own)
    page = as_caseworker.get(f"/contacts/{contact.pk}/edit/").content.decode()
    assert 'name="version" value="1"' in page and "First note" in page
    post = contact_post("", minutes="50", version="1")
    post.pop("form_token")
    response = as_caseworker.post(f"/contacts/{contact.pk}/edit/", post)
    assert response.status_code == 302 and response["Location"] == f"/contacts/{contact.pk}/"
    contact.refresh_from_db()
    assert contact.minutes == 50 and contact.revisions.count() == 1


def test_editing_a_contact_on_a_stale_version_shows_both_versions_with_409(
    as_caseworker, caseworker, own
):
    contact = log(caseworker, own)
    services.contact_edit(
        actor=caseworker,
        contact=contact,
        data={
            "occurred_on": contact.occurred_on,
            "minutes": 75,
            "contact_type": ContactType.PHONE,
            "note": "Saved by someone else",
        },
        expected_version=1,
    )
    post = contact_post("", note="My version of the note", version="1")
    post.pop("form_token")
    response = as_caseworker.post(f"/contacts/{contact.pk}/edit/", post)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this record" in page
    assert "Saved by someone else" in page and "My version of the note" in page
    assert "Phone call" in page and "Home visit" in page
    assert 'name="version" value="2"' in page
    contact.refresh_from_db()
    assert contact.note == "Saved by someone else"


def test_returns_404_for_a_contact_of_a_client_in_another_team(world, as_caseworker):
    other = world["clients"]["other_team"]
    contact = log(other.caseworker, other)
    assert as_caseworker.get(f"/contacts/{contact.pk}/").status_code == 404
    assert as_caseworker.get(f"/contacts/{contact.pk}/edit/").status_code == 404
    assert (
        AccessEvent.objects.filter(
            kind=AccessEvent.Kind.DENIED, object_type="casework.contact", object_id=str(contact.pk)
        ).count()
        == 2
    )
