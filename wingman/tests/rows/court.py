"""The permission matrix's rows for court support pages."""

from typing import Any

from django.urls import reverse

from testing.helpers import date_boxes
from wingman.court.models import Hearing
from wingman.tests.rows import TODAY, Row, by_client_pk, form_token


def by_hearing(c: Any) -> dict[str, Any]:
    return {"pk": c.hearing.pk}


def hearing_page(part: str = "") -> Any:
    def url(c: Any) -> str:
        page = reverse("court:hearing", args=[c.hearing.pk])
        return f"{page}#{part}" if part else page

    return url


ROWS: dict[tuple[str, str], Row] = {
    ("court:list", "get"): Row("get", "read clients", by_client_pk),
    ("court:new", "get"): Row("get", "record casework", by_client_pk),
    ("court:new", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {
            "court": "Camberwell Green Youth Court",
            "charge": "Robbery",
            "stage": "plea",
            **date_boxes("hearing_on", TODAY),
            **form_token(),
        },
        lambda c: r"/court/hearings/\d+/",
    ),
    ("court:hearing", "get"): Row("get", "read clients", by_hearing),
    ("court:edit", "get"): Row("get", "record casework", by_hearing),
    ("court:edit", "post"): Row(
        "post",
        "record casework",
        by_hearing,
        lambda c, u: {
            "court": "Highbury Corner Magistrates' Court",
            "charge": c.hearing.charge,
            "stage": c.hearing.stage,
            "version": c.hearing.version,
            **date_boxes("hearing_on", c.hearing.hearing_on),
        },
        hearing_page(),
    ),
    ("court:attendance", "get"): Row("get", "record casework", by_hearing),
    ("court:attendance", "post"): Row(
        "post",
        "record casework",
        by_hearing,
        lambda c, u: {"attended": "no", "version": c.hearing.version},
        hearing_page("attendance"),
    ),
    ("court:reference", "get"): Row("get", "record casework", by_hearing),
    ("court:reference", "post"): Row(
        "post",
        "record casework",
        by_hearing,
        lambda c, u: {
            "reference_text": "He now mentors younger children on his estate.",
            "reference_by": "His caseworker",
            "version": c.hearing.version,
        },
        hearing_page("reference"),
    ),
    ("court:result", "get"): Row("get", "record casework", by_hearing),
    ("court:result", "post"): Row(
        "post",
        "record casework",
        by_hearing,
        lambda c, u: {"result": "discharge", "version": c.hearing.version},
        hearing_page("result"),
    ),
}


def make_hearing(client: Any, author: Any) -> Hearing:
    """A hearing listed for today."""
    return Hearing.objects.create(
        client=client,
        court="Camberwell Green Youth Court",
        hearing_on=TODAY,
        charge="Robbery",
        stage="sentencing",
        created_by=author,
    )


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need."""
    client.hearing = make_hearing(client, author)
