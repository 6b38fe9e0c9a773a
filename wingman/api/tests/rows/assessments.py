"""The API permission matrix's rows for assessments."""

from datetime import date
from typing import Any

from wingman.api.tests.rows import Row
from wingman.assessments.tests.records import api_answers, give_assessment

ROWS: dict[str, Row] = {
    "list_instruments": (
        "get",
        lambda c: f"/clients/{c.pk}/instruments",
        None,
        "read clients",
        200,
    ),
    "list_assessments": (
        "get",
        lambda c: f"/clients/{c.pk}/assessments",
        None,
        "read clients",
        200,
    ),
    "create_assessment": (
        "post",
        lambda c: f"/clients/{c.pk}/assessments",
        lambda c: {
            "instrument_id": c.assessment.instrument_id,
            "kind": "review",
            "assessed_on": date.today().isoformat(),
            "answers": api_answers(c.assessment.instrument),
        },
        "record casework",
        201,
    ),
    "get_assessment": (
        "get",
        lambda c: f"/assessments/{c.assessment.pk}",
        None,
        "read clients",
        200,
    ),
    "get_distance_travelled": (
        "get",
        lambda c: f"/clients/{c.pk}/distance-travelled",
        None,
        "read clients",
        200,
    ),
}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need."""
    client.assessment = give_assessment(client, author)
