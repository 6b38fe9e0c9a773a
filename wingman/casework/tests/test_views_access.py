"""Every casework page against every kind of visitor: anonymous, a role that does not work with
clients, a caseworker out of scope (404, logged) and the client's own caseworker."""

import pytest
from django.urls import reverse
from django.utils import timezone

from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent
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
MODEL_OF = {
    "journey": "casework.journey",
    "client": "people.client",
    "contact": "casework.contact",
    "task": "casework.task",
    "partner_referral": "casework.partnerreferral",
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


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_visitors_are_sent_to_sign_in(world, client, name):
    response = visit(client, name, records_for(world["clients"]["own"]))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_a_funder_is_refused_with_403(world, sign_in, name):
    funder = sign_in(world["users"][Role.FUNDER])
    assert visit(funder, name, records_for(world["clients"]["own"])).status_code == 403


@pytest.mark.parametrize("name", sorted(n for n, (kind, _) in MATRIX.items() if kind))
def test_returns_404_for_a_client_in_another_team_and_logs_the_refusal(world, as_caseworker, name):
    records = records_for(world["clients"]["other_team"])
    assert visit(as_caseworker, name, records).status_code == 404
    kind = MATRIX[name][0]
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.DENIED,
        object_type=MODEL_OF[kind],
        object_id=str(records[kind].pk),
        actor=world["users"][Role.CASEWORKER],
    ).exists()


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_the_caseworker_reaches_every_page_for_their_own_client(world, as_caseworker, name):
    response = visit(as_caseworker, name, records_for(world["clients"]["own"]))
    expected = 302 if MATRIX[name][1] == "post" else 200
    assert response.status_code == expected


@pytest.mark.parametrize("name", ["journey", "contact-detail", "tasks"])
def test_a_safeguarding_lead_reads_but_does_not_get_change_links(world, sign_in, name):
    lead = sign_in(world["users"][Role.SAFEGUARDING_LEAD])
    response = visit(lead, name, records_for(world["clients"]["other_borough"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "/move/" not in page and "/edit/" not in page


@pytest.mark.parametrize("name", ["journey-move", "contact-new", "contact-edit"])
def test_a_safeguarding_lead_cannot_record_casework(world, sign_in, name):
    lead = sign_in(world["users"][Role.SAFEGUARDING_LEAD])
    assert visit(lead, name, records_for(world["clients"]["own"])).status_code == 403
