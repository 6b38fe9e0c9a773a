"""The API permission matrix's rows for court support."""

from datetime import date
from typing import Any

from wingman.api.tests.rows import Row
from wingman.tests.rows.court import make_hearing

ROWS: dict[str, Row] = {
    "list_hearings": ("get", lambda c: f"/clients/{c.pk}/hearings", None, "read clients", 200),
    "create_hearing": (
        "post",
        lambda c: f"/clients/{c.pk}/hearings",
        lambda c: {
            "court": "Camberwell Green Youth Court",
            "hearing_on": date.today().isoformat(),
            "charge": "Robbery",
            "stage": "plea",
        },
        "record casework",
        201,
    ),
    "get_hearing": ("get", lambda c: f"/hearings/{c.hearing.pk}", None, "read clients", 200),
    "update_hearing": (
        "patch",
        lambda c: f"/hearings/{c.hearing.pk}",
        lambda c: {"version": c.hearing.version, "charge": "Theft"},
        "record casework",
        200,
    ),
    "record_hearing_attendance": (
        "post",
        lambda c: f"/hearings/{c.hearing.pk}/attendance",
        lambda c: {"version": c.hearing.version, "attended": True, "minutes": 180},
        "record casework",
        200,
    ),
    "record_hearing_result": (
        "post",
        lambda c: f"/hearings/{c.hearing.pk}/result",
        lambda c: {"version": c.hearing.version, "result": "fine"},
        "record casework",
        200,
    ),
}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need."""
    client.hearing = make_hearing(client, author)
