"""Court support pages: a client's hearings, adding one, and for each hearing its details, the
caseworker's attendance, the character reference and the result. Each view checks the role,
loads records through access_object and calls a service."""

from typing import Any

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
from wingman.people.models import Client

from . import services
from .choices import HEARING_TRANSITIONS
from .forms import AttendanceForm, HearingEditForm, HearingNewForm, ReferenceForm, ResultForm
from .models import Hearing
from .selectors import hearings_of


def _hearing_url(pk: int, part: str = "") -> str:
    url = reverse("court:hearing", args=[pk])
    return f"{url}#{part}" if part else url


def _load(request: HttpRequest, pk: int) -> Hearing:
    return access_object(
        Hearing,
        request.user,
        pk,
        queryset=Hearing.objects.select_related(
            "client", "reference_letter", "attendance_contact", "follows", "task"
        ),
    )


def _page(request: HttpRequest, hearing: Hearing, form: Any, **context: Any) -> HttpResponse:
    template = context.pop("template", "casework/form_page.html")
    return render(
        request,
        template,
        {
            "form": form,
            "client": hearing.client,
            "caption": f"{hearing.client}: {hearing}",
            "back_url": _hearing_url(hearing.pk),
            **context,
        },
    )


@role_required(permissions.works_with_clients)
@require_GET
def hearing_list(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    context = {
        "client": client,
        "hearings": hearings_of(request.user, client),
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "court/hearing_list.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def hearing_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    back = reverse("court:list", args=[client.pk])
    form = HearingNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hearing, created = services.hearing_add(
                actor=actor_of(request), client=client, data=form.details(), token=form.token
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request, f"Hearing added: {hearing}" if created else f"Already added: {hearing}"
            )
            return redirect(_hearing_url(hearing.pk))
    context = {
        "form": form,
        "client": client,
        "heading": "Add a court hearing",
        "intro": "A hearing from today on adds a court-date task for the client's caseworker.",
        "back_url": back,
        "submit": "Save hearing",
    }
    return render(request, "casework/form_page.html", context)


@role_required(permissions.works_with_clients)
@require_GET
def hearing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _load(request, pk)
    today = timezone.localdate()
    next_hearing = Hearing.objects.visible_to(request.user).filter(follows=hearing).first()
    context = {
        "hearing": hearing,
        "client": hearing.client,
        "next_hearing": next_hearing,
        "day_has_come": hearing.hearing_on <= today,
        "can_record_result": bool(HEARING_TRANSITIONS[hearing.status])
        and hearing.hearing_on <= today,
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "court/hearing_detail.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def hearing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _load(request, pk)
    initial = {name: getattr(hearing, name) for name in HearingEditForm.field_order}
    form = HearingEditForm(request.POST or None, initial={**initial, "version": hearing.version})
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.hearing_update(
                actor=actor_of(request),
                hearing=hearing,
                changes=form.details(),
                expected_version=version,
            ),
            saved="Hearing saved",
            then=_hearing_url(hearing.pk),
        )
        if done:
            return done
    return _page(
        request, hearing, form, heading="Change the hearing's details", submit="Save hearing"
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def hearing_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _load(request, pk)
    initial: dict[str, Any] = {"version": hearing.version}
    if hearing.attended is not None:
        initial["attended"] = "yes" if hearing.attended else "no"
    form = AttendanceForm(request.POST or None, initial=initial)
    if hearing.attendance_contact_id:
        for name in ("minutes", "pathways", "note"):
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.hearing_record_attendance(
                actor=actor_of(request),
                hearing=hearing,
                attended=form.cleaned_data["attended"],
                minutes=form.cleaned_data.get("minutes"),
                note=form.cleaned_data.get("note") or "",
                pathways=form.cleaned_data.get("pathways") or None,
                expected_version=version,
            ),
            saved="Attendance recorded",
            then=_hearing_url(hearing.pk, "attendance"),
        )
        if done:
            return done
    intro = (
        "The court contact for this hearing is already logged."
        if hearing.attendance_contact_id
        else "If you went, give the minutes it took to log the court contact with the client."
    )
    return _page(
        request, hearing, form, heading="Record attendance", submit="Save attendance", intro=intro
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def hearing_reference(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _load(request, pk)
    form = ReferenceForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "reference_text": hearing.reference_text,
            "reference_by": hearing.reference_by,
            "version": hearing.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.hearing_give_reference(
                actor=actor_of(request),
                hearing=hearing,
                text=form.cleaned_data["reference_text"],
                by=form.cleaned_data["reference_by"],
                letter=form.cleaned_data.get("letter"),
                expected_version=version,
            ),
            saved="Character reference saved",
            then=_hearing_url(hearing.pk, "reference"),
        )
        if done:
            return done
    intro = (
        f"A letter is already kept: {hearing.reference_letter}. Uploading another replaces it "
        "on this hearing; both stay in the client's documents."
        if hearing.reference_letter_id
        else ""
    )
    return _page(
        request,
        hearing,
        form,
        template="documents/upload.html",
        heading="Character reference",
        submit="Save character reference",
        intro=intro,
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def hearing_result(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _load(request, pk)
    form = ResultForm(request.POST or None, initial={"version": hearing.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = save_edit(
            request,
            form,
            lambda version: services.hearing_record_result(
                actor=actor_of(request),
                hearing=hearing,
                result=data["result"],
                custody_months=data.get("custody_months"),
                requirements=data.get("requirements") or "",
                note=data.get("note") or "",
                next_on=data.get("next_on"),
                next_stage=data.get("next_stage") or "",
                expected_version=version,
            ),
            saved="Result recorded",
            then=_hearing_url(hearing.pk, "result"),
        )
        if done:
            return done
    return _page(request, hearing, form, heading="Record the result", submit="Save result")
