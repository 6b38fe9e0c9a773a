"""Pages: the readiness of a Justice Data Lab file, the file itself, and a client's consent."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wingman.accounts import permissions
from wingman.audit.services import record_list
from wingman.core.access import access_object
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import actor_of, role_required, show_service_error
from wingman.people.models import Client

from . import services
from .forms import ChoiceForm, ConsentForm
from .models import DataLabConsent
from .selectors import MINIMUM_PEOPLE, Choice, as_csv, readiness


def _readiness_page(request: HttpRequest, form: ChoiceForm, refusal: str = "") -> HttpResponse:
    found = None
    choice = _choice(request, form)
    if choice is not None:
        found = readiness(request.user, choice, today=timezone.localdate())
        # The people kept out are listed by name, with links: each is recorded as shown.
        record_list(actor=request.user, client_ids=[c.client.pk for c in found.dropped])
    context = {
        "form": form,
        "readiness": found,
        "minimum": MINIMUM_PEOPLE,
        "refusal": refusal,
        "query": request.GET.urlencode(),
        "may_export": permissions.exports_to_datalab(request.user),
        "with_identifiers": permissions.sees_identifiers(request.user),
    }
    return render(request, "datalab/readiness.html", context)


def _choice(request: HttpRequest, form: ChoiceForm) -> Choice | None:
    if not (form.is_bound and form.is_valid()):
        return None
    try:
        return form.choice(actor_of(request))
    except ServiceError as error:
        show_service_error(form, error)
        return None


@role_required(permissions.prepares_datalab_file)
@require_GET
def readiness_page(request: HttpRequest) -> HttpResponse:
    form = ChoiceForm(request.GET or None, viewer=request.user)
    return _readiness_page(request, form)


@role_required(permissions.exports_to_datalab)
@require_GET
def file_download(request: HttpRequest) -> HttpResponse:
    form = ChoiceForm(request.GET or None, viewer=request.user)
    choice = _choice(request, form)
    if choice is None:
        return _readiness_page(request, form, "Choose the journeys the file is to cover.")
    found = readiness(request.user, choice, today=timezone.localdate())
    try:
        export, rows = services.datalab_export(actor=actor_of(request), readiness=found)
    except ServiceError as error:
        return _readiness_page(request, form, error.message)
    response = HttpResponse(as_csv(rows), content_type="text/csv; charset=utf-8")
    name = f"justice-data-lab-{export.created_at:%Y-%m-%d}-{export.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(permissions.records_datalab_consent)
@require_http_methods(["GET", "POST"])
def consent_page(request: HttpRequest, pk: int) -> HttpResponse:
    client = access_object(Client, request.user, pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                actor=actor_of(request),
                client=client,
                given=form.cleaned_data["given"] == "yes",
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "Their answer is recorded.")
            return redirect(reverse("datalab:consent", args=[client.pk]))
    answers = DataLabConsent.objects.visible_to(request.user).filter(client=client)
    context = {
        "client": client,
        "form": form,
        "answers": list(answers.select_related("recorded_by")),
    }
    return render(request, "datalab/consent.html", context)
