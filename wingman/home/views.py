"""The pages that draw on every app: the home page (each role's own view of its work) and the client
record (details, journey, casework and referrals on one page)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wingman.accounts import permissions
from wingman.accounts.choices import Role
from wingman.accounts.selectors import handovers_for
from wingman.assessments import selectors as assessments
from wingman.casework.selectors import client_casework
from wingman.core.access import access_object
from wingman.core.views_helpers import actor_of, role_required
from wingman.court import selectors as court
from wingman.datalab import selectors as datalab
from wingman.documents import selectors as documents
from wingman.family import selectors as family
from wingman.offending import selectors as offending
from wingman.outcomes import selectors as outcomes
from wingman.people.models import Client
from wingman.plans import selectors as plans
from wingman.safeguarding.selectors import concerns as safeguarding

from .selectors import home_for

# The apps with a part of the client record: each answers `for_client_record(viewer, client)`
# with what its part shows, under the app's own name, drawn by `<app>/_on_client_record.html`.
CLIENT_RECORD_SECTIONS = {
    "assessments": assessments,
    "plans": plans,
    "outcomes": outcomes,
    "offending": offending,
    "family": family,
    "court": court,
    "documents": documents,
    "safeguarding": safeguarding,
    "datalab": datalab,
}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    today = timezone.localdate()
    context = home_for(user, today=today)
    borough = None
    if user.role == Role.FUNDER:
        borough = user.funded_borough
    elif user.role == Role.MANAGER and user.team is not None:
        borough = user.team.borough
    if borough is not None and permissions.reads_reports(user):
        context["report_borough"] = borough
    if permissions.hands_over_enrolment_codes(user):
        context["handovers"] = handovers_for(user).count()
    return render(request, "home/home.html", context)


@role_required(permissions.works_with_clients)
@require_GET
def client_record(request: HttpRequest, pk: int) -> HttpResponse:
    client = access_object(
        Client,
        request.user,
        pk,
        queryset=Client.objects.select_related("team", "caseworker", "borough"),
    )
    context = {
        "client": client,
        "show_identifiers": permissions.sees_identifiers(request.user),
        "can_take_on": permissions.may_take_on(request.user, client),
        "referrals": client.referrals.select_related("funding_stream").order_by("-received_on"),
        **client_casework(request.user, client),
    }
    for name, app in CLIENT_RECORD_SECTIONS.items():
        context[name] = app.for_client_record(request.user, client)
    return render(request, "home/client_record.html", context)
