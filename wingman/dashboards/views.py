"""The dashboards: the team lead's (each caseworker's caseload against capacity, hours, what is
overdue, releases due, and their caseload one click away) and the organisation's (boroughs side
by side, trends by month). Figures from `selectors`; a chart is always beside its table."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wingman.accounts import permissions
from wingman.accounts.models import Team, User
from wingman.audit.services import record_denial, record_list
from wingman.core.charts import bar_chart, trend_chart
from wingman.core.views_helpers import actor_of, role_required

from . import selectors


@role_required(permissions.reads_team_dashboard)
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    """A team's dashboard: the viewer's own team, or (a manager) `?team=` any of their
    borough's; another team answers 404."""
    viewer = actor_of(request)
    teams = list(selectors.teams_for(viewer))
    wanted = request.GET.get("team") or str(viewer.team_id)
    chosen = next((t for t in teams if str(t.pk) == wanted), None)
    if chosen is None:
        record_denial(actor=viewer, model=Team, object_id=wanted)
        raise Http404("Not found")
    board = selectors.team_dashboard(viewer, chosen, today=timezone.localdate())
    chart = None
    if board.rows:
        chart = bar_chart(
            title=f"Live clients against capacity, {chosen.name}",
            described_by="team-caseloads",
            categories=[str(r.caseworker) for r in board.rows],
            series=[
                ("Live clients", [float(r.live) for r in board.rows]),
                ("Capacity", [float(r.capacity) for r in board.rows]),
            ],
            unit="clients",
        )
    return render(
        request,
        "dashboards/team.html",
        {
            "board": board,
            "teams": teams if len(teams) > 1 else [],
            "chart": chart,
            "soon": selectors.SOON,
            "later": selectors.LATER,
        },
    )


@role_required(permissions.reads_team_dashboard)
@require_GET
def caseload(request: HttpRequest, pk: int) -> HttpResponse:
    """One caseworker's live caseload, drilled into from the team dashboard: only a caseworker
    of a team the viewer's dashboard covers (else 404), and only the clients the viewer sees,
    each recorded as shown."""
    viewer = actor_of(request)
    caseworker = selectors.staff_for(viewer).filter(pk=pk).first()
    if caseworker is None:
        record_denial(actor=viewer, model=User, object_id=pk)
        raise Http404("Not found")
    clients = list(selectors.caseload_for(viewer, caseworker))
    record_list(actor=viewer, client_ids=[c.pk for c in clients])
    return render(
        request, "dashboards/caseload.html", {"caseworker": caseworker, "caseload": clients}
    )


@role_required(permissions.reads_organisation_dashboard)
@require_GET
def organisation(request: HttpRequest) -> HttpResponse:
    viewer = actor_of(request)
    board = selectors.organisation_dashboard(viewer, today=timezone.localdate())
    points = [f"{m.month:%b %Y}" for m in board.months]
    counts = trend_chart(
        title="Referrals received and journeys opened, by month",
        described_by="trend-counts",
        points=points,
        series=[
            ("Referrals received", [float(m.referrals) for m in board.months]),
            ("Journeys opened", [float(m.opened) for m in board.months]),
        ],
    )
    contact_hours = trend_chart(
        title="Hours of contact, by month",
        described_by="trend-hours",
        points=points,
        series=[("Hours of contact", [m.hours for m in board.months])],
        unit="hours",
    )
    return render(
        request,
        "dashboards/organisation.html",
        {
            "board": board,
            "counts_chart": counts,
            "hours_chart": contact_hours,
            "later": selectors.LATER,
        },
    )
