"""The API permission matrix's rows for family and the people around the client."""

from datetime import date
from typing import Any

from wingman.api.tests.rows import Row
from wingman.tests.rows.family import give_family

ROWS: dict[str, Row] = {
    "list_relationships": (
        "get",
        lambda c: f"/clients/{c.pk}/relationships",
        None,
        "read clients",
        200,
    ),
    "create_relationship": (
        "post",
        lambda c: f"/clients/{c.pk}/relationships",
        lambda c: {"person": {"given_name": "Jayden"}, "kind": "sibling"},
        "record casework",
        201,
    ),
    "get_relationship": (
        "get",
        lambda c: f"/relationships/{c.relationship.pk}",
        None,
        "read clients",
        200,
    ),
    "update_relationship": (
        "patch",
        lambda c: f"/relationships/{c.relationship.pk}",
        lambda c: {"version": 1, "lives_with_client": True},
        "record casework",
        200,
    ),
    "flag_at_risk": (
        "post",
        lambda c: f"/relationships/{c.relationship.pk}/at-risk",
        lambda c: {"version": 1, "note": "Older boys waiting outside school"},
        "record casework",
        200,
    ),
    "unflag_at_risk": (
        "post",
        lambda c: f"/relationships/{c.relationship.pk}/no-longer-at-risk",
        lambda c: {"version": 1},
        "record casework",
        200,
    ),
    "get_person": ("get", lambda c: f"/people/{c.person.pk}", None, "read clients", 200),
    "update_person": (
        "patch",
        lambda c: f"/people/{c.person.pk}",
        lambda c: {"version": 1, "phone": "07700 900123"},
        "record casework",
        200,
    ),
    "set_family_session_relatives": (
        "put",
        lambda c: f"/contacts/{c.family_session.pk}/relatives",
        lambda c: {"relationship_ids": [c.relationship.pk]},
        "record casework",
        200,
    ),
    "list_signposting": (
        "get",
        lambda c: f"/clients/{c.pk}/signposting",
        None,
        "read clients",
        200,
    ),
    "create_signposting": (
        "post",
        lambda c: f"/clients/{c.pk}/signposting",
        lambda c: {
            "name": "Chantelle",
            "relation": "girlfriend",
            "organisation": "National Domestic Abuse Helpline",
            "pathway": "abuse",
            "given_on": date.today().isoformat(),
        },
        "record casework",
        201,
    ),
    "get_signposting": (
        "get",
        lambda c: f"/signposting/{c.signposted.pk}",
        None,
        "read clients",
        200,
    ),
}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need."""
    give_family(client, author)
