"""The home page and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wingman.accounts import permissions
from wingman.accounts.choices import Role
from wingman.accounts.selectors import handovers_for
from wingman.casework.selectors import home_for
from wingman.reports.selectors import borough_figures

from .views_helpers import actor_of


@transaction.non_atomic_requests
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    today = timezone.localdate()
    context = home_for(user, today=today)
    borough = None
    if user.role == Role.FUNDER:
        borough = user.funded_borough
    elif user.role == Role.MANAGER and user.team is not None:
        borough = user.team.borough
    if borough is not None:
        context["figures"] = borough_figures(borough, today=today)
    if permissions.hands_over_enrolment_codes(user):
        context["handovers"] = handovers_for(user).count()
    return render(request, "core/home.html", context)
