"""The data protection officer's pages: who has looked at a client and what changed, in plain
words, with filters and a CSV download that is itself recorded; and every refused attempt in
the organisation. Only the data protection officer reaches them (`permissions.reads_audit`),
and a client out of their scope answers 404 like any other record."""

import csv
import io
from itertools import batched
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from wingman.accounts import permissions
from wingman.audit.models import AccessEvent
from wingman.audit.services import record_denial, record_list
from wingman.core.access import access_object
from wingman.core.views_helpers import actor_of, role_required
from wingman.people.models import Client
from wingman.safeguarding.models import Concern

from . import safeguarding_register as register
from .forms import AccessFilterForm, RegisterFilterForm
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


# The safeguarding register ----------------------------------------------------------------------

REGISTER_CSV_COLUMNS = (
    "Concern",
    "Client",
    "Category",
    "Raised",
    "Raised by",
    "Their role",
    "Status",
    "Grade",
    "Entries",
    "Decisions",
    "Referrals",
    "Last updated",
    "Overdue for review",
    "Times read",
    "People who read it",
    "Refused attempts",
    "Last read",
    "Last read by",
)


def _register_csv_row(line: register.ConcernLine) -> list[str]:
    reads = line.reads
    values = (
        line.pk,
        line.client.display_name if line.client else "",
        line.category,
        timezone.localtime(line.raised_at).isoformat(timespec="seconds"),
        line.raised_by,
        line.raised_by_role,
        line.status,
        line.grade,
        line.entries,
        line.decisions,
        line.referrals,
        timezone.localtime(line.touched).isoformat(timespec="seconds"),
        "; ".join(line.overdue),
        reads.times,
        len(reads.people),
        reads.refused,
        timezone.localtime(reads.last_at).isoformat(timespec="seconds") if reads.last_at else "",
        f"{reads.last_by} ({reads.last_role})" if reads.last_role else reads.last_by,
    )
    return [_csv_cell(v) for v in values]


def _register_export(request: HttpRequest, filters: register.RegisterFilters) -> HttpResponse:
    """The register's concerns as a CSV file, with the page's filters. The download is itself
    recorded, as an export of every client it names, in the transaction that reads the rows."""
    user = actor_of(request)
    if not permissions.exports_audit(user):
        record_denial(actor=user, model="view:safeguarding_register_export", object_id="")
        raise PermissionDenied
    now = timezone.now()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REGISTER_CSV_COLUMNS)
    with transaction.atomic():
        rows = register.register_concerns(user, filters, now)
        for batch in batched(rows.iterator(), EXPORT_BATCH):
            lines = register.concern_lines(user, batch, now)
            record_list(
                actor=user,
                client_ids=[line.client.pk for line in lines if line.client],
                kind=AccessEvent.Kind.EXPORT,
            )
            writer.writerows(_register_csv_row(line) for line in lines)
    name = f"safeguarding-register-{timezone.localdate().isoformat()}.csv"
    return HttpResponse(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@role_required(permissions.reads_safeguarding_register)
@require_GET
def safeguarding_register(request: HttpRequest) -> HttpResponse:
    """What safeguarding records exist in the organisation, who read them and which are overdue
    for review: metadata only, never what a concern says (see `safeguarding_register`)."""
    user = actor_of(request)
    query = request.GET.copy()
    wants_csv = query.pop("format", None) == ["csv"]
    form = RegisterFilterForm(query or None)
    filters = register.RegisterFilters() if not form.is_bound else None
    if form.is_bound and form.is_valid():
        filters = form.filters()
    if wants_csv and filters is not None:
        return _register_export(request, filters)
    now, today = timezone.now(), timezone.localdate()
    page = flags_page = None
    concerns: list[register.ConcernLine] = []
    flags: list[register.FlagLine] = []
    if filters is not None:
        page = Paginator(register.register_concerns(user, filters, now), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        concerns = register.concern_lines(user, page.object_list, now)
        flags_page = Paginator(register.register_flags(user, filters, today), PAGE_SIZE).get_page(
            request.GET.get("flags")
        )
        flags = register.flag_lines(user, flags_page.object_list, today)
        shown = [line.client.pk for line in concerns if line.client]
        shown += [line.client.pk for line in flags if line.client]
        record_list(actor=user, client_ids=shown)
    without_page = query.copy()
    for name in ("page", "flags"):
        without_page.pop(name, None)
    csv_query = without_page.copy()
    csv_query["format"] = "csv"
    return render(
        request,
        "oversight/safeguarding_register.html",
        {
            "form": form,
            "filtered": bool(without_page),
            "page": page,
            "concerns": concerns,
            "flags_page": flags_page,
            "flags": flags,
            "export_url": f"{request.path}?{csv_query.urlencode()}",
            "can_export": permissions.exports_audit(user),
        },
    )


@role_required(permissions.reads_safeguarding_register)
@require_GET
def safeguarding_concern(request: HttpRequest, pk: int) -> HttpResponse:
    """Every read, refusal and change of one concern and of its records, in words that say what
    was done and to which record, never what was written. Opening it is itself recorded."""
    user = actor_of(request)
    concern = access_object(Concern, user, pk, queryset=register.concerns_of_clients_seen())
    now = timezone.now()
    line = register.concern_summary(user, concern, now)
    page = Paginator(register.concern_events(concern), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = register.describe(concern, page.object_list)
    return render(
        request,
        "oversight/safeguarding_concern.html",
        {"concern": concern, "line": line, "page": page, "entries": entries},
    )
