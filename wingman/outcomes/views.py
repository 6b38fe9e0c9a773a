"""A client's outcomes (the list, recording one, changing it, withdrawing it) and a funding
stream's indicators, target against result (aggregates only, never a name)."""

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wingman.accounts import permissions
from wingman.core.access import access_object
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import actor_of, role_required, save_edit, show_service_error
from wingman.people.models import Client
from wingman.referrals.models import FundingStream

from . import services
from .forms import OutcomeEditForm, OutcomeNewForm, WithdrawForm
from .models import Outcome, OutcomeType
from .selectors import indicator_streams, outcomes_of, stream_results, streams_for


def _list_url(client_id: int) -> str:
    return reverse("outcomes:list", args=[client_id])


def _load(request: HttpRequest, pk: int) -> Outcome:
    return access_object(
        Outcome,
        request.user,
        pk,
        queryset=Outcome.objects.select_related("client", "outcome_type"),
    )


@role_required(permissions.works_with_clients)
@require_GET
def outcome_list(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    outcomes = list(outcomes_of(request.user, client))
    context = {
        "client": client,
        "outcomes": [o for o in outcomes if not o.is_withdrawn],
        "withdrawn": [o for o in outcomes if o.is_withdrawn],
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "outcomes/outcome_list.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def outcome_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    types = list(OutcomeType.objects.of_organisation_of(request.user).active())
    form = OutcomeNewForm(request.POST or None, types=types)
    if request.method == "POST" and form.is_valid():
        try:
            outcome, created = services.outcome_record(
                actor=actor_of(request), client=client, data=form.outcome_data(), token=form.token
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                f"Outcome recorded: {outcome}" if created else f"Already recorded: {outcome}",
            )
            return redirect(reverse("home:client", args=[client.pk]) + "#outcomes")
    context = {
        "form": form,
        "client": client,
        "heading": "Record an outcome",
        "back_url": _list_url(client.pk),
        "submit": "Save outcome",
    }
    return render(request, "casework/form_page.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _load(request, pk)
    if outcome.is_withdrawn:
        messages.error(request, services.WITHDRAWN_UNCHANGED)
        return redirect(_list_url(outcome.client_id))
    types = list(
        OutcomeType.objects.of_organisation_of(request.user).filter(
            Q(active=True) | Q(pk=outcome.outcome_type_id)
        )
    )
    initial = {
        "outcome_type": str(outcome.outcome_type_id),
        "achieved_on": outcome.achieved_on,
        "evidence": outcome.evidence,
        "version": outcome.version,
    }
    form = OutcomeEditForm(request.POST or None, initial=initial, types=types)
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.outcome_edit(
                actor=actor_of(request),
                outcome=outcome,
                data=form.outcome_data(),
                expected_version=version,
            ),
            saved="Outcome saved",
            then=_list_url(outcome.client_id),
        )
        if done:
            return done
    context = {
        "form": form,
        "client": outcome.client,
        "heading": f"Change the outcome: {outcome.outcome_type}",
        "back_url": _list_url(outcome.client_id),
        "submit": "Save outcome",
    }
    return render(request, "casework/form_page.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def outcome_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _load(request, pk)
    if outcome.is_withdrawn:
        messages.error(request, "This outcome has already been withdrawn.")
        return redirect(_list_url(outcome.client_id))
    form = WithdrawForm(request.POST or None, initial={"version": outcome.version})
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.outcome_withdraw(
                actor=actor_of(request),
                outcome=outcome,
                reason=form.cleaned_data["reason"],
                expected_version=version,
            ),
            saved=f"Outcome withdrawn: {outcome}",
            then=_list_url(outcome.client_id),
        )
        if done:
            return done
    context = {
        "form": form,
        "client": outcome.client,
        "heading": f"Withdraw the outcome: {outcome}",
        "intro": (
            "Withdraw an outcome only if it was recorded in error. It is kept, with your reason, "
            "and no longer counts for any funding stream."
        ),
        "back_url": _list_url(outcome.client_id),
        "submit": "Withdraw outcome",
    }
    return render(request, "casework/form_page.html", context)


# Indicators of funding streams --------------------------------------------------------------


@role_required(permissions.reads_stream_indicators)
@require_GET
def stream_list(request: HttpRequest) -> HttpResponse:
    return render(request, "outcomes/stream_list.html", {"streams": streams_for(request.user)})


@role_required(permissions.reads_stream_indicators)
@require_GET
def stream_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    stream: FundingStream = access_object(
        FundingStream, request.user, pk, queryset=indicator_streams()
    )
    today = timezone.localdate()
    context = {"stream": stream, "results": stream_results(stream, today=today), "today": today}
    return render(request, "outcomes/stream_indicators.html", context)
