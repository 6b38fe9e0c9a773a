"""Evaluation pages: comparison pools uploaded and their columns chosen, the runs and starting
one with its filters, a run's result, running it again."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from wingman.accounts import permissions
from wingman.accounts.models import Borough
from wingman.core.access import access_object
from wingman.core.charts import dot_plot
from wingman.core.errors import ServiceError
from wingman.core.once import fingerprint_of, once
from wingman.core.views_helpers import actor_of, role_required
from wingman.costs.benefit import Interval, MissingUnitCost, cost_benefit
from wingman.referrals.models import FundingStream

from . import selectors, services
from .forms import ColumnsForm, PoolUploadForm, RunAgainForm, RunForm
from .models import ComparisonPool, EvaluationRun, PoolUpload

LESS = "less likely to reoffend"
UNSURE = "more people are needed to tell"
MORE = "more likely to reoffend"


def verdict(low: float | None, high: float | None) -> str | None:
    """The Justice Data Lab's three-way wording for an interval of the difference."""
    if low is None or high is None:
        return None
    if high < 0:
        return LESS
    if low > 0:
        return MORE
    return UNSURE


def _benefit(low: float, central: float, high: float) -> dict[str, Any]:
    """What the difference is worth for 100 people: reoffending people avoided per 100 (the
    difference turned round) priced by `costs.benefit`, or why it cannot be."""
    avoided = Interval(*(Decimal(str(round(-v * 100, 4))) for v in (high, central, low)))
    try:
        found = cost_benefit(
            reoffences_avoided=avoided,
            custody_years_avoided=None,
            people=100,
            on=timezone.localdate(),
        )
    except MissingUnitCost as missing:
        return {"avoided": avoided.rounded(), "missing": str(missing)}
    return {"avoided": avoided.rounded(), "rows": found.rows}


def _shown(run: EvaluationRun) -> dict[str, Any]:
    result = run.result or {}
    if not result:
        return {}
    if result["design"] == "expected":
        low, high = result["difference_ci_low"], result["difference_ci_high"]
        return {
            "verdict": verdict(low, high),
            "low": low,
            "high": high,
            "benefit": _benefit(low, result["difference"], high),
        }
    low, high = result["ci_low"], result["ci_high"]
    rows = [
        {
            "name": selectors.COVARIATE_WORDS.get(b["covariate"], b["covariate"]),
            **b,
        }
        for b in result["balance"]
    ]
    plot = dot_plot(
        title="Standardised mean differences before and after matching",
        described_by="balance-table",
        rows=[r["name"] for r in rows],
        series=[
            ("Before matching", [r["smd_before"] or 0.0 for r in rows]),
            ("After matching", [r["smd_after"] or 0.0 for r in rows]),
        ],
        guides=[-0.1, 0.0, 0.1],
    )
    return {
        "verdict": verdict(low, high),
        "low": low,
        "high": high,
        "balance": rows,
        "plot": plot,
        "benefit": _benefit(low, result["estimate"], high),
    }


def _choices(actor: Any) -> dict[str, list[tuple[str, str]]]:
    return {
        "pools": [
            (str(p.pk), f"{p.name} ({p.row_count} people)")
            for p in ComparisonPool.objects.visible_to(actor)
        ],
        "streams": [
            (str(s.pk), f"{s.name} ({s.borough.name})")
            for s in FundingStream.objects.of_organisation_of(actor)
            .select_related("borough")
            .order_by("borough__name", "name")
        ],
        "boroughs": [
            (str(b.pk), b.name) for b in Borough.objects.of_organisation_of(actor).order_by("name")
        ],
    }


def _number(value: str) -> int | None:
    return int(value) if value else None


@role_required(permissions.runs_evaluations)
@require_http_methods(["GET", "POST"])
def runs(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    choices = _choices(actor)
    form = RunForm(request.POST or None, **choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pool_pk = data["pool"]
            pool = access_object(ComparisonPool, actor, pool_pk) if pool_pk else None
            # A form sent twice (a double click) starts one run.
            run, _ = once(
                token=form.token,
                user=actor,
                model=EvaluationRun,
                create=lambda: services.run_start(
                    actor=actor,
                    pool=pool,
                    today=timezone.localdate(),
                    stream_id=_number(data["stream"]),
                    borough_id=_number(data["borough"]),
                    opened_from=data["opened_from"],
                    opened_to=data["opened_to"],
                    ratio=data["ratio"],
                ),
                fingerprint=fingerprint_of(
                    pool_pk,
                    data["stream"],
                    data["borough"],
                    data["opened_from"],
                    data["opened_to"],
                    data["ratio"],
                ),
            )
        except ServiceError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        else:
            assert run.job is not None
            return redirect("background:job", pk=run.job.pk)
    return render(
        request,
        "impact/runs.html",
        {
            "runs": EvaluationRun.objects.visible_to(actor).select_related("pool", "job"),
            "pools": ComparisonPool.objects.visible_to(actor).select_related("uploaded_by"),
            "uploads": PoolUpload.objects.visible_to(actor),
            "form": form,
        },
    )


@role_required(permissions.runs_evaluations)
@require_http_methods(["GET", "POST"])
def pool_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = PoolUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.pool_upload(
                actor=actor,
                name=form.cleaned_data["name"],
                source=form.cleaned_data["source"],
                content=form.cleaned_data["file"].read(),
            )
        except ServiceError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        else:
            return redirect("impact:upload_map", pk=upload.pk)
    return render(request, "impact/pool_new.html", {"form": form})


@role_required(permissions.runs_evaluations)
@require_http_methods(["GET", "POST"])
def upload_map(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    upload = access_object(PoolUpload, actor, pk)
    form = ColumnsForm(
        request.POST or None, headers=upload.headers, initial=services.guess_mapping(upload.headers)
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            pool = services.upload_import(actor=actor, upload=upload, mapping=form.mapping())
        except services.PoolErrors as problems:
            errors = problems.errors
        except ServiceError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        else:
            return redirect("impact:pool", pk=pool.pk)
    return render(
        request,
        "impact/upload_map.html",
        {
            "upload": upload,
            "form": form,
            "row_errors": errors[: services.MAX_ERRORS_SHOWN],
            "more_errors": max(0, len(errors) - services.MAX_ERRORS_SHOWN),
        },
    )


@role_required(permissions.runs_evaluations)
@require_http_methods(["GET"])
def pool(request: HttpRequest, pk: int) -> HttpResponse:
    found = access_object(ComparisonPool, actor_of(request), pk)
    summary = selectors.pool_summary(found)
    words = dict(services.FIELDS)
    return render(
        request,
        "impact/pool.html",
        {
            "pool": found,
            "summary": summary,
            "means": [
                (selectors.COVARIATE_WORDS.get(k, k), v) for k, v in summary["means"].items()
            ],
            "mapping": [(words[k][0], v) for k, v in found.mapping.items() if k in words],
        },
    )


@role_required(permissions.runs_evaluations)
@require_http_methods(["GET"])
def run(request: HttpRequest, pk: int) -> HttpResponse:
    found = access_object(EvaluationRun, actor_of(request), pk)
    return _run_page(request, found, RunAgainForm())


def _run_page(request: HttpRequest, found: EvaluationRun, again: RunAgainForm) -> HttpResponse:
    return render(
        request, "impact/run.html", {"run": found, "shown": _shown(found), "again": again}
    )


@role_required(permissions.runs_evaluations)
@require_POST
def run_again(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    found = access_object(EvaluationRun, actor, pk)
    form = RunAgainForm(request.POST)
    if not form.is_valid():
        return _run_page(request, found, form)
    # A double click on "Run again" starts one run; the same token for another run is refused.
    try:
        again, _ = once(
            token=form.token,
            user=actor,
            model=EvaluationRun,
            create=lambda: services.run_again(actor=actor, run=found),
            fingerprint=fingerprint_of("again", found.pk),
        )
    except ServiceError as problem:
        form.add_error(None, problem.message)
        return _run_page(request, found, form)
    assert again.job is not None
    return redirect("background:job", pk=again.job.pk)
