"""The permission matrix's rows for family and the people around the client pages."""

from typing import Any

from django.urls import reverse

from testing.factories import ClientFactory
from testing.helpers import date_boxes
from wingman.casework.choices import ContactType
from wingman.casework.models import Contact
from wingman.family.models import Person, Relationship, Signposting
from wingman.tests.rows import TODAY, Row, by_client_pk, form_token


def people_page(c: Any) -> str:
    return reverse("family:client-people", args=[c.pk])


def by_person(c: Any) -> dict[str, Any]:
    return {"pk": c.person.pk}


def by_relationship(c: Any) -> dict[str, Any]:
    return {"pk": c.relationship.pk}


def by_session(c: Any) -> dict[str, Any]:
    return {"pk": c.family_session.pk}


ROWS: dict[tuple[str, str], Row] = {
    ("family:client-people", "get"): Row("get", "read clients", by_client_pk),
    ("family:person-add", "get"): Row("get", "record casework", by_client_pk),
    ("family:person-add", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {"given_name": "Jayden", "kind": "sibling", **form_token()},
        people_page,
    ),
    ("family:person-link", "get"): Row("get", "record casework", by_client_pk),
    ("family:person-link", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {"person": str(c.shared_person.pk), "kind": "parent", **form_token()},
        people_page,
    ),
    ("family:signposting-new", "get"): Row("get", "record casework", by_client_pk),
    ("family:signposting-new", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {
            "person": "someone_else",
            "name": "Chantelle",
            "relation": "girlfriend",
            "organisation": "National Domestic Abuse Helpline",
            "pathway": "abuse",
            **date_boxes("given_on", TODAY),
            **form_token(),
        },
        people_page,
    ),
    ("family:family-session-new", "get"): Row("get", "record casework", by_client_pk),
    ("family:family-session-new", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {
            "minutes": "60",
            "relatives": [str(c.relationship.pk)],
            **date_boxes("occurred_on", TODAY),
            **form_token(),
        },
        people_page,
    ),
    ("family:family-session-people", "get"): Row("get", "record casework", by_session),
    ("family:family-session-people", "post"): Row(
        "post",
        "record casework",
        by_session,
        lambda c, u: {"relatives": [str(c.relationship.pk)]},
        people_page,
    ),
    ("family:person", "get"): Row("get", "read clients", by_person),
    ("family:person-edit", "get"): Row("get", "record casework", by_person),
    ("family:person-edit", "post"): Row(
        "post",
        "record casework",
        by_person,
        lambda c, u: {"given_name": "Renamed", "version": c.person.version},
        lambda c: reverse("family:person", args=[c.person.pk]),
    ),
    ("family:relationship-edit", "get"): Row("get", "record casework", by_relationship),
    ("family:relationship-edit", "post"): Row(
        "post",
        "record casework",
        by_relationship,
        lambda c, u: {"kind": "parent", "version": c.relationship.version},
        people_page,
    ),
    ("family:at-risk", "get"): Row("get", "record casework", by_relationship),
    ("family:at-risk", "post"): Row(
        "post",
        "record casework",
        by_relationship,
        lambda c, u: {
            "at_risk_note": "Older boys waiting for him outside school",
            "version": c.relationship.version,
            **date_boxes("at_risk_since", TODAY),
        },
        people_page,
    ),
}


def give_family(client: Any, author: Any) -> None:
    """Give a client a mother (`person`, linked by `relationship`), a family session with no one
    named yet (`family_session`), a signposting (`signposted`), and someone known through
    another client of the same team and caseworker, not yet linked to this one
    (`shared_person`)."""
    client.person = Person.objects.create(
        given_name="Mum", family_name="Example", created_by=author
    )
    client.relationship = Relationship.objects.create(
        person=client.person, client=client, kind="parent", created_by=author
    )
    client.family_session = Contact.objects.create(
        client=client,
        occurred_on=TODAY,
        minutes=60,
        contact_type=ContactType.FAMILY_SESSION,
        author=author,
    )
    client.signposted = Signposting.objects.create(
        client=client,
        name="Chantelle",
        relation="girlfriend",
        organisation="Helpline",
        pathway="abuse",
        given_on=TODAY,
        recorded_by=author,
    )
    brother = ClientFactory(
        team=client.team, caseworker=client.caseworker, given_name="Brother", created_by=author
    )
    client.shared_person = Person.objects.create(
        given_name="Aunt", family_name="Example", created_by=author
    )
    Relationship.objects.create(
        person=client.shared_person, client=brother, kind="other_relative", created_by=author
    )


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need."""
    give_family(client, author)
