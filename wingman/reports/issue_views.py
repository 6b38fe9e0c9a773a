"""Issued reports: the list (managers: their organisation's boroughs; funders: their own
borough's), issuing one month's report, issuing every borough's in the background, and
downloading the files exactly as issued."""

from datetime import date
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wingman.accounts import permissions
from wingman.accounts.models import Borough
from wingman.background.services import job_start
from wingman.core.access import access_object
from wingman.core.errors import ServiceError
from wingman.core.forms import GovukForm, OnceOnlyMixin
from wingman.core.once import fingerprint_of, once
from wingman.core.views_helpers import role_required, show_service_error
from wingman.referrals.models import FundingStream

from .files import FORMATS
from .issuing import latest_ids, month_of, report_download, report_issue
from .models import IssuedReport
from .tasks import issue_every_borough


def month_choices(today: date, months: int = 12) -> list[tuple[str, str]]:
    """The last `months` whole months, latest first, as ("2026-11", "November 2026")."""
    choices, day = [], today.replace(day=1)
    for _ in range(months):
        day = date.fromordinal(day.toordinal() - 1).replace(day=1)
        choices.append((f"{day:%Y-%m}", f"{day:%B %Y}"))
    return choices


def _month(value: str) -> tuple[date, date]:
    year, month = value.split("-")
    return month_of(date(int(year), int(month), 1))


class IssueForm(OnceOnlyMixin, GovukForm):
    borough = forms.ModelChoiceField(queryset=Borough.objects.none(), label="Borough")
    month = forms.ChoiceField(label="Month")
    funding_stream = forms.ModelChoiceField(
        queryset=FundingStream.objects.none(),
        required=False,
        label="Funding stream",
        empty_label="All funding streams",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        boroughs = Borough.objects.filter(organisation_id=user.organisation_id)
        self.fields["borough"].queryset = boroughs  # type: ignore[attr-defined]
        self.fields["funding_stream"].queryset = FundingStream.objects.filter(  # type: ignore[attr-defined]
            borough__in=boroughs
        )
        self.fields["month"].choices = month_choices(timezone.localdate())  # type: ignore[attr-defined]
        if user.team_id is not None and not self.is_bound:
            self.initial["borough"] = user.team.borough_id


class IssueAllForm(GovukForm):
    month = forms.ChoiceField(label="Month")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(timezone.localdate())  # type: ignore[attr-defined]


@role_required(permissions.reads_issued_reports)
@require_GET
def issued_list(request: HttpRequest) -> HttpResponse:
    issued = list(
        IssuedReport.objects.visible_to(request.user)
        .select_related("borough", "funding_stream", "issued_by")
        .defer("pdf", "xlsx", "csv")
    )
    return render(
        request,
        "reports/issued_list.html",
        {
            "issued": issued,
            "latest": latest_ids(issued),
            "formats": FORMATS,
            "may_issue": permissions.issues_reports(request.user),
            "may_download": permissions.downloads_issued_reports(request.user),
        },
    )


@role_required(permissions.downloads_issued_reports)
@require_GET
def issued_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Not found")
    issued = access_object(IssuedReport, request.user, pk, audit=False)
    data = report_download(actor=request.user, issued=issued, fmt=fmt)
    kind = FORMATS[fmt]
    response = HttpResponse(data, content_type=kind.content_type)
    name = f"{issued.borough.name}-{issued.period_start:%Y-%m}-{issued.pk}".replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="{name.lower()}.{kind.extension}"'
    return response


@role_required(permissions.issues_reports)
@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest) -> HttpResponse:
    form = IssueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        start, end = _month(form.cleaned_data["month"])
        borough, stream = form.cleaned_data["borough"], form.cleaned_data["funding_stream"]
        try:
            # A form sent twice (a double click) issues the report once.
            once(
                token=form.token,
                user=request.user,
                model=IssuedReport,
                create=lambda: report_issue(
                    actor=request.user, borough=borough, funding_stream=stream, start=start, end=end
                ),
                fingerprint=fingerprint_of(borough.pk, stream.pk if stream else None, start),
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            return redirect("reports:issued")
    return render(request, "reports/issued_issue.html", {"form": form})


@role_required(permissions.issues_reports)
@require_POST
def issue_all(request: HttpRequest) -> HttpResponse:
    form = IssueAllForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/issued_issue_all.html", {"form": form}, status=400)
    start, _end = _month(form.cleaned_data["month"])
    job = job_start(
        actor=request.user,
        task=issue_every_borough,
        title=f"Issue every borough's report for {start:%B %Y}",
        year=start.year,
        month=start.month,
        result_url=reverse("reports:issued"),
    )
    return redirect("background:job", pk=job.pk)


@role_required(permissions.issues_reports)
@require_GET
def issue_all_form(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/issued_issue_all.html", {"form": IssueAllForm()})
