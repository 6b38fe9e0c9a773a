"""The data protection officer's pages: who has looked at a client and what changed, in plain
words, with filters and a CSV download that is itself recorded; and every refused attempt in
the organisation. Only the data protection officer reaches them (`permissions.reads_audit`),
and a client out of their scope answers 404 like any other record."""

import csv
import io
from itertools import batched
from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from wingman.accounts import permissions
from wingman.audit.models import AccessEvent
from wingman.audit.services import record_list
from wingman.core.access import access_object
from wingman.core.views_helpers import actor_of, role_required
from wingman.people.models import Client

from .forms import AccessFilterForm
from .selectors import (
    Describer,
    Entry,
    Filters,
    client_events,
    people_in,
    people_refused,
    refusals_in_words,
    refused_in_organisation,
)

PAGE_SIZE = 100
EXPORT_BATCH = 1000
CSV_COLUMNS = ("When", "What happened", "Detail", "Who", "Role", "From", "Address", "Page")


def _filters(form: AccessFilterForm) -> Filters | None:
    """The filters asked for; none when the form has errors (the page shows them instead)."""
    if not form.is_bound:
        return Filters()
    return form.filters() if form.is_valid() else None


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@role_required(permissions.reads_audit)
@require_GET
def client_access(request: HttpRequest, pk: int) -> HttpResponse:
    client = access_object(Client, request.user, pk)
    form = AccessFilterForm(request.GET or None, people=people_in(client))
    filters = _filters(form)
    page, entries = None, []
    if filters is not None:
        page = Paginator(client_events(client, filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        entries = Describer(request.user, client).entries(page.object_list)
    query = _query_without_page(request)
    return render(
        request,
        "oversight/client_access.html",
        {
            "client": client,
            "form": form,
            "page": page,
            "entries": entries,
            "filtered": bool(query),
            "export_url": reverse("oversight:client-access-export", args=[client.pk])
            + (f"?{query}" if query else ""),
            "can_export": permissions.exports_audit(request.user),
        },
    )


def _csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: nothing that starts like a formula runs."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_row(entry: Entry) -> list[str]:
    values = (
        timezone.localtime(entry.at).isoformat(timespec="seconds"),
        entry.what,
        entry.detail,
        entry.who,
        entry.role,
        entry.channel,
        entry.ip_address,
        entry.path,
    )
    return [_csv_cell(v) for v in values]


@role_required(permissions.exports_audit)
@require_GET
def client_access_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The access record as a CSV file, with the same filters as the page. The download is
    itself recorded (an export of the client), in the transaction that reads the rows."""
    client = access_object(Client, request.user, pk, audit=False)
    form = AccessFilterForm(request.GET or None, people=people_in(client))
    filters = _filters(form)
    if filters is None:
        page_url = reverse("oversight:client-access", args=[client.pk])
        return redirect(f"{page_url}?{request.GET.urlencode()}")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    describer = Describer(request.user, client)
    with transaction.atomic():
        record_list(actor=actor_of(request), client_ids=[client.pk], kind=AccessEvent.Kind.EXPORT)
        for rows in batched(client_events(client, filters).iterator(), EXPORT_BATCH):
            writer.writerows(_csv_row(entry) for entry in describer.entries(rows))
    name = f"access-record-client-{client.pk}-{timezone.localdate().isoformat()}.csv"
    return HttpResponse(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@role_required(permissions.reads_audit)
@require_GET
def refused(request: HttpRequest) -> HttpResponse:
    """Every refused attempt by staff of the organisation, latest first."""
    user = actor_of(request)
    form = AccessFilterForm(request.GET or None, people=people_refused(user), kinds=False)
    filters = _filters(form)
    page, refusals = None, []
    if filters is not None:
        page = Paginator(refused_in_organisation(user, filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        refusals = refusals_in_words(page.object_list, user)
        record_list(actor=user, client_ids=[r.client.pk for r in refusals if r.client])
    return render(
        request,
        "oversight/refused.html",
        {"form": form, "page": page, "refusals": refusals, "filtered": bool(request.GET)},
    )
