"""Concerns: raising one from the client record, reading it and adding to its chronology, the
queue, and the lead's triage, details, people involved, decisions, referrals and closing.

Readers load a concern through `access_object` (out of sight answers 404, as a missing one). The
lead's pages let in whoever might act (the safeguarding lead, and a manager for an allegation
against staff) and then ask `permissions.acts_on_concern`. A manager is refused the same 403,
logged, for any concern they may not act on, whether they see it, cannot see it or it does not
exist: the answer tells them nothing of what exists."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wingman.accounts import permissions
from wingman.audit.services import record_denial, record_list
from wingman.core.access import access_object
from wingman.core.dates import when
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import actor_of, role_required, save_edit, show_service_error
from wingman.people.models import Client

from .. import deadlines
from ..choices import ConcernStatus, Grade
from ..forms.concerns import (
    ConcernRaiseForm,
    DecisionForm,
    DetailsForm,
    EntryForm,
    InvolvedForm,
    ReasonForm,
    ReferralEditForm,
    ReferralForm,
    TriageForm,
)
from ..models import Concern, Involved, StatutoryReferral
from ..selectors import concerns as selectors
from ..services import concerns as services

M = TypeVar("M", bound=models.Model)
SENT = "Your concern was sent to the safeguarding lead"


def concern_url(pk: int, part: str = "") -> str:
    url = reverse("safeguarding:concern", args=[pk])
    return f"{url}#{part}" if part else url


def _concerns() -> Any:
    return Concern.objects.select_related("client__team__borough", "about_staff")


def _read(request: HttpRequest, pk: int) -> Concern:
    return access_object(Concern, request.user, pk, queryset=_concerns())


def _acting_on(
    request: HttpRequest,
    model: type[M],
    pk: int,
    *,
    queryset: Any,
    concern_of: Callable[[Any], Concern],
    view: str,
) -> M:
    """A record the viewer may act on as the safeguarding lead, or refused (see the module)."""
    user = request.user
    if not permissions.leads_safeguarding(user):
        seen = queryset.visible_to(user).filter(pk=pk).first()
        if seen is None or not permissions.acts_on_concern(user, concern_of(seen)):
            record_denial(actor=user, model=f"view:{view}", object_id=pk)
            raise PermissionDenied
    record = access_object(model, user, pk, queryset=queryset)
    if not permissions.acts_on_concern(user, concern_of(record)):
        record_denial(actor=user, model=f"view:{view}", object_id=pk)
        raise PermissionDenied
    return record


def _lead_concern(request: HttpRequest, pk: int, view: str) -> Concern:
    return _acting_on(request, Concern, pk, queryset=_concerns(), concern_of=lambda c: c, view=view)


def _page(
    request: HttpRequest,
    concern: Concern,
    form: Any,
    *,
    heading: str,
    submit: str,
    intro: str = "",
    template: str = "safeguarding/form_page.html",
    **context: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "form": form,
            "concern": concern,
            "client": concern.client,
            "caption": f"{concern.client}: {concern.get_category_display()}",
            "heading": heading,
            "submit": submit,
            "intro": intro,
            "back_url": concern_url(concern.pk),
            **context,
        },
    )


# Raising a concern -----------------------------------------------------------------------------


@role_required(permissions.raises_concerns)
@require_http_methods(["GET", "POST"])
def concern_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(
        Client, request.user, client_pk, queryset=Client.objects.select_related("team__borough")
    )
    user = actor_of(request)
    form = ConcernRaiseForm(
        request.POST or None,
        staff=selectors.staff_choices(user),
        people=selectors.involved_choices(user, client),
    )
    if request.method == "POST" and form.is_valid():
        try:
            concern, created = services.concern_raise(
                actor=user,
                client=client,
                values=form.values(),
                involved=form.involved(),
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            said = SENT if created else "Your concern was already sent to the safeguarding lead"
            if permissions.leads_safeguarding(user) and created:
                said = "Concern raised: it is waiting for triage"
            messages.success(request, said)
            if selectors.may_read(user, concern):
                return redirect(concern_url(concern.pk))
            return redirect(reverse("home:client", args=[client.pk]))
    rules = deadlines.deadlines_for(client.team.borough.organisation_id)
    context = {
        "form": form,
        "client": client,
        "triage_hours": rules.triage_hours,
        "reads_back": permissions.reads_concerns(user),
        "reads_allegations": selectors.oversees(user),
        "back_url": reverse("home:client", args=[client.pk]),
    }
    return render(request, "safeguarding/concern_new.html", context)


# Reading a concern and adding to it ------------------------------------------------------------


def _overdue(concern: Concern, now: Any) -> dict[str, bool]:
    return {
        "triage_overdue": concern.status == ConcernStatus.RAISED and concern.triage_due_at < now,
        "action_overdue": concern.status == ConcernStatus.TRIAGED
        and concern.action_taken_at is None
        and concern.action_due_at is not None
        and concern.action_due_at < now,
    }


@role_required(permissions.reads_concerns)
@require_GET
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _read(request, pk)
    user = actor_of(request)
    for notification in selectors.notifications_for(user, concern):
        services.notification_seen(actor=user, notification=notification)
    can_decide = permissions.acts_on_concern(user, concern)
    context = {
        "concern": concern,
        "client": concern.client,
        "entries": list(concern.entries.select_related("corrects")),
        "involved": list(concern.involved.select_related("person")),
        "decisions": list(concern.decisions.all()),
        "referrals": list(concern.referrals.all()),
        "can_decide": can_decide,
        "happened_at": concern.happened_at.strftime("%H:%M") if concern.happened_at else "",
        "is_open": concern.status != ConcernStatus.CLOSED,
        "is_triaged": concern.status == ConcernStatus.TRIAGED,
        **_overdue(concern, timezone.now()),
    }
    return render(request, "safeguarding/concern_detail.html", context)


@role_required(permissions.reads_concerns)
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _read(request, pk)
    entries = [
        (e.pk, f"{e.get_kind_display()}: {when(e.written_at)}, {e.author_name}")
        for e in concern.entries.all()
    ]
    form = EntryForm(request.POST or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        try:
            entry, created = services.entry_add(
                actor=actor_of(request), concern=concern, values=form.values(), token=form.token
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                f"{entry.get_kind_display()} added" if created else "That entry was already added",
            )
            return redirect(concern_url(concern.pk, "chronology"))
    return _page(
        request,
        concern,
        form,
        heading="Add to the chronology",
        submit="Save entry",
        intro="An entry cannot be changed after it is saved. To put something right, add a "
        "correction: the entry it corrects stays as it was, and both are read together.",
    )


# The queue -------------------------------------------------------------------------------------


@role_required(permissions.reads_concerns)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    closed = request.GET.get("show") == "closed"
    now = timezone.now()
    concerns = selectors.queue(user, now=now, closed=closed)
    record_list(actor=user, client_ids=[c.client_id for c in concerns])
    for concern in concerns:
        concern.overdue = _overdue(concern, now)  # type: ignore[attr-defined]
    context = {"concerns": concerns, "closed": closed, "leads": selectors.oversees(user)}
    return render(request, "safeguarding/queue.html", context)


# The lead's pages ------------------------------------------------------------------------------


def _grade_deadlines(concern: Concern) -> list[tuple[str, Any]]:
    now = timezone.now()
    rules = deadlines.deadlines_for(concern.client.team.borough.organisation_id)
    return [(str(g.label), deadlines.action_due(g.value, now, rules)) for g in Grade]


@role_required(selectors.oversees)
@require_http_methods(["GET", "POST"])
def concern_triage(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _lead_concern(request, pk, "concern_triage")
    form = TriageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.concern_triage(
                actor=actor_of(request), concern=concern, values=form.cleaned_data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Concern triaged {moved.get_grade_display().lower()}")
            return redirect(concern_url(concern.pk))
    return _page(
        request,
        concern,
        form,
        heading="Triage the concern" if not concern.grade else "Change the grade",
        submit="Save triage",
        template="safeguarding/triage.html",
        due=_grade_deadlines(concern),
    )


@role_required(selectors.oversees)
@require_http_methods(["GET", "POST"])
def concern_details(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _lead_concern(request, pk, "concern_details")
    initial = {
        "category": concern.category,
        "about_staff": str(concern.about_staff_id or ""),
        "happened_on": concern.happened_on,
        "happened_at": concern.happened_at,
        "version": concern.version,
    }
    form = DetailsForm(
        request.POST or None, initial=initial, staff=selectors.staff_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.concern_change_details(
                actor=actor_of(request),
                concern=concern,
                changes=form.changes(),
                expected_version=version,
            ),
            saved="Details changed",
            then=concern_url(concern.pk),
        )
        if done:
            return done
    return _page(
        request,
        concern,
        form,
        heading="Change the concern's details",
        submit="Save details",
        template="safeguarding/details.html",
        intro="What was written stays as it is: the change and its reason are kept as a decision.",
    )


@role_required(selectors.oversees)
@require_http_methods(["GET", "POST"])
def involved_new(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _lead_concern(request, pk, "involved_new")
    form = InvolvedForm(
        request.POST or None, people=selectors.involved_choices(request.user, concern.client)
    )
    if request.method == "POST" and form.is_valid():
        try:
            link = services.involved_link(
                actor=actor_of(request), concern=concern, values=form.values()
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Linked: {link.display_name}")
            return redirect(concern_url(concern.pk, "involved"))
    return _page(request, concern, form, heading="Link someone involved", submit="Link them")


@role_required(selectors.oversees)
@require_http_methods(["GET", "POST"])
def involved_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    involved = _acting_on(
        request,
        Involved,
        pk,
        queryset=Involved.objects.select_related("concern__client__team__borough", "person"),
        concern_of=lambda i: i.concern,
        view="involved_unlink",
    )
    concern = involved.concern
    form = ReasonForm(request.POST or None, label="Reason for unlinking them")
    if request.method == "POST" and form.is_valid():
        try:
            services.involved_unlink(
                actor=actor_of(request), involved=involved, values=form.cleaned_data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Unlinked: {involved.display_name}")
            return redirect(concern_url(concern.pk, "involved"))
    return _page(
        request,
        concern,
        form,
        heading=f"Unlink {involved.display_name}",
        submit="Unlink them",
        intro="The link is kept, marked as unlinked, with who unlinked them and why.",
    )


@role_required(selectors.oversees)
@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _lead_concern(request, pk, "decision_new")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                actor=actor_of(request),
                concern=concern,
                values=form.cleaned_data,
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "Decision recorded")
            return redirect(concern_url(concern.pk, "decisions"))
    return _page(
        request,
        concern,
        form,
        heading="Record a decision",
        submit="Save decision",
        intro="To refer to a statutory service, make a referral instead.",
    )


@role_required(selectors.oversees)
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _lead_concern(request, pk, "referral_new")
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral, _ = services.referral_make(
                actor=actor_of(request),
                concern=concern,
                values=form.cleaned_data,
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Referred: {referral.get_service_display()}")
            return redirect(concern_url(concern.pk, "referrals"))
    return _page(
        request, concern, form, heading="Refer to a statutory service", submit="Save referral"
    )


@role_required(selectors.oversees)
@require_http_methods(["GET", "POST"])
def referral_edit(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _acting_on(
        request,
        StatutoryReferral,
        pk,
        queryset=StatutoryReferral.objects.select_related("concern__client__team__borough"),
        concern_of=lambda r: r.concern,
        view="referral_edit",
    )
    concern = referral.concern
    initial = {
        "reference": referral.reference,
        "feedback_on": referral.feedback_on,
        "feedback": referral.feedback,
        "version": referral.version,
    }
    form = ReferralEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.referral_update(
                actor=actor_of(request),
                referral=referral,
                changes=form.changes(),
                expected_version=version,
            ),
            saved="Referral saved",
            then=concern_url(concern.pk, "referrals"),
        )
        if done:
            return done
    return _page(
        request,
        concern,
        form,
        heading=f"Referral: {referral.get_service_display()}",
        submit="Save referral",
    )


@role_required(selectors.oversees)
@require_http_methods(["GET", "POST"])
def concern_close(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _lead_concern(request, pk, "concern_close")
    form = ReasonForm(
        request.POST or None,
        label="Reason for closing",
        help_text="What was done, and why nothing more is needed now.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_close(
                actor=actor_of(request), concern=concern, values=form.cleaned_data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "Concern closed")
            return redirect(concern_url(concern.pk))
    return _page(request, concern, form, heading="Close the concern", submit="Close concern")


@role_required(selectors.oversees)
@require_http_methods(["GET", "POST"])
def concern_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _lead_concern(request, pk, "concern_reopen")
    form = ReasonForm(request.POST or None, label="Reason for reopening")
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_reopen(
                actor=actor_of(request), concern=concern, values=form.cleaned_data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "Concern reopened")
            return redirect(concern_url(concern.pk))
    return _page(
        request,
        concern,
        form,
        heading="Reopen the concern",
        submit="Reopen concern",
        intro="Its grade stands, and a new deadline for action runs from now.",
    )


CONCERN = "safeguarding/concerns/<int:pk>/"
urls = [
    path("safeguarding/", queue, name="queue"),
    path("clients/<int:client_pk>/concerns/new/", concern_new, name="concern-new"),
    path(CONCERN, concern_detail, name="concern"),
    path(f"{CONCERN}entries/new/", entry_new, name="entry-new"),
    path(f"{CONCERN}triage/", concern_triage, name="triage"),
    path(f"{CONCERN}details/", concern_details, name="details"),
    path(f"{CONCERN}involved/new/", involved_new, name="involved-new"),
    path("safeguarding/involved/<int:pk>/unlink/", involved_unlink, name="involved-unlink"),
    path(f"{CONCERN}decisions/new/", decision_new, name="decision-new"),
    path(f"{CONCERN}referrals/new/", referral_new, name="referral-new"),
    path("safeguarding/referrals/<int:pk>/edit/", referral_edit, name="referral-edit"),
    path(f"{CONCERN}close/", concern_close, name="close"),
    path(f"{CONCERN}reopen/", concern_reopen, name="reopen"),
]
