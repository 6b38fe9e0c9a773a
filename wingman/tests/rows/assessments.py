"""The permission matrix's rows for assessments pages."""

from typing import Any

from django.urls import reverse

from testing.helpers import date_boxes
from wingman.assessments.tests.records import form_answers, give_assessment
from wingman.tests.rows import TODAY, Row, by_client_pk, form_token


def by_assessment(c: Any) -> dict[str, Any]:
    return {"pk": c.assessment.pk}


def assessment_page(c: Any) -> str:
    return reverse("assessments:detail", args=[c.assessment.pk])


ROWS: dict[tuple[str, str], Row] = {
    ("assessments:client", "get"): Row("get", "read clients", by_client_pk),
    ("assessments:new", "get"): Row("get", "record casework", by_client_pk),
    ("assessments:new", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {
            "instrument": c.assessment.instrument_id,
            "kind": "review",
            **date_boxes("assessed_on", TODAY),
            **form_token(),
        },
        lambda c: r"/assessments/\d+/record/",
    ),
    ("assessments:detail", "get"): Row("get", "read clients", by_assessment),
    ("assessments:record", "get"): Row("get", "record casework", by_assessment),
    ("assessments:record", "post"): Row(
        "post",
        "record casework",
        by_assessment,
        lambda c, u: {
            **form_answers(c.assessment),
            **date_boxes("assessed_on", c.assessment.assessed_on),
            "version": c.assessment.version,
        },
        assessment_page,
    ),
}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need."""
    client.assessment = give_assessment(client, author)
