"""Referral pages: the list, taking a referral and starting to screen it. A referral's own page
and the decision on it are in `casework.views`, because accepting a referral opens a journey."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from wingman.accounts import permissions
from wingman.audit.services import record_list
from wingman.core.access import access_object
from wingman.core.errors import ServiceError
from wingman.core.once import once
from wingman.core.views_helpers import actor_of, role_required, show_service_error
from wingman.people.models import Client

from . import services
from .choices import OPEN_REFERRAL_STATES
from .forms import NewPersonForm, ReferralForm
from .models import Referral
from .selectors import teams_taking_referrals


@role_required(permissions.takes_referrals)
@require_http_methods(["GET"])
def referral_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    qs = Referral.objects.visible_to(request.user).select_related(
        "client", "funding_stream", "client__caseworker"
    )
    if show == "open":
        qs = qs.filter(state__in=OPEN_REFERRAL_STATES)
    page = Paginator(qs.order_by("-received_on", "-id"), 50).get_page(request.GET.get("page"))
    record_list(actor=actor_of(request), client_ids=[r.client_id for r in page])
    return render(request, "referrals/referral_list.html", {"page": page, "show": show})


@role_required(permissions.takes_referrals)
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    existing = None
    if request.GET.get("client"):
        existing = access_object(Client, request.user, request.GET["client"])
    data = request.POST or None
    person = None if existing else NewPersonForm(data, prefix="person", user=request.user)
    form = ReferralForm(
        data,
        teams=teams_taking_referrals(actor_of(request)),
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid() and (person is None or person.is_valid()):
        referral_fields = {
            k: v for k, v in form.cleaned_data.items() if k not in ("team", "form_token")
        }

        def create() -> Referral:
            return services.referral_create(
                actor=actor_of(request),
                team=form.cleaned_data["team"],
                client=existing,
                client_fields=person.cleaned_data if person else None,
                referral_fields=referral_fields,
            )

        try:
            referral, _ = once(token=form.token, user=request.user, model=Referral, create=create)
        except ServiceError as error:
            on_person = person is not None and error.field in person.fields
            show_service_error(person if on_person else form, error)  # type: ignore[arg-type]
        else:
            messages.success(request, f"Referral of {referral.client} recorded")
            return redirect("casework:referral", pk=referral.pk)
    return render(
        request,
        "referrals/referral_new.html",
        {"form": form, "person": person, "existing": existing},
    )


@role_required(permissions.decides_referrals)
@require_POST
def referral_screen(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access_object(Referral, request.user, pk)
    try:
        services.referral_start_screening(actor=actor_of(request), referral=referral)
    except ServiceError as error:
        messages.warning(request, error.message)
    else:
        messages.success(request, "Screening started")
    return redirect("casework:referral", pk=pk)
