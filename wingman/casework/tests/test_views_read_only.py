"""A safeguarding lead reads casework across the organisation but is offered no way to change it.
Who may reach each page at all is the permission matrix's (`wingman/tests/`)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from wingman.accounts.choices import Role
from wingman.casework import services
from wingman.casework.choices import ChecklistItem, ContactType, PartnerType, TaskKind

# url name -> (which object's pk it takes, method the page answers to)
MATRIX = {
    "journey": ("journey", "get"),
    "journey-move": ("journey", "get"),
    "journey-custody": ("journey", "get"),
    "checklist-item": ("journey", "get"),
    "contact-new": ("client", "get"),
    "contact-detail": ("contact", "get"),
    "contact-edit": ("contact", "get"),
    "task-new": ("client", "get"),
    "task-complete": ("task", "post"),
    "tasks": (None, "get"),
    "partner-referral-new": ("client", "get"),
    "partner-referral-edit": ("partner_referral", "get"),
}


def records_for(client):
    actor = client.caseworker
    contact, _ = services.contact_log(
        actor=actor,
        client=client,
        data={
            "occurred_on": timezone.localdate(),
            "minutes": 10,
            "contact_type": ContactType.PHONE,
        },
    )
    task, _ = services.task_create(
        actor=actor,
        client=client,
        data={"kind": TaskKind.OTHER, "title": "Ring", "due_on": timezone.localdate()},
    )
    made, _ = services.partner_referral_make(
        actor=actor,
        client=client,
        data={"partner_type": PartnerType.GP, "partner_name": "Surgery"},
    )
    return {
        "client": client,
        "journey": client.journeys.get(),
        "contact": contact,
        "task": task,
        "partner_referral": made,
    }


def url_for(name, records):
    kind, _method = MATRIX[name]
    if kind is None:
        return reverse(f"casework:{name}")
    pk = records[kind].pk
    if name == "checklist-item":
        return reverse(f"casework:{name}", args=[pk, ChecklistItem.MET_AT_GATE])
    key = "client_pk" if kind == "client" else "pk"
    return reverse(f"casework:{name}", kwargs={key: pk})


def visit(client, name, records):
    return getattr(client, MATRIX[name][1])(url_for(name, records))


@pytest.mark.parametrize("name", ["journey", "contact-detail", "tasks"])
def test_a_safeguarding_lead_reads_but_does_not_get_change_links(world, sign_in, name):
    lead = sign_in(world["users"][Role.SAFEGUARDING_LEAD])
    response = visit(lead, name, records_for(world["clients"]["other_borough"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "/move/" not in page and "/edit/" not in page
