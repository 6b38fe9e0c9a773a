"""Assessment pages: a client's assessments with distance travelled, starting an intake or a
review, recording it (every question on one form) and reading one. Each view checks the role,
loads records through access_object, calls a service and renders."""

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
from .choices import LADDER, AssessmentKind, NeedStatus, step_label
from .forms import RecordForm, StartForm, carried_forward, initial_for
from .models import Assessment
from .selectors import assessments_of, distance_travelled, earlier_answers, instruments_for


def _client_url(client: Client) -> str:
    return reverse("assessments:client", args=[client.pk])


@role_required(permissions.works_with_clients)
@require_GET
def client_assessments(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    assessments = list(assessments_of(request.user, client))
    context = {
        "client": client,
        "assessments": assessments,
        "distance": distance_travelled(request.user, client),
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "assessments/client_assessments.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    instruments = instruments_for(request.user, client)
    has_intake = (
        Assessment.objects.recorded().filter(client=client, kind=AssessmentKind.INTAKE).exists()
    )
    form = StartForm(
        request.POST or None,
        instruments=instruments,
        initial={"assessed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        chosen = next(
            (i for i in instruments if str(i.pk) == form.cleaned_data["instrument"]), None
        )
        try:
            assessment, created = services.assessment_start(
                actor=actor_of(request),
                client=client,
                instrument=chosen,
                kind=form.cleaned_data["kind"],
                assessed_on=form.cleaned_data["assessed_on"],
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            if not created:
                messages.info(request, "This assessment was already started")
            return redirect("assessments:record", pk=assessment.pk)
    context = {
        "form": form,
        "client": client,
        "heading": "Start an assessment",
        "back_url": _client_url(client),
        "submit": "Continue",
        "intro": " ".join(
            [
                "An intake when the work starts, then a review every few weeks.",
                "The intake is recorded: this is a review." if has_intake else "",
                f"With the {instruments[0]}." if len(instruments) == 1 else "",
                "You will answer every question on the next page.",
            ]
        ),
    }
    return render(request, "casework/form_page.html", context)


def _load(request: HttpRequest, pk: int, *, audit: bool = True) -> Assessment:
    return access_object(
        Assessment,
        request.user,
        pk,
        queryset=Assessment.objects.select_related("client", "instrument", "assessed_by"),
        audit=audit,
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def assessment_record(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _load(request, pk)
    questions = services.questions_of(assessment.instrument)
    answers = list(assessment.answers.all())
    initial = initial_for(assessment, answers)
    if not answers:
        # A review starts from where the last assessment left each pathway.
        initial = carried_forward(earlier_answers(assessment)) | initial
    form = RecordForm(request.POST or None, initial=initial, questions=questions)
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.assessment_record(
                actor=actor_of(request),
                assessment=assessment,
                answers=form.answers(),
                assessed_on=form.cleaned_data["assessed_on"],
                note=form.cleaned_data["note"],
                expected_version=version,
            ),
            saved=f"{assessment.get_kind_display()} saved",
            then=reverse("assessments:detail", args=[assessment.pk]),
        )
        if done:
            return done
    context = {
        "form": form,
        "assessment": assessment,
        "client": assessment.client,
        "back_url": _client_url(assessment.client),
        "ladder": [
            {"label": step_label(score), "meaning": meaning} for score, _n, meaning in LADDER
        ],
    }
    return render(request, "assessments/record.html", context)


@role_required(permissions.works_with_clients)
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _load(request, pk)
    answers = list(
        assessment.answers.select_related("question", "option").order_by(
            "question__position", "question_id"
        )
    )
    rows = [
        {
            "answer": a,
            "status": NeedStatus(a.status).label if a.status in NeedStatus.values else "",
            "score": a.option.label if a.option is not None else step_label(a.score),
            "own": step_label(a.own_score),
        }
        for a in answers
    ]
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "rows": rows,
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "assessments/detail.html", context)
