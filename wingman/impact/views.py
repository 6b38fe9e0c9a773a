"""Evaluation pages: the runs and starting one, a run's result, running it again."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from wingman.accounts import permissions
from wingman.core.access import access_object
from wingman.core.charts import dot_plot
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import actor_of, role_required
from wingman.costs.benefit import Interval, MissingUnitCost, cost_benefit

from . import selectors, services
from .models import ComparisonPool, EvaluationRun

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


@role_required(permissions.runs_evaluations)
@require_http_methods(["GET", "POST"])
def runs(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    pools = ComparisonPool.objects.visible_to(actor)
    error = None
    if request.method == "POST":
        try:
            pool_pk = request.POST.get("pool", "")
            pool = access_object(ComparisonPool, actor, pool_pk) if pool_pk else None
            run = services.run_start(
                actor=actor,
                pool=pool,
                today=timezone.localdate(),
                ratio=int(request.POST.get("ratio") or 1),
            )
        except ServiceError as problem:
            error = problem.message
        except ValueError:
            error = "The ratio must be a whole number from 1 to 10."
        else:
            assert run.job is not None
            return redirect("background:job", pk=run.job.pk)
    return render(
        request,
        "impact/runs.html",
        {
            "runs": EvaluationRun.objects.visible_to(actor).select_related("pool", "job"),
            "pools": pools,
            "error": error,
        },
    )


@role_required(permissions.runs_evaluations)
@require_http_methods(["GET"])
def run(request: HttpRequest, pk: int) -> HttpResponse:
    found = access_object(EvaluationRun, actor_of(request), pk)
    return render(request, "impact/run.html", {"run": found, "shown": _shown(found)})


@role_required(permissions.runs_evaluations)
@require_POST
def run_again(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    found = access_object(EvaluationRun, actor, pk)
    again = services.run_again(actor=actor, run=found)
    assert again.job is not None
    return redirect("background:job", pk=again.job.pk)
