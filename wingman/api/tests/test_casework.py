"""Contacts, tasks and partner referrals through the API."""

import uuid
from datetime import date, timedelta

import pytest

from testing.factories import UserFactory
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.casework.models import Contact, ContactRevision, PartnerReferral, Task

CONTACT = {"occurred_on": "2025-03-04", "minutes": 45, "contact_type": "home_visit"}


@pytest.fixture
def own(world):
    return world["clients"]["own"]


@pytest.fixture
def caseworker(world, api_as):
    return api_as(world["users"][Role.CASEWORKER])


def log_contact(api, client, **fields):
    response = api.post(f"/api/v1/clients/{client.pk}/contacts", CONTACT | fields)
    assert response.status_code == 201, response.content
    return response.json()


# Contacts ----------------------------------------------------------------------------------


def test_a_contact_is_logged_against_the_open_journey_and_audited(world, own, caseworker):
    body = log_contact(caseworker, own, pathways=["health", "ete", "health"], note="Met mum")
    contact = Contact.objects.get(pk=body["id"])
    assert contact.journey == own.journeys.get()
    assert contact.author == world["users"][Role.CASEWORKER]
    assert body["pathways"] == ["health", "ete"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="casework.contact")
    assert event.client_id == own.pk
    assert event.channel == "api"


def test_a_contact_sent_twice_with_one_idempotency_key_is_logged_once(own, caseworker):
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = caseworker.post(f"/api/v1/clients/{own.pk}/contacts", CONTACT, headers=key)
    again = caseworker.post(f"/api/v1/clients/{own.pk}/contacts", CONTACT, headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Contact.objects.filter(client=own).count() == 1


def test_an_idempotency_key_must_be_a_uuid(own, caseworker):
    response = caseworker.post(
        f"/api/v1/clients/{own.pk}/contacts", CONTACT, headers={"Idempotency-Key": "twice"}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "Idempotency-Key"
    assert not Contact.objects.exists()


def test_an_idempotency_key_used_for_another_record_is_refused(world, own, caseworker):
    key = {"Idempotency-Key": str(uuid.uuid4())}
    assert (
        caseworker.post(f"/api/v1/clients/{own.pk}/contacts", CONTACT, headers=key).status_code
        == 201
    )
    task = {"kind": "follow_up", "title": "Ring", "due_on": "2025-03-05"}
    refused = caseworker.post(f"/api/v1/clients/{own.pk}/tasks", task, headers=key)
    assert refused.status_code == 422
    assert refused.json()["field"] == "Idempotency-Key"
    assert not Task.objects.exists()


def test_a_future_contact_is_refused(own, caseworker):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = caseworker.post(
        f"/api/v1/clients/{own.pk}/contacts", CONTACT | {"occurred_on": tomorrow}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "occurred_on"


def test_contacts_are_listed_per_client_and_the_read_is_logged(world, own, caseworker):
    log_contact(caseworker, own)
    log_contact(caseworker, own, occurred_on="2025-03-05")
    response = caseworker.get(f"/api/v1/clients/{own.pk}/contacts")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [c["occurred_on"] for c in body["items"]] == ["2025-03-05", "2025-03-04"]
    assert AccessEvent.objects.filter(
        actor=world["users"][Role.CASEWORKER], kind=AccessEvent.Kind.VIEW, client_id=own.pk
    ).exists()


def test_a_contact_is_read_and_the_read_is_logged(world, own, caseworker):
    contact = log_contact(caseworker, own)
    response = caseworker.get(f"/api/v1/contacts/{contact['id']}")
    assert response.status_code == 200
    assert response.json()["minutes"] == 45
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.VIEW, object_type="casework.contact", object_id=str(contact["id"])
    ).exists()


def test_editing_a_contact_keeps_the_earlier_version(own, caseworker):
    contact = log_contact(caseworker, own, note="First draft")
    response = caseworker.patch(
        f"/api/v1/contacts/{contact['id']}", {"version": 1, "note": "Written up properly"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["version"], body["note"], body["minutes"]) == (2, "Written up properly", 45)
    revision = ContactRevision.objects.get(contact_id=contact["id"])
    assert revision.values["note"] == "First draft"
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, object_id=str(contact["id"])
    ).exists()


def test_editing_a_contact_from_an_old_version_gets_409_with_both_versions(own, caseworker):
    contact = log_contact(caseworker, own)
    url = f"/api/v1/contacts/{contact['id']}"
    assert caseworker.patch(url, {"version": 1, "minutes": 50}).status_code == 200
    response = caseworker.patch(url, {"version": 1, "minutes": 60})
    assert response.status_code == 409
    body = response.json()
    assert (body["current_version"], body["submitted_version"]) == (2, 1)
    assert body["current"]["minutes"] == 50
    assert body["submitted"]["minutes"] == 60
    assert Contact.objects.get(pk=contact["id"]).minutes == 50


def test_contacts_of_another_teams_client_answer_404(world, api_as):
    other = world["clients"]["other_team"]
    theirs = api_as(world["users"][Role.MANAGER])
    contact = log_contact(theirs, other)
    mine = api_as(world["users"][Role.SENIOR_CASEWORKER])
    missing = mine.get("/api/v1/contacts/987654")
    for response in (
        mine.get(f"/api/v1/contacts/{contact['id']}"),
        mine.get(f"/api/v1/clients/{other.pk}/contacts"),
        mine.post(f"/api/v1/clients/{other.pk}/contacts", CONTACT),
        mine.patch(f"/api/v1/contacts/{contact['id']}", {"version": 1, "note": "x"}),
    ):
        assert response.status_code == 404
        assert response.content == missing.content
    assert Contact.objects.count() == 1


# Tasks -------------------------------------------------------------------------------------


def test_a_task_is_added_for_the_clients_caseworker_by_default(world, own, caseworker):
    response = caseworker.post(
        f"/api/v1/clients/{own.pk}/tasks",
        {"kind": "court_date", "title": "Youth court", "due_on": "2030-01-02"},
    )
    assert response.status_code == 201, response.content
    task = Task.objects.get(pk=response.json()["id"])
    assert task.assigned_to == own.caseworker
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="casework.task"
    ).exists()


def test_a_task_may_be_given_to_someone_in_the_clients_team_only(world, own, caseworker):
    colleague = world["colleague"]
    outsider = UserFactory(team=world["teams"][2])
    body = {"kind": "follow_up", "title": "Call back", "due_on": "2030-01-02"}
    given = caseworker.post(
        f"/api/v1/clients/{own.pk}/tasks", body | {"assigned_to_id": colleague.pk}
    )
    assert given.status_code == 201
    assert given.json()["assigned_to_id"] == colleague.pk
    refused = caseworker.post(
        f"/api/v1/clients/{own.pk}/tasks", body | {"assigned_to_id": outsider.pk}
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "assigned_to_id"


def test_tasks_are_listed_and_completed(world, own, caseworker):
    body = {"kind": "follow_up", "title": "Call back", "due_on": "2030-01-02"}
    task = caseworker.post(f"/api/v1/clients/{own.pk}/tasks", body).json()
    outstanding = caseworker.get(f"/api/v1/clients/{own.pk}/tasks?done=false").json()
    assert [t["id"] for t in outstanding["items"]] == [task["id"]]
    response = caseworker.post(f"/api/v1/tasks/{task['id']}/complete")
    assert response.status_code == 200
    assert response.json()["done_by_id"] == world["users"][Role.CASEWORKER].pk
    assert response.json()["done_at"]
    assert caseworker.get(f"/api/v1/clients/{own.pk}/tasks?done=false").json()["count"] == 0
    done = caseworker.get(f"/api/v1/tasks/{task['id']}").json()
    assert done["version"] == 2


def test_completing_another_teams_task_answers_404(world, api_as):
    other = world["clients"]["other_team"]
    task = Task.objects.create(
        client=other,
        kind="follow_up",
        title="Theirs",
        due_on=date.today(),
        assigned_to=other.caseworker,
        created_by=other.caseworker,
    )
    response = api_as(world["users"][Role.CASEWORKER]).post(f"/api/v1/tasks/{task.pk}/complete")
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


# Partner referrals -------------------------------------------------------------------------


def test_a_partner_referral_is_made_and_its_outcome_recorded(world, own, caseworker):
    made = caseworker.post(
        f"/api/v1/clients/{own.pk}/partner-referrals",
        {"partner_type": "housing", "partner_name": "Shelter"},
    )
    assert made.status_code == 201, made.content
    pr = made.json()
    assert (pr["status"], pr["made_on"]) == ("made", date.today().isoformat())
    listed = caseworker.get(f"/api/v1/clients/{own.pk}/partner-referrals").json()
    assert [p["id"] for p in listed["items"]] == [pr["id"]]
    updated = caseworker.patch(
        f"/api/v1/partner-referrals/{pr['id']}",
        {"version": 1, "status": "accepted", "outcome": "Housed in a hostel"},
    )
    assert updated.status_code == 200
    assert (updated.json()["status"], updated.json()["version"]) == ("accepted", 3)
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.TRANSITION, object_type="casework.partnerreferral"
    )
    assert event.changes["status"] == ["made", "accepted"]


def test_a_partner_referral_update_keeps_what_was_not_sent(own, caseworker):
    pr = caseworker.post(
        f"/api/v1/clients/{own.pk}/partner-referrals",
        {"partner_type": "gp", "partner_name": "Surgery", "outcome": "Waiting"},
    ).json()
    response = caseworker.patch(
        f"/api/v1/partner-referrals/{pr['id']}", {"version": 1, "status": "accepted"}
    )
    assert response.json()["outcome"] == "Waiting"


def test_a_partner_referral_update_from_an_old_version_gets_409(own, caseworker):
    pr = caseworker.post(
        f"/api/v1/clients/{own.pk}/partner-referrals",
        {"partner_type": "training", "partner_name": "Course"},
    ).json()
    url = f"/api/v1/partner-referrals/{pr['id']}"
    assert caseworker.patch(url, {"version": 1, "status": "accepted"}).status_code == 200
    response = caseworker.patch(url, {"version": 1, "status": "declined"})
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "accepted"
    assert PartnerReferral.objects.get(pk=pr["id"]).status == "accepted"


def test_a_data_protection_officer_reads_casework_but_records_none(world, api_as):
    api = api_as(world["users"][Role.DATA_PROTECTION_OFFICER])
    own = world["clients"]["own"]
    assert api.get(f"/api/v1/clients/{own.pk}/contacts").status_code == 200
    response = api.post(f"/api/v1/clients/{own.pk}/contacts", CONTACT)
    assert response.status_code == 403
    assert not Contact.objects.exists()
