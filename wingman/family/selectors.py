"""Reads of the people around a client, always through the one visibility rule: a person is
seen when any of their clients is, but each of their links (and the notes on it) only with its
own client (ADR 0014)."""

from typing import Any

from django.db.models import Count, Q

from wingman.casework.choices import ContactType
from wingman.casework.models import Contact
from wingman.people.models import Client

from .models import Person, Relationship, SessionParticipant, Signposting

# How many of each the client record shows before pointing to the client's people page.
ON_RECORD = 5
# How many people a search for someone to link offers at once.
SEARCH_LIMIT = 20
SESSIONS_SHOWN = 20


def relationships_of(viewer: Any, client: Client) -> Any:
    """The client's people, for a viewer who may see the client."""
    return (
        Relationship.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("person")
        .order_by("-at_risk", "person__family_name", "person__given_name", "id")
    )


def relative_choices(viewer: Any, client: Client) -> list[tuple[int, str]]:
    """The client's people as (relationship id, label) choices."""
    return [
        (r.pk, f"{r.person.display_name} ({r.describe()})")
        for r in relationships_of(viewer, client)
    ]


def people_choices(viewer: Any, client: Client) -> list[tuple[int, str]]:
    """The client's people as (person id, label) choices."""
    return [
        (r.person_id, f"{r.person.display_name} ({r.describe()})")
        for r in relationships_of(viewer, client)
    ]


def signposting_of(viewer: Any, client: Client) -> Any:
    return (
        Signposting.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("person", "recorded_by")
    )


def family_sessions_of(viewer: Any, client: Client) -> list[dict[str, Any]]:
    """The client's latest family sessions, each with the relatives named as taking part."""
    sessions = list(
        Contact.objects.visible_to(viewer)
        .filter(client=client, contact_type=ContactType.FAMILY_SESSION)
        .order_by("-occurred_on", "-id")[:SESSIONS_SHOWN]
    )
    taking_part: dict[int, list[Relationship]] = {s.pk: [] for s in sessions}
    for row in (
        SessionParticipant.objects.visible_to(viewer)
        .filter(contact__in=[s.pk for s in sessions])
        .select_related("relationship__person")
        .order_by("relationship__person__given_name", "id")
    ):
        taking_part[row.contact_id].append(row.relationship)
    return [{"contact": s, "relatives": taking_part[s.pk]} for s in sessions]


def relatives_present(viewer: Any, contact: Contact) -> list[Relationship]:
    return [
        row.relationship
        for row in SessionParticipant.objects.visible_to(viewer)
        .filter(contact=contact)
        .select_related("relationship__person")
        .order_by("relationship__person__given_name", "id")
    ]


def links_of(viewer: Any, person: Person) -> Any:
    """The person's links to clients the viewer may see, and no others: nothing here tells the
    viewer whether the person is linked to anyone else."""
    return (
        Relationship.objects.visible_to(viewer)
        .filter(person=person)
        .select_related("client")
        .order_by("client__family_name", "client__given_name", "id")
    )


def people_to_link(
    viewer: Any, client: Client, query: str
) -> tuple[list[tuple[int, str]], list[int]]:
    """People the viewer may see, through another client, who are not yet among this client's
    people, matching `query`; each labelled only with what the viewer may see. Also the ids of
    the clients named in the labels (a list of clients, for the access record)."""
    query = query.strip()
    if not query:
        return [], []
    words = query.split()
    match = Q()
    for word in words[:3]:
        match &= Q(given_name__icontains=word) | Q(family_name__icontains=word)
    people = list(
        Person.objects.visible_to(viewer)
        .filter(match)
        .exclude(relationships__client=client)
        .order_by("family_name", "given_name", "id")[:SEARCH_LIMIT]
    )
    seen_through: dict[int, list[str]] = {p.pk: [] for p in people}
    named: list[int] = []
    for link in (
        Relationship.objects.visible_to(viewer)
        .filter(person__in=[p.pk for p in people])
        .select_related("client")
    ):
        seen_through[link.person_id].append(f"{link.describe()} of {link.client.display_name}")
        named.append(link.client_id)
    choices = [(p.pk, f"{p.display_name}: {', '.join(sorted(seen_through[p.pk]))}") for p in people]
    return choices, sorted(set(named))


def for_client_record(viewer: Any, client: Any) -> dict[str, Any]:
    """What the client record shows of this app, for `viewer` (who may see `client`): how many
    people are recorded, who is flagged at risk of recruitment, and the latest signposting. Three
    queries whatever the data."""
    relationships = Relationship.objects.visible_to(viewer).filter(client=client)
    counts = relationships.aggregate(
        people=Count("pk"), at_risk=Count("pk", filter=Q(at_risk=True))
    )
    at_risk = list(
        relationships.at_risk()
        .select_related("person")
        .order_by("-at_risk_since", "id")[:ON_RECORD]
    )
    signposting = list(
        Signposting.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("person")[:ON_RECORD]
    )
    return {
        "people": counts["people"],
        "at_risk_count": counts["at_risk"],
        "at_risk": at_risk,
        "signposting": signposting,
        "shown": ON_RECORD,
    }
