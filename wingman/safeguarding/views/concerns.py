"""Concerns: raising one, reading its chronology, and the lead's triage, decisions, referrals and
closing."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from wingman.accounts import permissions
from wingman.core.access import access_object
from wingman.core.views_helpers import role_required

from ..models import Concern


@role_required(permissions.reads_concerns)
@require_GET
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    concern = access_object(
        Concern, request.user, pk, queryset=Concern.objects.select_related("client")
    )
    context = {
        "concern": concern,
        "client": concern.client,
        "entries": concern.entries.select_related("corrects"),
        "decisions": concern.decisions.all(),
        "can_decide": permissions.acts_on_concern(request.user, concern),
    }
    return render(request, "safeguarding/concern_detail.html", context)


urls = [
    path("safeguarding/concerns/<int:pk>/", concern_detail, name="concern"),
]
