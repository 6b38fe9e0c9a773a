"""The permission matrix's rows for outcomes pages."""

from datetime import timedelta
from typing import Any

from django.urls import reverse

from testing.factories import FundingStreamFactory
from testing.helpers import date_boxes
from wingman.outcomes.models import IndicatorAssignment, IndicatorDefinition, Outcome, OutcomeType
from wingman.tests.rows import TODAY, Row, by_client_pk, client_page, form_token


def _list(c: Any) -> str:
    return reverse("outcomes:list", args=[c.pk])


def _by_outcome(c: Any) -> dict[str, Any]:
    return {"pk": c.outcome.pk}


ROWS: dict[tuple[str, str], Row] = {
    ("outcomes:list", "get"): Row("get", "read clients", by_client_pk),
    ("outcomes:new", "get"): Row("get", "record casework", by_client_pk),
    ("outcomes:new", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {
            "outcome_type": str(c.outcome_type.pk),
            "evidence": "Enrolment letter from the college",
            **date_boxes("achieved_on", TODAY),
            **form_token(),
        },
        lambda c: client_page(c) + "#outcomes",
    ),
    ("outcomes:edit", "get"): Row("get", "record casework", _by_outcome),
    ("outcomes:edit", "post"): Row(
        "post",
        "record casework",
        _by_outcome,
        lambda c, u: {
            "outcome_type": str(c.outcome_type.pk),
            "evidence": "Enrolment letter seen",
            "version": c.outcome.version,
            **date_boxes("achieved_on", TODAY),
        },
        _list,
    ),
    ("outcomes:withdraw", "get"): Row("get", "record casework", _by_outcome),
    ("outcomes:withdraw", "post"): Row(
        "post",
        "record casework",
        _by_outcome,
        lambda c, u: {"reason": "Recorded for the wrong person", "version": c.outcome.version},
        _list,
    ),
    ("outcomes:streams", "get"): Row("get", "read funding stream indicators"),
    # Each client's stream is commissioned by the client's own borough.
    ("outcomes:stream", "get"): Row(
        "get", "read funding stream indicators", lambda c: {"pk": c.indicator_stream.pk}
    ),
}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need: an outcome ("Training
    started"), and a funding stream of the client's borough counting it."""
    organisation = client.team.borough.organisation
    client.outcome_type = OutcomeType.objects.get(
        organisation=organisation, name="Training started"
    )
    client.outcome = Outcome.objects.create(
        client=client,
        journey=client.journeys.first(),
        outcome_type=client.outcome_type,
        achieved_on=TODAY,
        evidence="Course confirmation",
        recorded_by=author,
    )
    client.indicator_stream = FundingStreamFactory(borough=client.team.borough)
    indicator, _ = IndicatorDefinition.objects.get_or_create(
        organisation=organisation, name="Young people starting training"
    )
    indicator.outcome_types.add(client.outcome_type)
    IndicatorAssignment.objects.create(
        indicator=indicator,
        funding_stream=client.indicator_stream,
        target=5,
        period_start=TODAY - timedelta(days=90),
        period_end=TODAY + timedelta(days=275),
    )
