"""The monthly report page: a manager picks any borough of the organisation, a funder only its
own; a borough or stream out of reach answers 404, logged."""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wingman.accounts import permissions
from wingman.accounts.choices import Role
from wingman.accounts.models import Borough, User
from wingman.audit.services import record_denial
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import actor_of, role_required
from wingman.referrals.models import FundingStream

from .models import PresetChoice, SplitRule
from .monthly import monthly_report
from .services import report_settings_save, settings_of


def boroughs_for(user: User) -> list[Borough]:
    """The boroughs whose reports `user` reads."""
    if user.role == Role.FUNDER:
        return list(Borough.objects.filter(pk=user.funded_borough_id or 0))
    return list(Borough.objects.filter(organisation_id=user.organisation_id or 0).order_by("name"))


def _month(text: str | None, default: date) -> date:
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return default


@role_required(permissions.reads_reports)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    boroughs = boroughs_for(user)
    streams = FundingStream.objects.filter(borough__in=boroughs).order_by("name")
    month = timezone.localdate().replace(day=1)
    return render(
        request,
        "reports/index.html",
        {
            "boroughs": [(b, [s for s in streams if s.borough_id == b.pk]) for b in boroughs],
            "month": f"{month:%Y-%m}",
            "keeps_settings": permissions.keeps_report_settings(user),
        },
    )


@role_required(permissions.reads_reports)
@require_GET
def monthly(request: HttpRequest, borough_id: int) -> HttpResponse:
    user = actor_of(request)
    borough = next((b for b in boroughs_for(user) if b.pk == borough_id), None)
    if borough is None:
        record_denial(actor=user, model=Borough, object_id=borough_id)
        raise Http404
    stream = None
    if request.GET.get("stream"):
        stream = FundingStream.objects.filter(
            borough=borough, pk=request.GET["stream"] if request.GET["stream"].isdigit() else 0
        ).first()
        if stream is None:
            record_denial(actor=user, model=FundingStream, object_id=request.GET["stream"])
            raise Http404
    this_month = timezone.localdate().replace(day=1)
    start = _month(request.GET.get("start"), this_month)
    end = max(_month(request.GET.get("end"), start), start)
    report = monthly_report(borough=borough, funding_stream=stream, start=start, end=end)
    return render(request, "reports/monthly.html", {"report": report, "borough": borough})


@role_required(permissions.keeps_report_settings)
@require_http_methods(["GET", "POST"])
def report_settings(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    organisation = user.organisation
    assert organisation is not None  # keeps_report_settings requires one
    current = settings_of(organisation)
    error = None
    if request.method == "POST":
        try:
            report_settings_save(
                actor=user,
                organisation=organisation,
                preset=request.POST.get("preset", ""),
                split_rule=request.POST.get("split_rule", ""),
            )
        except ServiceError as e:
            error = e
        else:
            return redirect("reports:index")
    return render(
        request,
        "reports/settings.html",
        {
            "current": current,
            "presets": PresetChoice.choices,
            "rules": SplitRule.choices,
            "error": error,
        },
    )
