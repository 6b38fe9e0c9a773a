"""The on-call rota: who is on call now and the shifts to come (everyone on duty reads it), adding
a shift and taking one off (those who keep the rota)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wingman.accounts import permissions
from wingman.accounts.choices import Role
from wingman.core.access import access_object
from wingman.core.errors import NotAllowed, ServiceError
from wingman.core.views_helpers import actor_of, role_required, show_service_error

from ..forms.rota import ShiftForm
from ..models import OnCallShift
from ..selectors.rota import kept_shifts, on_call_candidates, on_call_for, rota_of, rota_teams
from ..services import rota as services

ROTA_LIMIT = 200
# The service speaks of moments; the form asks a date and a time for each.
FIELDS = {"starts_at": "starts_on", "ends_at": "ends_on"}


def _rota_url() -> str:
    return reverse("safeguarding:on-call")


@role_required(permissions.works_with_clients)
@require_GET
def rota(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    shifts = list(rota_of(request.user, now)[:ROTA_LIMIT])
    keeps = permissions.keeps_rota(request.user)
    removable = (
        set(
            kept_shifts()
            .visible_to(request.user)
            .filter(pk__in=[s.pk for s in shifts])
            .values_list("pk", flat=True)
        )
        if keeps
        else set()
    )
    context = {
        "on_call": on_call_for(request.user, now),
        "shifts": shifts,
        "removable": removable,
        "keeps_rota": keeps,
        "now": now,
    }
    return render(request, "safeguarding/rota.html", context)


@role_required(permissions.keeps_rota)
@require_http_methods(["GET", "POST"])
def shift_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    form = ShiftForm(
        request.POST or None,
        people=on_call_candidates(user),
        teams=rota_teams(user).select_related("borough").order_by("name"),
        whole_organisation=user.role != Role.SENIOR_CASEWORKER,
        initial={"team": str(user.team_id) if user.role == Role.SENIOR_CASEWORKER else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            shift, created = services.shift_add(actor=user, values=form.values(), token=form.token)
        except ServiceError as error:
            error.field = FIELDS.get(error.field or "", error.field)
            show_service_error(form, error)
        else:
            messages.success(
                request,
                f"{shift.person} is on the rota"
                if created
                else "That shift is already on the rota",
            )
            return redirect(_rota_url())
    context = {
        "form": form,
        "heading": "Add an on-call shift",
        "intro": "Whoever is on call is shown to everyone on duty, and is told of every crisis "
        "call that needs a concern.",
        "back_url": _rota_url(),
        "submit": "Add shift",
    }
    return render(request, "casework/form_page.html", context)


@role_required(permissions.keeps_rota)
@require_http_methods(["GET", "POST"])
def shift_remove(request: HttpRequest, pk: int) -> HttpResponse:
    shift = access_object(OnCallShift, request.user, pk, queryset=kept_shifts())
    if request.method == "POST":
        try:
            services.shift_remove(actor=actor_of(request), shift=shift)
        except NotAllowed as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Shift removed: {shift.person}")
        return redirect(_rota_url())
    return render(request, "safeguarding/rota_remove.html", {"shift": shift})


urls = [
    path("safeguarding/on-call/", rota, name="on-call"),
    path("safeguarding/on-call/new/", shift_new, name="on-call-new"),
    path("safeguarding/on-call/<int:pk>/remove/", shift_remove, name="on-call-remove"),
]
