"""Risk flag pages: a client's flags (current and removed), setting one, reviewing it and
removing it. Each view checks the role, loads records through access_object and calls a
service."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wingman.accounts import permissions
from wingman.core.access import access_object
from wingman.core.errors import InvalidTransition, ServiceError
from wingman.core.views_helpers import actor_of, role_required, save_edit, show_service_error
from wingman.people.models import Client

from ..forms.flags import FlagNewForm, FlagRemoveForm, FlagReviewForm
from ..models import RiskFlag
from ..selectors.flags import concerns_to_flag, flag_owners, flags_of
from ..services import flags as services


def _flags_url(client_pk: int) -> str:
    return reverse("safeguarding:flags", args=[client_pk])


def _load(request: HttpRequest, pk: int) -> RiskFlag:
    return access_object(
        RiskFlag, request.user, pk, queryset=RiskFlag.objects.select_related("client", "owner")
    )


def _page(request: HttpRequest, client: Client, form: Any, **context: Any) -> HttpResponse:
    return render(
        request,
        "casework/form_page.html",
        {"form": form, "client": client, "back_url": _flags_url(client.pk), **context},
    )


@role_required(permissions.works_with_clients)
@require_GET
def flag_list(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    context = {
        "client": client,
        **flags_of(request.user, client),
        "sets_flags": permissions.sets_risk_flags(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "safeguarding/flag_list.html", context)


@role_required(permissions.sets_risk_flags)
@require_http_methods(["GET", "POST"])
def flag_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    form = FlagNewForm(
        request.POST or None,
        owners=flag_owners(request.user),
        concerns=concerns_to_flag(request.user, client),
        initial={"owner": str(request.user.pk)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            flag, created = services.flag_set(
                actor=actor_of(request), client=client, values=form.values(), token=form.token
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Flag set: {flag}" if created else f"Already set: {flag}")
            return redirect(_flags_url(client.pk))
    return _page(
        request,
        client,
        form,
        heading="Set a risk flag",
        intro="A flag shows at the top of every page of the client's record, for everyone who "
        "sees the client.",
        submit="Set flag",
    )


@role_required(permissions.sets_risk_flags)
@require_http_methods(["GET", "POST"])
def flag_review(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _load(request, pk)
    if flag.removed_at is not None:
        messages.info(request, "The flag was removed: there is nothing to review")
        return redirect(_flags_url(flag.client_id))
    form = FlagReviewForm(
        request.POST or None,
        owners=flag_owners(request.user),
        initial={
            "owner": str(flag.owner_id),
            "detail": flag.detail,
            "version": flag.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.flag_review(
                actor=actor_of(request), flag=flag, values=form.values(), expected_version=version
            ),
            saved=f"Flag reviewed: {flag}",
            then=_flags_url(flag.client_id),
        )
        if done:
            return done
    return _page(
        request,
        flag.client,
        form,
        heading=f"Review the flag: {flag}",
        intro=f"The reason given: “{flag.reason}” If the risk has changed, remove this flag "
        "and set a new one.",
        submit="Save review",
    )


@role_required(permissions.sets_risk_flags)
@require_http_methods(["GET", "POST"])
def flag_remove(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _load(request, pk)
    form = FlagRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_remove(actor=actor_of(request), flag=flag, values=form.cleaned_data)
        except InvalidTransition as error:
            messages.info(request, error.message)
            return redirect(_flags_url(flag.client_id))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Flag removed: {flag}")
            return redirect(_flags_url(flag.client_id))
    return _page(
        request,
        flag.client,
        form,
        heading=f"Remove the flag: {flag}",
        submit="Remove flag",
    )


urls = [
    path("clients/<int:client_pk>/flags/", flag_list, name="flags"),
    path("clients/<int:client_pk>/flags/new/", flag_new, name="flag-new"),
    path("safeguarding/flags/<int:pk>/review/", flag_review, name="flag-review"),
    path("safeguarding/flags/<int:pk>/remove/", flag_remove, name="flag-remove"),
]
