"""Pages: a client's offences and proven reoffending status, adding and correcting an offence,
and proven reoffending by cohort for those who see many clients."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wingman.accounts import permissions
from wingman.core.access import access_object
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import actor_of, role_required, save_edit, show_service_error
from wingman.evaluation import reoffending as rule
from wingman.people.models import Client

from . import services
from .forms import OffenceEditForm, OffenceNewForm
from .models import Offence
from .selectors import BY, FEWER_THAN, SMALLEST_GROUP, cohort_rows, offences_of, reoffending_status

FORM_PAGE = "casework/form_page.html"


def _client_offending_url(client_id: int) -> str:
    return reverse("offending:client", args=[client_id])


@role_required(permissions.works_with_clients)
@require_GET
def client_offending(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    context = {
        "client": client,
        "offences": list(offences_of(request.user, client)),
        "status": reoffending_status(client, today=timezone.localdate()),
        "records_casework": permissions.records_casework(request.user),
        "follow_up_months": rule.FOLLOW_UP_MONTHS,
        "waiting_months": rule.WAITING_MONTHS,
    }
    return render(request, "offending/client_offending.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def offence_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    form = OffenceNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offence, created = services.offence_record(
                actor=actor_of(request), client=client, data=form.offence_data(), token=form.token
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                f"Offence recorded: {offence}" if created else f"Already recorded: {offence}",
            )
            return redirect(_client_offending_url(client.pk))
    context = {
        "form": form,
        "client": client,
        "heading": "Record an offence",
        "back_url": _client_offending_url(client.pk),
        "submit": "Save offence",
        "intro": "One offence at a time, as it stands on the record it comes from.",
    }
    return render(request, FORM_PAGE, context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def offence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offence = access_object(
        Offence, request.user, pk, queryset=Offence.objects.select_related("client")
    )
    initial = {name: getattr(offence, name) for name in services.OFFENCE_FIELDS}
    form = OffenceEditForm(request.POST or None, initial={**initial, "version": offence.version})
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.offence_correct(
                actor=actor_of(request),
                offence=offence,
                data=form.offence_data(),
                expected_version=version,
            ),
            saved=f"Offence corrected: {offence}; the earlier values are kept in the audit trail",
            then=_client_offending_url(offence.client_id),
        )
        if done:
            return done
    context = {
        "form": form,
        "client": offence.client,
        "heading": "Correct an offence",
        "back_url": _client_offending_url(offence.client_id),
        "submit": "Save offence",
        "intro": "For an outcome now decided, or a detail that was wrong.",
    }
    return render(request, FORM_PAGE, context)


@role_required(permissions.reads_reoffending_cohorts)
@require_GET
def cohorts(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("by", "year")
    if by not in BY:
        by = "year"
    today = timezone.localdate()
    rows = cohort_rows(request.user, today=today, by=by)
    context = {
        "rows": rows,
        "by": by,
        "today": today,
        "smallest": SMALLEST_GROUP,
        "fewer_than": FEWER_THAN,
        "follow_up_months": rule.FOLLOW_UP_MONTHS,
        "waiting_months": rule.WAITING_MONTHS,
    }
    return render(request, "offending/cohorts.html", context)
