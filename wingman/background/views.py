"""The page that shows how far a piece of background work has got. It refreshes itself while
the work runs (a plain meta refresh: no script needed), and links to the result once there."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wingman.core.views_helpers import actor_of

from .selectors import job_for


@login_required
@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    found = job_for(actor_of(request), pk)
    return render(request, "background/job.html", {"job": found})
