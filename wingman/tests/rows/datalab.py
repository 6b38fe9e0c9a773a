"""The permission matrix's rows for the Justice Data Lab and the unit costs pages, and what they
need."""

from typing import Any

from django.urls import reverse

from testing.helpers import date_boxes
from wingman.tests.rows import TODAY, Row, by_client, form_token


def consent_page(c: Any) -> str:
    return reverse("datalab:consent", args=[c.pk])


ROWS: dict[tuple[str, str], Row] = {
    # Without a choice the page shows its form; with one too few people go in the world's file,
    # so the file's page answers with the refusal (its own tests make a file of 60).
    ("datalab:readiness", "get"): Row("get", "export to the Justice Data Lab"),
    ("datalab:file", "get"): Row("get", "export to the Justice Data Lab"),
    ("datalab:consent", "get"): Row("get", "record Justice Data Lab consent", by_client),
    ("datalab:consent", "post"): Row(
        "post",
        "record Justice Data Lab consent",
        by_client,
        lambda c, u: {"given": "yes", **date_boxes("on", TODAY), **form_token()},
        consent_page,
    ),
    ("costs:unit-costs", "get"): Row("get", "read unit costs"),
}


def furnish(client: Any, author: Any) -> None:
    """Nothing to furnish: the pages find what there is."""
