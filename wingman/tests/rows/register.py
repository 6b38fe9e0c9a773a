"""The permission matrix's rows for the data protection officer's safeguarding register, and what
they need: a concern about each client."""

from datetime import date
from typing import Any

from wingman.safeguarding.services import concerns
from wingman.tests.rows import Row


def by_concern(c: Any) -> dict[str, Any]:
    return {"pk": c.register_concern.pk}


ROWS: dict[tuple[str, str], Row] = {
    ("oversight:safeguarding-register", "get"): Row("get", "read the safeguarding register"),
    ("oversight:safeguarding-concern", "get"): Row(
        "get", "read the safeguarding register", by_concern
    ),
}


def furnish(client: Any, author: Any) -> None:
    """Raise one concern about the client, through the service, for the register's page of it."""
    client.register_concern, _ = concerns.concern_raise(
        actor=author,
        client=client,
        values={
            "category": "threats",
            "happened_on": date.today(),
            "seen_and_heard": "Told of a threat made at the bus stop.",
        },
    )
