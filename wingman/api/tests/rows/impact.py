"""The API permission matrix's rows for impact. Runs and pools are the organisation's: each
client is furnished with one, and those furnished for the client in the other borough belong to
another organisation, so a manager gets 404 for them as for that client."""

from typing import Any

from testing.factories import OrganisationFactory
from wingman.api.tests.rows import Row
from wingman.impact.models import ComparisonPool, EvaluationRun

RUN = "run evaluations"

ROWS: dict[str, Row] = {
    "list_evaluation_runs": ("get", lambda c: "/impact/runs", None, RUN, 200),
    "start_evaluation_run": ("post", lambda c: "/impact/runs", lambda c: {"ratio": 1}, RUN, 201),
    "get_evaluation_run": ("get", lambda c: f"/impact/runs/{c.evaluation_run.pk}", None, RUN, 200),
    "get_comparison_pool": (
        "get",
        lambda c: f"/impact/pools/{c.comparison_pool.pk}",
        None,
        RUN,
        200,
    ),
}
UNSCOPED = {"list_evaluation_runs", "start_evaluation_run"}


def furnish(client: Any, author: Any) -> None:
    organisation = author.organisation
    if client.team.borough_id != author.team.borough_id:
        organisation = OrganisationFactory(name="Another trust")
    client.evaluation_run = EvaluationRun.objects.create(
        organisation=organisation,
        started_by=author,
        parameters={"ratio": 1, "caliper": 0.2, "covariates": [], "filters": {}},
    )
    client.comparison_pool = ComparisonPool.objects.create(
        organisation=organisation, name="Extract", source="Partner", uploaded_by=author, sha256="0"
    )
