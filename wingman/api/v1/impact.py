"""The API's impact operations: evaluation runs and comparison pools' summaries (aggregates,
never a pool's rows)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from wingman.accounts import permissions
from wingman.core.once import once
from wingman.impact import selectors, services
from wingman.impact.models import ComparisonPool, EvaluationRun

from ..auth import actor_of, requires
from ..records import IdempotencyKey, get_record, idempotency, page_of
from ..schemas import READ_ERRORS, WRITE_ERRORS, Id, InputSchema, PageQuery

router = Router(tags=["impact"])

RUNS_EVALUATIONS = "Your role does not run evaluations."


class RunOut(Schema):
    id: int
    started_at: datetime
    started_by_id: int
    pool_id: int | None
    parameters: dict[str, Any]
    fingerprint: str
    status: str
    error: str
    result: dict[str, Any] | None
    engine_version: str
    left_out: dict[str, int]


class RunPage(Schema):
    count: int
    items: list[RunOut]


class RunIn(InputSchema):
    pool_id: int | None = Field(
        None, description="A comparison pool; none: expected versus observed"
    )
    ratio: int = Field(1, description="Comparison people matched to each client (1 to 10)")


class PoolOut(Schema):
    id: int
    name: str
    source: str
    uploaded_at: datetime
    row_count: int
    mapping: dict[str, str]
    sha256: str
    summary: dict[str, Any]


def run_data(run: EvaluationRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "started_at": run.started_at,
        "started_by_id": run.started_by_id,
        "pool_id": run.pool_id,
        "parameters": run.parameters,
        "fingerprint": run.fingerprint,
        "status": run.job.status if run.job else "",
        "error": run.job.error if run.job else "",
        "result": run.result,
        "engine_version": run.engine_version,
        "left_out": run.left_out,
    }


@router.get(
    "/impact/runs",
    response={200: RunPage, **READ_ERRORS},
    operation_id="list_evaluation_runs",
    summary="Evaluation runs of your organisation, latest first",
)
@requires(permissions.runs_evaluations, RUNS_EVALUATIONS)
def list_evaluation_runs(request: HttpRequest, query: Query[PageQuery]) -> Any:
    runs = EvaluationRun.objects.visible_to(actor_of(request)).select_related("job")
    count, items = page_of(request, runs, query)
    return {"count": count, "items": [run_data(r) for r in items]}


@router.get(
    "/impact/runs/{run_id}",
    response={200: RunOut, **READ_ERRORS},
    operation_id="get_evaluation_run",
    summary="One evaluation run and its result",
)
@requires(permissions.runs_evaluations, RUNS_EVALUATIONS)
def get_evaluation_run(request: HttpRequest, run_id: Id) -> Any:
    return run_data(get_record(request, EvaluationRun, run_id))


@router.post(
    "/impact/runs",
    response={201: RunOut, 200: RunOut, **WRITE_ERRORS},
    operation_id="start_evaluation_run",
    summary="Start an evaluation in the background",
    description=(
        "Answers 201 with the new run (its status 'queued'), or 200 with the run started "
        "earlier when the same Idempotency-Key was sent before."
    ),
)
@requires(permissions.runs_evaluations, RUNS_EVALUATIONS)
def start_evaluation_run(
    request: HttpRequest, payload: RunIn, idempotency_key: IdempotencyKey = None
) -> Any:
    user = actor_of(request)
    token, fingerprint = idempotency(request, idempotency_key, EvaluationRun, None, payload)
    pool = None
    if payload.pool_id is not None:
        pool = get_record(request, ComparisonPool, payload.pool_id, audit=False)
    run, created = once(
        token=token,
        user=user,
        model=EvaluationRun,
        fingerprint=fingerprint,
        create=lambda: services.run_start(
            actor=user,
            pool=pool,
            today=timezone.localdate(),
            ratio=payload.ratio,
            idempotency_token=token or "",
        ),
    )
    return Status(201 if created else 200, run_data(run))


@router.get(
    "/impact/pools/{pool_id}",
    response={200: PoolOut, **READ_ERRORS},
    operation_id="get_comparison_pool",
    summary="A comparison pool's summary: its size and means, never its rows",
)
@requires(permissions.runs_evaluations, RUNS_EVALUATIONS)
def get_comparison_pool(request: HttpRequest, pool_id: Id) -> Any:
    pool = get_record(request, ComparisonPool, pool_id)
    return {
        "id": pool.pk,
        "name": pool.name,
        "source": pool.source,
        "uploaded_at": pool.uploaded_at,
        "row_count": pool.row_count,
        "mapping": pool.mapping,
        "sha256": pool.sha256,
        "summary": selectors.pool_summary(pool),
    }
