"""The permission matrix's rows for impact, and what they need.

Runs, pools and uploads are the organisation's, not a client's: each client is furnished with
a run, a pool and an upload (uploaded by the organisation's manager), and those furnished for
the client in the other borough belong to another organisation, so a manager gets 404 for them
as for that client. Only managers run evaluations: every other role, funders and caseworkers
among them, gets 403."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from testing.factories import OrganisationFactory
from wingman.accounts.choices import Role
from wingman.accounts.models import User
from wingman.impact.models import ComparisonPool, EvaluationRun, PoolUpload
from wingman.tests.rows import Row, form_token

CSV = (
    b"ref,reoffended,age,sex,sanctions,age_first_sanction,age_current_sanction\n"
    b"A1,1,19,male,2,15,18\n"
)

RUN = "run evaluations"


def by_run(c: Any) -> dict[str, Any]:
    return {"pk": c.evaluation_run.pk}


def started(c: Any, u: Any) -> dict[str, Any]:
    return {"pool": "", "ratio": "1", **form_token()}


def to_job(c: Any) -> str:
    return r"/background/\d+/"


def by_pool(c: Any) -> dict[str, Any]:
    return {"pk": c.comparison_pool.pk}


def by_upload(c: Any) -> dict[str, Any]:
    return {"pk": c.pool_upload.pk}


def uploaded(c: Any, u: Any) -> dict[str, Any]:
    return {
        "file": SimpleUploadedFile("extract.csv", CSV, content_type="text/csv"),
        "name": "Partner extract",
        "source": "Partner's extract",
    }


def mapped(c: Any, u: Any) -> dict[str, Any]:
    return {
        "reoffended": "reoffended",
        "age": "age",
        "sex": "sex",
        "sanctions": "sanctions",
        "age_first_sanction": "age_first_sanction",
        "age_current_sanction": "age_current_sanction",
        "custody_months": "",
        "offence": "",
        "identifier": "ref",
    }


def to_upload(c: Any) -> str:
    return r"/impact/pools/uploads/\d+/map/"


def to_pool(c: Any) -> str:
    return r"/impact/pools/\d+/"


ROWS: dict[tuple[str, str], Row] = {
    ("impact:runs", "get"): Row("get", RUN),
    ("impact:runs", "post"): Row("post", RUN, data=started, then=to_job),
    ("impact:pool_new", "get"): Row("get", RUN),
    ("impact:pool_new", "post"): Row("post", RUN, data=uploaded, then=to_upload),
    ("impact:upload_map", "get"): Row("get", RUN, target=by_upload),
    ("impact:upload_map", "post"): Row("post", RUN, target=by_upload, data=mapped, then=to_pool),
    ("impact:pool", "get"): Row("get", RUN, target=by_pool),
    ("impact:run", "get"): Row("get", RUN, target=by_run),
    ("impact:run_again", "post"): Row(
        "post", RUN, target=by_run, data=lambda c, u: form_token(), then=to_job
    ),
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
    manager = (
        User.objects.filter(role=Role.MANAGER, organisation=author.organisation).first() or author
    )
    client.comparison_pool = ComparisonPool.objects.create(
        organisation=organisation, name="Extract", source="Partner", uploaded_by=author, sha256=""
    )
    client.pool_upload = PoolUpload.objects.create(
        organisation=organisation,
        uploaded_by=manager,
        name="Partner extract",
        source="Partner's extract",
        content=CSV,
        headers=[
            "ref",
            "reoffended",
            "age",
            "sex",
            "sanctions",
            "age_first_sanction",
            "age_current_sanction",
        ],
    )
