"""What the permission matrix's rows for the data protection officer's safeguarding register need
(the rows themselves are in CORE, with the other oversight pages): a concern about each client."""

from datetime import date
from typing import Any

from wingman.safeguarding.services import concerns
from wingman.tests.rows import Row


def by_concern(c: Any) -> dict[str, Any]:
    return {"pk": c.register_concern.pk}


ROWS: dict[tuple[str, str], Row] = {}


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
