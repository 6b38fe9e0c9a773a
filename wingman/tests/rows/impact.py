"""The permission matrix's rows for impact, and what they need.

Runs are the organisation's, not a client's: each client is furnished with a run, and the one
furnished for the client in the other borough belongs to another organisation, so a manager
gets 404 for it as for that client."""

from typing import Any

from testing.factories import OrganisationFactory
from wingman.impact.models import EvaluationRun
from wingman.tests.rows import Row

RUN = "run evaluations"


def by_run(c: Any) -> dict[str, Any]:
    return {"pk": c.evaluation_run.pk}


def started(c: Any, u: Any) -> dict[str, Any]:
    return {"pool": "", "ratio": "1"}


def to_job(c: Any) -> str:
    return r"/background/\d+/"


ROWS: dict[tuple[str, str], Row] = {
    ("impact:runs", "get"): Row("get", RUN),
    ("impact:runs", "post"): Row("post", RUN, data=started, then=to_job),
    ("impact:run", "get"): Row("get", RUN, target=by_run),
    ("impact:run_again", "post"): Row("post", RUN, target=by_run, then=to_job),
}


def furnish(client: Any, author: Any) -> None:
    organisation = author.organisation
    if client.team.borough_id != author.team.borough_id:
        organisation = OrganisationFactory(name="Another trust")
    client.evaluation_run = EvaluationRun.objects.create(
        organisation=organisation,
        started_by=author,
        parameters={"ratio": 1, "caliper": 0.2, "covariates": [], "filters": {}},
    )
