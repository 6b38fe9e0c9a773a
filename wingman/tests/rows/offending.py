"""The permission matrix's rows for offending pages."""

from datetime import timedelta
from typing import Any

from django.urls import reverse

from testing.helpers import date_boxes
from wingman.offending.models import Offence
from wingman.tests.rows import TODAY, Row, by_client_pk, form_token


def offending_page(c: Any) -> str:
    return reverse("offending:client", args=[c.pk])


def by_offence(c: Any) -> dict[str, Any]:
    return {"pk": c.offence.pk}


def offence_form(c: Any, u: Any) -> dict[str, Any]:
    return {
        "category": "robbery",
        "disposal": "conviction",
        "sentence": "Referral order",
        "source": "court",
        **date_boxes("committed_on", TODAY - timedelta(days=40)),
        **date_boxes("disposal_on", TODAY),
    }


ROWS: dict[tuple[str, str], Row] = {
    ("offending:client", "get"): Row("get", "read clients", by_client_pk),
    ("offending:offence-new", "get"): Row("get", "record casework", by_client_pk),
    ("offending:offence-new", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {**offence_form(c, u), **form_token()},
        offending_page,
    ),
    ("offending:offence-edit", "get"): Row("get", "record casework", by_offence),
    ("offending:offence-edit", "post"): Row(
        "post",
        "record casework",
        by_offence,
        lambda c, u: {**offence_form(c, u), "version": c.offence.version},
        offending_page,
    ),
    ("offending:cohorts", "get"): Row("get", "read reoffending cohorts"),
}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need."""
    client.offence = Offence.objects.create(
        client=client,
        committed_on=TODAY - timedelta(days=400),
        category="burglary_domestic",
        disposal="conviction",
        disposal_on=TODAY - timedelta(days=300),
        source="pnc",
        recorded_by=author,
    )
