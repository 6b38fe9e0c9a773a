"""The crisis call through its page: one tap from every page for those who log it, one short form,
and a confirmation saying what was done and who was told."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from testing.helpers import date_boxes, sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.casework.models import Contact, Task
from wingman.core.models import FormSubmission
from wingman.people.models import Client
from wingman.safeguarding.models import Concern, Notification
from wingman.safeguarding.services import rota

TODAY = date.today()
LINK = ">Crisis call</a>"
SAID = "My friends just assaulted someone outside the chicken shop. I was there. What now?"
# Written out by hand: whoever records casework logs a crisis call.
OFFERED = {
    Role.CASEWORKER: True,
    Role.VOLUNTEER: True,
    Role.SENIOR_CASEWORKER: True,
    Role.MANAGER: True,
    Role.SAFEGUARDING_LEAD: False,
    Role.DATA_PROTECTION_OFFICER: False,
    Role.ADMINISTRATOR: False,
    Role.FUNDER: False,
}


@pytest.mark.parametrize("role", Role.values)
def test_the_crisis_call_is_one_tap_from_every_page_for_those_who_log_it(world, client, role):
    sign_in(client, world["users"][role])
    for url in ("/", reverse("safeguarding:on-call"), "/no-such-page/"):
        body = client.get(url).content.decode()
        if url != "/" and role not in (Role.CASEWORKER, Role.SENIOR_CASEWORKER):
            continue  # pages some roles may not open
        assert (LINK in body) is OFFERED[role], url
        if OFFERED[role]:
            # Outside the service navigation's list, which a phone folds into its menu.
            menu = body.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
            assert LINK not in menu


def call(values=None, **more):
    return {
        **date_boxes("occurred_on", TODAY),
        "occurred_at": "00:05",
        "said": SAID,
        "advice": "Go home now, do not post anything, we meet at 9 with your mum.",
        "concern_needed": "yes",
        "category": "threats",
        "follow_up": "Meet him and his mum at 9",
        "form_token": FormSubmission.new_token(),
        **(values or {}),
        **more,
    }


def on_call(world):
    now = timezone.now()
    shift, _ = rota.shift_add(
        actor=world["users"][Role.MANAGER],
        values={
            "person_id": world["users"][Role.SENIOR_CASEWORKER].pk,
            "phone": "07700 900123",
            "starts_at": now - timedelta(hours=1),
            "ends_at": now + timedelta(hours=11),
        },
    )
    return shift


def test_the_form_opens_on_today_and_now_with_nothing_ticked(world, client):
    caseworker = world["users"][Role.CASEWORKER]
    sign_in(client, caseworker)
    body = client.get(reverse("safeguarding:crisis-call")).content.decode()
    assert f'name="occurred_on_year" type="text" inputmode="numeric" value="{TODAY.year}"' in body
    assert 'name="occurred_at" value="' in body
    assert "checked" not in body
    assert "Risk to self" in body and "Risk from others" in body
    # Only the clients the caseworker sees.
    assert world["clients"]["own"].display_name in body
    assert world["clients"]["same_team"].display_name not in body


def test_a_midnight_call_logs_the_contact_raises_the_concern_and_says_who_was_told(world, client):
    shift = on_call(world)
    caseworker = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    sign_in(client, caseworker)
    response = client.post(reverse("safeguarding:crisis-call"), call(client=own.pk))
    assert response.status_code == 302
    contact = Contact.objects.get(contact_type="crisis_call")
    assert contact.client == own and contact.occurred_at.strftime("%H:%M") == "00:05"
    concern = Concern.objects.get(crisis_call=contact)
    told = set(Notification.objects.filter(concern=concern).values_list("recipient_id", flat=True))
    assert {shift.person_id, world["users"][Role.SAFEGUARDING_LEAD].pk} <= told
    task = Task.objects.get(client=own, title="Meet him and his mum at 9")
    assert response["Location"] == (
        reverse("safeguarding:crisis-call-done", args=[contact.pk]) + f"?task={task.pk}"
    )
    done = client.get(response["Location"]).content.decode()
    assert "Crisis call logged" in done and "at 00:05" in done
    assert "sent to the safeguarding lead" in done
    assert f"{shift.person}</a>" not in done and str(shift.person) in done
    assert "07700 900123" in done and "Meet him and his mum at 9" in done
    assert reverse("safeguarding:concern", args=[concern.pk]) in done
    # What was said is in the concern only, and in no audit row.
    assert SAID not in contact.note
    assert not AuditEvent.objects.filter(changes__icontains="chicken shop").exists()


def test_with_nobody_on_call_the_confirmation_says_to_ring_the_safeguarding_lead(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    response = client.post(
        reverse("safeguarding:crisis-call"), call(client=world["clients"]["own"].pk)
    )
    done = client.get(response["Location"]).content.decode()
    assert "Nobody is on the rota now: ring the safeguarding lead" in done


def test_a_call_needing_no_concern_keeps_what_was_said_on_the_contact(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    response = client.post(
        reverse("safeguarding:crisis-call"),
        call(client=world["clients"]["own"].pk, concern_needed="no", category="", follow_up=""),
    )
    contact = Contact.objects.get(contact_type="crisis_call")
    assert SAID in contact.note and not Concern.objects.exists()
    assert response["Location"] == reverse("safeguarding:crisis-call-done", args=[contact.pk])
    assert "No safeguarding concern was raised" in client.get(response["Location"]).content.decode()


def test_someone_not_yet_a_client_becomes_one(world, client):
    caseworker = world["users"][Role.CASEWORKER]
    sign_in(client, caseworker)
    response = client.post(
        reverse("safeguarding:crisis-call"),
        call(client="new", given_name="Tyrese", family_name="Not known"),
    )
    assert response.status_code == 302
    person = Client.objects.get(given_name="Tyrese")
    assert person.created_by == caseworker
    assert Contact.objects.get(contact_type="crisis_call").client == person
    assert "Tyrese Not known" in client.get(response["Location"]).content.decode()


def counts():
    return (
        Contact.objects.count(),
        Client.objects.count(),
        Task.objects.count(),
        Concern.objects.count(),
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"client": ""}, "Choose the client, or someone not yet a client"),
        ({"client": "new", "given_name": ""}, "Enter the caller"),
        ({"said": ""}, "Enter what was said"),
        ({"concern_needed": ""}, "Choose whether a safeguarding concern is needed"),
        ({"category": ""}, "Select"),
        ({"occurred_at": "midnight"}, "Enter time of the call as hours and minutes"),
        (date_boxes("occurred_on", TODAY + timedelta(days=1)), "Date of the call"),
    ],
)
def test_a_bad_crisis_call_gets_a_clear_message_and_changes_nothing(world, client, values, message):
    sign_in(client, world["users"][Role.CASEWORKER])
    before = counts()
    data = call(client=world["clients"]["own"].pk)
    data.update(values)
    response = client.post(reverse("safeguarding:crisis-call"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert counts() == before


def test_the_confirmation_is_only_of_a_crisis_call_the_viewer_sees(world, client):
    own = world["clients"]["own"]
    lead = world["users"][Role.SENIOR_CASEWORKER]
    sign_in(client, lead)
    response = client.post(
        reverse("safeguarding:crisis-call"), call(client=world["clients"]["same_team"].pk)
    )
    done = response["Location"].split("?")[0]
    sign_in(client, world["users"][Role.CASEWORKER])
    assert client.get(done).status_code == 404
    phone_call = Contact.objects.create(
        client=own, occurred_on=TODAY, minutes=5, contact_type="phone", author=lead
    )
    url = reverse("safeguarding:crisis-call-done", args=[phone_call.pk])
    assert client.get(url).status_code == 404
