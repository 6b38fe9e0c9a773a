"""Reading casework: which funding streams a person fits and the places left, caseloads, due and
overdue tasks, releases coming up. Every query of client records starts from `.visible_to(user)`;
the number of queries does not grow with the amount of data."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.core.dates import when
from wingman.people.models import Client
from wingman.referrals.choices import OPEN_REFERRAL_STATES, Cohort
from wingman.referrals.models import Allocation, FundingStream, Referral

from .choices import OPEN_STAGES, ChecklistStatus, Stage
from .models import Contact, Journey, PartnerReferral, Task

# Funding streams and caseloads -------------------------------------------------------------

CASELOAD_NORM_LOW = 30
CASELOAD_NORM_HIGH = 40


@dataclass
class StreamFit:
    stream: FundingStream
    places_left: int
    reasons: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return not self.reasons

    @property
    def has_place(self) -> bool:
        return self.places_left > 0


def places_left(streams: list[FundingStream]) -> dict[int, int]:
    """Capacity less the journeys each stream is paying for now."""
    used = dict(
        FundingStream.objects.filter(pk__in=[s.pk for s in streams])
        .annotate(used=Count("journeys", filter=Q(journeys__stage__in=OPEN_STAGES)))
        .values_list("pk", "used")
    )
    return {s.pk: max(s.capacity - used.get(s.pk, 0), 0) for s in streams}


def _why_not(*, client: Client, stream: FundingStream, cohort: str | None, on: date) -> list[str]:
    """The reasons `client` cannot be funded by `stream` on `on`, in words; none if they fit."""
    reasons = []
    if not stream.is_open_on(on):
        reasons.append(f"the stream is not open on {when(on)}")
    age = client.age_on(on)
    if age is None:
        reasons.append("date of birth not known")
    elif not stream.min_age <= age <= stream.max_age:
        reasons.append(f"age {age} is outside {stream.min_age} to {stream.max_age}")
    allowed = {b.pk for b in stream.residence_boroughs.all()}
    if allowed and client.borough_id not in allowed:
        reasons.append("lives outside the boroughs this stream covers")
    if cohort and stream.cohort != cohort:
        reasons.append(f"stream is for {Cohort(stream.cohort).label.lower()}")
    return reasons


def streams_of_organisation(organisation_id: int) -> QuerySet[FundingStream]:
    return FundingStream.objects.filter(borough__organisation_id=organisation_id)


def stream_fits(
    *, client: Client, cohort: str | None, on: date, borough_ids: Any = None
) -> list[StreamFit]:
    """Every funding stream of the client's organisation open on `on` (in the given commissioning
    boroughs), whether this person fits it and why not, and the places left."""
    streams_qs = (
        streams_of_organisation(client.team.borough.organisation_id)
        .select_related("borough")
        .prefetch_related("residence_boroughs")
    )
    if borough_ids is not None:
        streams_qs = streams_qs.filter(borough_id__in=borough_ids)
    streams = [s for s in streams_qs if s.is_open_on(on)]
    left = places_left(streams)
    fits = [
        StreamFit(
            stream=stream,
            places_left=left[stream.pk],
            reasons=_why_not(client=client, stream=stream, cohort=cohort, on=on),
        )
        for stream in streams
    ]
    fits.sort(key=lambda f: (not f.fits, not f.has_place, f.stream.borough.name, f.stream.name))
    return fits


def stream_fit(*, client: Client, stream: FundingStream, cohort: str | None, on: date) -> StreamFit:
    """Whether this person fits this one stream on `on`, and its places left now."""
    return StreamFit(
        stream=stream,
        places_left=places_left([stream])[stream.pk],
        reasons=_why_not(client=client, stream=stream, cohort=cohort, on=on),
    )


def live(clients: QuerySet[Client]) -> QuerySet[Client]:
    """The one definition of a live client, used for every caseload count and list: a client
    with an open journey, or with an open referral (taken on and not yet decided). A caseworker's
    live caseload is their allocated clients that are live."""
    open_journey = Journey.objects.filter(client=OuterRef("pk"), stage__in=OPEN_STAGES)
    open_referral = Referral.objects.filter(client=OuterRef("pk"), state__in=OPEN_REFERRAL_STATES)
    return clients.filter(Exists(open_journey) | Exists(open_referral))


@dataclass
class Caseload:
    caseworker: User
    live: int
    taken_on_this_year: int

    @property
    def over_norm(self) -> bool:
        return self.taken_on_this_year >= CASELOAD_NORM_HIGH or self.live >= CASELOAD_NORM_HIGH


def caseloads(*, caseworkers: Any, today: date) -> list[Caseload]:
    """Each caseworker's live caseload (see `live`) and the clients they took on in the last 12
    months."""
    workers = list(caseworkers)
    ids = [w.pk for w in workers]
    live_counts = dict(
        live(Client.objects.filter(caseworker_id__in=ids))
        .values("caseworker_id")
        .annotate(n=Count("id"))
        .values_list("caseworker_id", "n")
    )
    year = dict(
        Allocation.objects.filter(
            caseworker_id__in=ids, allocated_at__date__gt=today - timedelta(days=365)
        )
        .values("caseworker_id")
        .annotate(n=Count("client_id", distinct=True))
        .values_list("caseworker_id", "n")
    )
    return [Caseload(w, live_counts.get(w.pk, 0), year.get(w.pk, 0)) for w in workers]


def over_norm_warning(caseworker: User, *, today: date) -> str:
    """A warning when a caseworker is now over the norm of 30 to 40 clients a year, else ''."""
    load = caseloads(caseworkers=[caseworker], today=today)[0]
    if not load.over_norm:
        return ""
    return (
        f"{caseworker} now has {load.live} live clients and has taken on "
        f"{load.taken_on_this_year} in the last 12 months, over the norm of "
        f"{CASELOAD_NORM_LOW} to {CASELOAD_NORM_HIGH} a year."
    )


# The release-day checklist -------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistProgress:
    """How many of a journey's release-day items are settled (done or not needed)."""

    done: int
    total: int


def checklist_progress(journey: Journey) -> ChecklistProgress:
    counts = journey.checklist.aggregate(
        total=Count("id"), done=Count("id", filter=~Q(status=ChecklistStatus.OUTSTANDING))
    )
    return ChecklistProgress(done=counts["done"], total=counts["total"])


# Clients and their casework ------------------------------------------------------------------


def clients_with_journey(qs: QuerySet[Client]) -> QuerySet[Client]:
    """Clients annotated with their open journey's stage, id and actual release date, their last
    contact and their next task."""
    open_journey = Journey.objects.filter(client=OuterRef("pk"), stage__in=OPEN_STAGES).order_by(
        "-opened_on", "-id"
    )
    next_task = Task.objects.filter(client=OuterRef("pk"), done_at__isnull=True).order_by(
        "due_on", "id"
    )
    return qs.annotate(
        stage=Subquery(open_journey.values("stage")[:1]),
        journey_id=Subquery(open_journey.values("pk")[:1]),
        released_on=Subquery(open_journey.values("released_on")[:1]),
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
    """This person's live caseload (see `live`), with each client's stage, last contact and
    next task."""
    qs = live(Client.objects.visible_to(user).filter(caseworker=user))
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


def taken_on_by_themselves(user: Any, today: date, days: int = 7) -> QuerySet[Allocation]:
    """Clients that caseworkers this person sees took on themselves (the walk-ins they recorded,
    `referrals.services.client_take_on`) in the last `days` days, latest first."""
    return (
        Allocation.objects.visible_to(user)
        .filter(allocated_by=F("caseworker"), allocated_at__date__gt=today - timedelta(days=days))
        .select_related("client", "caseworker")
        .order_by("-allocated_at", "-id")
    )


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
