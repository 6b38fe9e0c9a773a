"""Client pages: the caseload list, the client record, editing it, allocating a caseworker."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from wingman.accounts import permissions
from wingman.audit.services import record_list
from wingman.casework.selectors import client_casework
from wingman.core.access import access_object
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import actor_of, role_required, save_edit, show_service_error
from wingman.referrals.selectors import allocatable_caseworkers, caseloads
from wingman.referrals.services import client_allocate

from .forms import AllocateForm, ClientForm, SearchForm
from .models import Client
from .selectors import search_clients
from .services import client_update


@role_required(permissions.works_with_clients)
@require_http_methods(["GET"])
def client_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(search_clients(request.user, query), 50).get_page(request.GET.get("page"))
    record_list(actor=actor_of(request), client_ids=[c.pk for c in page])
    return render(request, "people/client_list.html", {"form": form, "page": page, "query": query})


@role_required(permissions.works_with_clients)
@require_http_methods(["GET"])
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = access_object(
        Client,
        request.user,
        pk,
        queryset=Client.objects.select_related("team", "caseworker", "borough"),
    )
    context = {
        "client": client,
        "show_identifiers": permissions.sees_identifiers(request.user),
        "referrals": client.referrals.select_related("funding_stream").order_by("-received_on"),
        **client_casework(request.user, client),
    }
    return render(request, "people/client_detail.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = access_object(Client, request.user, pk)
    show_ids = permissions.sees_identifiers(request.user)
    form = ClientForm(
        request.POST or None,
        instance=client,
        show_identifiers=show_ids,
        initial={"version": client.version},
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
        done = save_edit(
            request,
            form,
            lambda version: client_update(
                actor=actor_of(request),
                client=client,
                changes=changes,
                expected_version=version or 0,
            ),
            saved="Client details saved",
            then=reverse("people:detail", args=[client.pk]),
        )
        if done:
            return done
    return render(request, "people/client_edit.html", {"client": client, "form": form})


@role_required(permissions.allocates)
@require_http_methods(["GET", "POST"])
def client_allocate_view(request: HttpRequest, pk: int) -> HttpResponse:
    client = access_object(Client, request.user, pk)
    workers = allocatable_caseworkers(actor_of(request))
    loads = caseloads(caseworkers=workers, today=timezone.localdate())
    labels = {
        load.caseworker.pk: f"{load.caseworker} – {load.live} live, "
        f"{load.taken_on_this_year} taken on in 12 months"
        + (" (over the norm)" if load.over_norm else "")
        for load in loads
    }
    form = AllocateForm(request.POST or None, caseworkers=workers, labels=labels)
    if request.method == "POST" and form.is_valid():
        try:
            result = client_allocate(
                actor=actor_of(request), client=client, caseworker=form.cleaned_data["caseworker"]
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"{client} allocated to {result.client.caseworker}")
            if result.warning:
                messages.warning(request, result.warning)
            return redirect("people:detail", pk=client.pk)
    return render(
        request, "people/client_allocate.html", {"client": client, "form": form, "loads": loads}
    )
