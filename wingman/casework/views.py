"""Casework pages: the journey and its release day, contacts, tasks and partner referrals, the
decision on a referral (accepting one opens a journey) and allocating a caseworker. Each view
parses, checks the role, loads records through access_object, calls a service and renders; nothing
here changes a record by itself."""

from datetime import date, time
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wingman.accounts import permissions
from wingman.audit.services import record_list
from wingman.core.access import access_object
from wingman.core.dates import when
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import (
    actor_of,
    page_or_partial,
    readable,
    role_required,
    safe_next,
    save_edit,
    show_service_error,
)
from wingman.people.models import Client
from wingman.referrals import services as referral_services
from wingman.referrals.choices import ReferralState
from wingman.referrals.forms import ReasonForm
from wingman.referrals.models import FundingStream, Referral
from wingman.referrals.selectors import allocatable_caseworkers

from . import services
from .choices import ChecklistItem, ChecklistStatus, Stage
from .forms import (
    AcceptForm,
    AcceptUnfundedForm,
    AllocateForm,
    ChecklistItemForm,
    ContactEditForm,
    ContactForm,
    ContactNewForm,
    CustodyForm,
    JourneyMoveForm,
    PartnerReferralEditForm,
    PartnerReferralForm,
    RotlPeriodForm,
    TaskForm,
)
from .models import ChecklistEntry, Contact, Journey, PartnerReferral, RotlPeriod, Task
from .selectors import (
    ChecklistProgress,
    caseloads,
    checklist_progress,
    due_soon_tasks,
    over_norm_warning,
    overdue_tasks,
    stream_fits,
)

TASK_LIST_LIMIT = 100
DUE_SOON_DAYS = 14
CUSTODY_FIELDS = ("establishment", "expected_release_date")
CHECKLIST_ORDER = {item: n for n, item in enumerate(ChecklistItem.values)}


def _client_url(client_id: int) -> str:
    return reverse("home:client", args=[client_id])


# The journey --------------------------------------------------------------------------------


def _load_journey(request: HttpRequest, pk: int) -> Journey:
    return access_object(
        Journey,
        request.user,
        pk,
        queryset=Journey.objects.select_related(
            "client", "funding_stream", "funding_stream__borough"
        ),
    )


def _checklist_row(
    journey: Journey, entry: ChecklistEntry, form: ChecklistItemForm | None = None
) -> dict[str, Any]:
    if form is None:
        form = ChecklistItemForm(
            prefix=entry.item, initial={"status": entry.status, "note": entry.note}
        )
    return {"entry": entry, "form": form, "journey": journey}


@role_required(permissions.works_with_clients)
@require_GET
def journey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _load_journey(request, pk)
    entries = sorted(
        journey.checklist.select_related("updated_by"),
        key=lambda e: CHECKLIST_ORDER.get(e.item, len(CHECKLIST_ORDER)),
    )
    history = list(journey.stage_changes.select_related("recorded_by").order_by("-on", "-id"))
    context = {
        "journey": journey,
        "rotl_periods": list(journey.rotl_periods.all()),
        "client": journey.client,
        "days_in_stage": (timezone.localdate() - journey.stage_since).days,
        "checklist_rows": [_checklist_row(journey, entry) for entry in entries],
        "progress": ChecklistProgress(
            done=sum(1 for e in entries if e.status != ChecklistStatus.OUTSTANDING),
            total=len(entries),
        ),
        "history": history,
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "casework/journey_detail.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def journey_move(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _load_journey(request, pk)
    posted = request.method == "POST"
    stale = posted and request.POST.get("from_stage") != journey.stage
    data: QueryDict | None = request.POST if posted else None
    if stale:
        data = request.POST.copy()
        data["from_stage"] = journey.stage
        data.pop("to", None)
    form = JourneyMoveForm(data, stage=journey.stage, funded=not journey.is_unfunded)
    if stale:
        form.is_valid()
        form.add_error(
            None,
            f"Someone else has moved this journey to {journey.get_stage_display().lower()} "
            "since you opened the page. Choose where it goes next again.",
        )
    elif posted and form.is_valid():
        reopening = journey.stage == Stage.CLOSED
        try:
            services.journey_move(
                actor=actor_of(request),
                journey=journey,
                to=form.cleaned_data["to"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                closure_reason=form.cleaned_data.get("closure_reason") or "",
                unfunded_reason=form.cleaned_data.get("unfunded_reason") or "",
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                f"Journey re-opened: {journey.get_stage_display().lower()}"
                if reopening
                else f"Journey moved to {journey.get_stage_display().lower()}",
            )
            return redirect("casework:journey", pk=journey.pk)
    context = {"journey": journey, "client": journey.client, "form": form}
    return render(request, "casework/journey_move.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def journey_custody(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _load_journey(request, pk)
    initial = {name: getattr(journey, name) for name in CUSTODY_FIELDS}
    form = CustodyForm(
        request.POST or None,
        initial={**initial, "version": journey.version},
        rotl_text=journey.rotl_unparsed,
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in CUSTODY_FIELDS}
        if form.cleaned_data.get("remove_rotl_text"):
            changes["rotl_unparsed"] = ""
        done = save_edit(
            request,
            form,
            lambda version: services.journey_update_custody(
                actor=actor_of(request),
                journey=journey,
                changes=changes,
                expected_version=version,
            ),
            saved="Custody details saved",
            then=reverse("casework:journey", args=[journey.pk]),
        )
        if done:
            return done
    context = {
        "form": form,
        "client": journey.client,
        "heading": "Custody details",
        "back_url": reverse("casework:journey", args=[journey.pk]),
        "submit": "Save custody details",
    }
    return render(request, "casework/form_page.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def rotl_period_new(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _load_journey(request, pk)
    journey_url = reverse("casework:journey", args=[journey.pk])
    form = RotlPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period, created = services.rotl_period_add(
                actor=actor_of(request),
                journey=journey,
                first_day=form.cleaned_data["first_day"],
                last_day=form.cleaned_data["last_day"],
                note=form.cleaned_data["note"],
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            days = services.rotl_days(period)
            messages.success(
                request, f"ROTL recorded: {days}" if created else f"Already recorded: {days}"
            )
            return redirect(f"{journey_url}#rotl")
    context = {
        "form": form,
        "client": journey.client,
        "heading": "Record release on temporary licence (ROTL)",
        "back_url": journey_url,
        "submit": "Save ROTL",
    }
    return render(request, "casework/form_page.html", context)


@role_required(permissions.records_casework)
@require_POST
def rotl_period_remove(request: HttpRequest, pk: int) -> HttpResponse:
    period = access_object(
        RotlPeriod, request.user, pk, queryset=RotlPeriod.objects.select_related("journey")
    )
    services.rotl_period_remove(actor=actor_of(request), period=period)
    messages.success(request, f"ROTL removed: {services.rotl_days(period)}")
    return redirect(reverse("casework:journey", args=[period.journey_id]) + "#rotl")


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def checklist_item(request: HttpRequest, pk: int, item: str) -> HttpResponse:
    """One release-day item. htmx posts get the item's row back, with the journey page's count of
    items done swapped in out of band; without JavaScript the post returns to the journey page."""
    journey = _load_journey(request, pk)
    if item not in ChecklistItem.values:
        raise Http404("Not found")
    entry = journey.checklist.select_related("updated_by").filter(item=item).first()
    if entry is None:
        entry = ChecklistEntry(journey=journey, item=item)
    form = ChecklistItemForm(
        request.POST or None, prefix=item, initial={"status": entry.status, "note": entry.note}
    )
    shown: ChecklistItemForm | None = form
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.checklist_set(
                actor=actor_of(request),
                journey=journey,
                item=item,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            summary = f"{entry.get_item_display()}: {entry.get_status_display().lower()}"
            if not getattr(request, "htmx", False):
                messages.success(request, summary)
                journey_url = reverse("casework:journey", args=[journey.pk])
                return redirect(f"{journey_url}#checklist-{item}")
            shown, saved = None, True
    row = _checklist_row(journey, entry, shown) | {"saved": saved}
    context = {
        "journey": journey,
        "client": journey.client,
        "row": row,
        "records_casework": True,
        "saved_progress": checklist_progress(journey) if saved else None,
    }
    return page_or_partial(
        request,
        "casework/checklist_item.html",
        context,
        partial="casework/_checklist_item.html",
    )


# Contacts -----------------------------------------------------------------------------------


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    form = ContactNewForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            contact, created = services.contact_log(
                actor=actor_of(request), client=client, data=form.contact_data(), token=form.token
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                f"Contact logged: {contact}" if created else f"Already logged: {contact}",
            )
            return redirect(_client_url(client.pk))
    context = {
        "form": form,
        "client": client,
        "heading": "Log a contact",
        "back_url": _client_url(client.pk),
        "submit": "Save contact",
    }
    return render(request, "casework/form_page.html", context)


def _contact_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    """A contact's fields (live or an earlier version) as label and value."""
    fields = ContactForm().fields
    rows = []
    for name in ContactForm.field_order:
        value = values.get(name)
        if name == "occurred_on" and isinstance(value, str):
            value = date.fromisoformat(value)
        if name == "occurred_at" and isinstance(value, str):
            value = time.fromisoformat(value)
        rows.append({"label": fields[name].label, "value": readable(fields[name], value)})
    return rows


@role_required(permissions.works_with_clients)
@require_GET
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access_object(
        Contact,
        request.user,
        pk,
        queryset=Contact.objects.select_related("client", "author"),
    )
    revisions = list(contact.revisions.select_related("replaced_by").order_by("-version"))
    context = {
        "contact": contact,
        "client": contact.client,
        "rows": _contact_rows({name: getattr(contact, name) for name in ContactForm.field_order}),
        "revisions": [{"revision": r, "rows": _contact_rows(r.values)} for r in revisions],
        "last_change": revisions[0] if revisions else None,
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "casework/contact_detail.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access_object(
        Contact, request.user, pk, queryset=Contact.objects.select_related("client")
    )
    initial = {name: getattr(contact, name) for name in ContactForm.field_order}
    initial["also_for"] = list(contact.also_for.values_list("pk", flat=True))
    form = ContactEditForm(
        request.POST or None,
        client=contact.client,
        initial={**initial, "version": contact.version},
    )
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.contact_edit(
                actor=actor_of(request),
                contact=contact,
                data=form.contact_data(),
                expected_version=version,
            ),
            saved="Contact saved; the earlier version is kept",
            then=reverse("casework:contact-detail", args=[contact.pk]),
        )
        if done:
            return done
    context = {
        "form": form,
        "client": contact.client,
        "heading": "Change a contact",
        "back_url": reverse("casework:contact-detail", args=[contact.pk]),
        "submit": "Save contact",
        "intro": "The version you change is kept and stays visible on the contact.",
    }
    return render(request, "casework/form_page.html", context)


# Tasks --------------------------------------------------------------------------------------


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def task_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("kind", "title", "due_on")}
        try:
            task, created = services.task_create(
                actor=actor_of(request), client=client, data=data, token=form.token
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request, f"Task added: {task.title}" if created else f"Already added: {task.title}"
            )
            return redirect(_client_url(client.pk))
    context = {
        "form": form,
        "client": client,
        "heading": "Add a task",
        "back_url": _client_url(client.pk),
        "submit": "Save task",
    }
    return render(request, "casework/form_page.html", context)


@role_required(permissions.records_casework)
@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    task = access_object(Task, request.user, pk)
    services.task_complete(actor=actor_of(request), task=task)
    messages.success(request, f"Task done: {task.title}")
    return redirect(safe_next(request, _client_url(task.client_id)))


@role_required(permissions.works_with_clients)
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    overdue = list(overdue_tasks(request.user, today)[:TASK_LIST_LIMIT])
    due_soon = list(due_soon_tasks(request.user, today, days=DUE_SOON_DAYS)[:TASK_LIST_LIMIT])
    record_list(actor=request.user, client_ids=[t.client_id for t in overdue + due_soon])
    context = {
        "overdue": overdue,
        "due_soon": due_soon,
        "days": DUE_SOON_DAYS,
        "today": today,
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "casework/task_list.html", context)


# Partner referrals --------------------------------------------------------------------------


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def partner_referral_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    form = PartnerReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in ("partner_type", "partner_name", "made_on", "starts_on", "outcome")
        }
        try:
            made, created = services.partner_referral_make(
                actor=actor_of(request), client=client, data=data, token=form.token
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                f"Partner referral made: {made}" if created else f"Already recorded: {made}",
            )
            return redirect(_client_url(client.pk))
    context = {
        "form": form,
        "client": client,
        "heading": "Make a partner referral",
        "back_url": _client_url(client.pk),
        "submit": "Save partner referral",
    }
    return render(request, "casework/form_page.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def partner_referral_edit(request: HttpRequest, pk: int) -> HttpResponse:
    made = access_object(
        PartnerReferral, request.user, pk, queryset=PartnerReferral.objects.select_related("client")
    )
    form = PartnerReferralEditForm(
        request.POST or None,
        current=made.status,
        initial={
            "status": made.status,
            "starts_on": made.starts_on,
            "outcome": made.outcome,
            "version": made.version,
        },
    )
    said: list[str] = []

    def save(version: int) -> None:
        _, told = services.partner_referral_update(
            actor=actor_of(request),
            partner_referral=made,
            expected_version=version,
            changes={name: form.cleaned_data[name] for name in ("status", "starts_on", "outcome")},
        )
        said.append(told)

    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            save,
            saved=f"Partner referral updated: {made}",
            then=_client_url(made.client_id),
        )
        if done:
            if said and said[0]:
                messages.info(request, said[0])
            return done
    context = {
        "form": form,
        "client": made.client,
        "heading": f"Update the referral to {made.partner_name}",
        "caption": f"{made.get_partner_type_display()}, made on {when(made.made_on)}",
        "back_url": _client_url(made.client_id),
        "submit": "Save partner referral",
    }
    return render(request, "casework/form_page.html", context)


# Deciding a referral (acceptance opens a journey) and allocating a caseworker -------------------


def _decision_context(request: HttpRequest, referral: Referral) -> dict[str, Any]:
    fits = stream_fits(
        client=referral.client, cohort=referral.cohort or None, on=timezone.localdate()
    )
    return {
        "referral": referral,
        "client": referral.client,
        "fits": fits,
        "can_take_on": permissions.may_take_on(request.user, referral.client),
    }


@role_required(permissions.takes_referrals)
@require_http_methods(["GET"])
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access_object(
        Referral,
        request.user,
        pk,
        queryset=Referral.objects.select_related("client", "funding_stream", "decided_by"),
    )
    return render(request, "casework/referral_detail.html", _decision_context(request, referral))


DECISIONS = {
    "accept": "Accept into a funding stream",
    "accept-unfunded": "Accept as unfunded",
    "decline": "Decline",
    "withdraw": "Record as withdrawn",
}


@role_required(permissions.decides_referrals)
@require_http_methods(["GET", "POST"])
def referral_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in DECISIONS:
        raise Http404
    referral = access_object(
        Referral, request.user, pk, queryset=Referral.objects.select_related("client")
    )
    context = _decision_context(request, referral)
    data = request.POST or None
    form: Any
    if decision == "accept":
        choices = [
            (
                str(f.stream.pk),
                f"{f.stream} – {f.places_left} place{'s' if f.places_left != 1 else ''} left",
            )
            for f in context["fits"]
            if f.fits and f.has_place
        ]
        form = AcceptForm(data, stream_choices=choices)
    elif decision == "accept-unfunded":
        form = AcceptUnfundedForm(data)
    else:
        form = ReasonForm(data)
    if request.method == "POST" and form.is_valid():
        actor, cd = actor_of(request), form.cleaned_data
        try:
            if decision == "accept":
                stream = FundingStream.objects.get(pk=cd["stream"])
                services.referral_accept(
                    actor=actor,
                    referral=referral,
                    stream=stream,
                    stage=cd["stage"],
                    note=cd["note"],
                )
            elif decision == "accept-unfunded":
                services.referral_accept_unfunded(
                    actor=actor, referral=referral, reason=cd["reason"], stage=cd["stage"]
                )
            elif decision == "decline":
                referral_services.referral_decline(
                    actor=actor, referral=referral, reason=cd["reason"]
                )
            else:
                referral_services.referral_withdraw(
                    actor=actor, referral=referral, reason=cd["reason"]
                )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            referral.refresh_from_db()
            messages.success(request, f"Referral {ReferralState(referral.state).label.lower()}")
            if referral.state in (ReferralState.ACCEPTED, ReferralState.ACCEPTED_UNFUNDED):
                return redirect("home:client", pk=referral.client_id)
            return redirect("casework:referral", pk=pk)
    return render(
        request,
        "casework/referral_decide.html",
        {**context, "form": form, "decision": decision, "title": DECISIONS[decision]},
    )


@role_required(permissions.takes_on_clients)
@require_POST
def client_take_on(request: HttpRequest, pk: int) -> HttpResponse:
    """A caseworker takes on a client they recorded who has no caseworker yet."""
    client = access_object(Client, request.user, pk)
    actor = actor_of(request)
    try:
        client = referral_services.client_take_on(actor=actor, client=client)
    except ServiceError as error:
        messages.warning(request, error.message)
    else:
        messages.success(request, f"You are now {client}’s caseworker")
        warning = over_norm_warning(actor, today=timezone.localdate())
        if warning:
            messages.warning(request, warning)
    return redirect(safe_next(request, _client_url(client.pk)))


@role_required(permissions.allocates)
@require_http_methods(["GET", "POST"])
def client_allocate(request: HttpRequest, pk: int) -> HttpResponse:
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
            client = referral_services.client_allocate(
                actor=actor_of(request), client=client, caseworker=form.cleaned_data["caseworker"]
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            assert client.caseworker is not None
            messages.success(request, f"{client} allocated to {client.caseworker}")
            warning = over_norm_warning(client.caseworker, today=timezone.localdate())
            if warning:
                messages.warning(request, warning)
            return redirect("home:client", pk=client.pk)
    return render(
        request, "casework/client_allocate.html", {"client": client, "form": form, "loads": loads}
    )
