"""Reading casework: caseloads, due and overdue tasks, releases coming up, the home pages.
Every query here starts from `.visible_to(user)`; the number of queries does not grow with the
amount of data."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value, When

from wingman.accounts import permissions
from wingman.audit.services import record_list
from wingman.people.models import Client
from wingman.referrals.choices import OPEN_REFERRAL_STATES
from wingman.referrals.models import Referral
from wingman.referrals.selectors import allocatable_caseworkers, caseloads

from .choices import OPEN_STAGES, Stage
from .models import Contact, Journey, PartnerReferral, Task

HOME_LIST_LIMIT = 50


def clients_with_journey(qs: QuerySet[Client]) -> QuerySet[Client]:
    """Clients annotated with their open journey's stage, last contact and next task."""
    open_journey = Journey.objects.filter(client=OuterRef("pk"), stage__in=OPEN_STAGES).order_by(
        "-opened_on", "-id"
    )
    next_task = Task.objects.filter(client=OuterRef("pk"), done_at__isnull=True).order_by(
        "due_on", "id"
    )
    return qs.annotate(
        stage=Subquery(open_journey.values("stage")[:1]),
        journey_id=Subquery(open_journey.values("pk")[:1]),
        last_contact_on=Subquery(
            Contact.objects.filter(client=OuterRef("pk"))
            .values("client")
            .annotate(last=Max("occurred_on"))
            .values("last")[:1]
        ),
        next_task_title=Subquery(next_task.values("title")[:1]),
        next_task_due=Subquery(next_task.values("due_on")[:1]),
    ).select_related("caseworker")


def caseload_of(user: Any) -> QuerySet[Client]:
    """The clients allocated to this person with an open journey or an open referral."""
    open_referral = Referral.objects.filter(client=OuterRef("pk"), state__in=OPEN_REFERRAL_STATES)
    open_journey = Journey.objects.filter(client=OuterRef("pk"), stage__in=OPEN_STAGES)
    qs = Client.objects.visible_to(user).filter(caseworker=user)
    qs = qs.filter(Exists(open_journey) | Exists(open_referral))
    return clients_with_journey(qs).order_by("family_name", "given_name", "id")


def overdue_tasks(user: Any, today: date) -> QuerySet[Task]:
    return (
        Task.objects.visible_to(user)
        .overdue(today)
        .filter(assigned_to=user)
        .select_related("client")
        .order_by("due_on", "id")
    )


def releases_due(user: Any, today: date, days: int = 7) -> QuerySet[Journey]:
    return (
        Journey.objects.visible_to(user)
        .filter(
            stage=Stage.IN_CUSTODY,
            expected_release_date__gte=today,
            expected_release_date__lte=today + timedelta(days=days),
        )
        .select_related("client", "client__caseworker")
        .order_by("expected_release_date", "id")
    )


def unallocated_referrals(user: Any) -> QuerySet[Referral]:
    return (
        Referral.objects.visible_to(user)
        .filter(Q(state__in=OPEN_REFERRAL_STATES) | Q(journey__stage__in=OPEN_STAGES))
        .filter(client__caseworker__isnull=True)
        .select_related("client", "client__team")
        .order_by("received_on", "id")
    )


def home_for(user: Any, *, today: date) -> dict[str, Any]:
    """What the home page shows this person; every client shown is logged as seen."""
    context: dict[str, Any] = {"today": today}
    if not permissions.works_with_clients(user):
        return context
    caseload = list(caseload_of(user)[:HOME_LIST_LIMIT])
    overdue = list(overdue_tasks(user, today)[:HOME_LIST_LIMIT])
    releases = list(releases_due(user, today)[:HOME_LIST_LIMIT])
    context |= {"caseload": caseload, "overdue_tasks": overdue, "releases_due": releases}
    shown = (
        [c.pk for c in caseload] + [t.client_id for t in overdue] + [j.client_id for j in releases]
    )
    if permissions.leads_team(user):
        unallocated = list(unallocated_referrals(user)[:HOME_LIST_LIMIT])
        context["unallocated"] = unallocated
        context["team_caseloads"] = caseloads(
            caseworkers=allocatable_caseworkers(user), today=today
        )
        shown += [r.client_id for r in unallocated]
    record_list(actor=user, client_ids=shown)
    return context


def due_soon_tasks(user: Any, today: date, days: int = 14) -> QuerySet[Task]:
    """This person's outstanding tasks due from today up to `days` ahead."""
    return (
        Task.objects.visible_to(user)
        .outstanding()
        .filter(assigned_to=user, due_on__gte=today, due_on__lte=today + timedelta(days=days))
        .select_related("client")
        .order_by("due_on", "id")
    )


CLIENT_LIST_LIMIT = 50


def client_casework(user: Any, client: Client) -> dict[str, Any]:
    """The casework shown on a client's record: the open journey (or the latest one if none is
    open), the latest contacts, the outstanding tasks and the latest partner referrals. Four
    queries whatever the amount of data."""
    journey = (
        Journey.objects.visible_to(user)
        .filter(client=client)
        .select_related("funding_stream")
        .annotate(closed_last=Case(When(stage=Stage.CLOSED, then=Value(1)), default=Value(0)))
        .order_by("closed_last", "-opened_on", "-id")
        .first()
    )
    contacts = list(
        Contact.objects.visible_to(user)
        .filter(client=client)
        .select_related("author")
        .order_by("-occurred_on", "-id")[:CLIENT_LIST_LIMIT]
    )
    tasks = list(
        Task.objects.visible_to(user)
        .filter(client=client)
        .outstanding()
        .select_related("assigned_to")
        .order_by("due_on", "id")
    )
    partner_referrals = list(
        PartnerReferral.objects.visible_to(user)
        .filter(client=client)
        .order_by("-made_on", "-id")[:CLIENT_LIST_LIMIT]
    )
    return {
        "journey": journey,
        "contacts": contacts,
        "tasks": tasks,
        "partner_referrals": partner_referrals,
        "records_casework": permissions.records_casework(user),
    }
