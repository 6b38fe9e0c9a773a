"""The API permission matrix's rows for outcomes."""

from datetime import date
from typing import Any

from wingman.api.tests.rows import Row
from wingman.tests.rows.outcomes import furnish as furnish_pages

ROWS: dict[str, Row] = {
    "list_outcome_types": (
        "get",
        lambda c: f"/clients/{c.pk}/outcome-types",
        None,
        "read clients",
        200,
    ),
    "list_outcomes": ("get", lambda c: f"/clients/{c.pk}/outcomes", None, "read clients", 200),
    "create_outcome": (
        "post",
        lambda c: f"/clients/{c.pk}/outcomes",
        lambda c: {
            "outcome_type_id": c.outcome_type.pk,
            "achieved_on": date.today().isoformat(),
            "evidence": "Enrolment letter from the college",
        },
        "record casework",
        201,
    ),
    "get_outcome": ("get", lambda c: f"/outcomes/{c.outcome.pk}", None, "read clients", 200),
    "update_outcome": (
        "patch",
        lambda c: f"/outcomes/{c.outcome.pk}",
        lambda c: {"version": 1, "evidence": "Enrolment letter seen"},
        "record casework",
        200,
    ),
    "withdraw_outcome": (
        "post",
        lambda c: f"/outcomes/{c.outcome.pk}/withdraw",
        lambda c: {"version": 1, "reason": "Recorded for the wrong person"},
        "record casework",
        200,
    ),
    # Each client's stream is commissioned by the client's own borough.
    "list_stream_indicators": (
        "get",
        lambda c: f"/funding-streams/{c.indicator_stream.pk}/indicators",
        None,
        "read funding stream indicators",
        200,
    ),
}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need: the pages' own."""
    furnish_pages(client, author)
