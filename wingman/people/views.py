"""Client pages: the list of clients and editing a client's details. The client record itself,
which gathers every app's work, is `home.views.client_record`; allocation is in `casework.views`."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wingman.accounts import permissions
from wingman.audit.services import record_list
from wingman.core.access import access_object
from wingman.core.views_helpers import actor_of, role_required, save_edit

from .forms import ClientForm, SearchForm
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


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = access_object(Client, request.user, pk)
    show_ids = permissions.sees_identifiers(request.user)
    form = ClientForm(
        request.POST or None,
        instance=client,
        user=request.user,
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
            then=reverse("home:client", args=[client.pk]),
        )
        if done:
            return done
    return render(request, "people/client_edit.html", {"client": client, "form": form})
