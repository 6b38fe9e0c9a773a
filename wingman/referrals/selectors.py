"""Reading referrals: which funding streams fit a person, places left, caseloads."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q

from wingman.accounts.choices import Role
from wingman.accounts.models import User
from wingman.casework.choices import OPEN_STAGES
from wingman.people.models import Client

from .choices import Cohort
from .models import Allocation, FundingStream

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


def stream_fits(
    *, client: Client, cohort: str | None, on: date, borough_ids: Any = None
) -> list[StreamFit]:
    """Every open funding stream (in the given commissioning boroughs), whether this person fits
    it and why not, and the places left."""
    streams_qs = FundingStream.objects.select_related("borough").prefetch_related(
        "residence_boroughs"
    )
    if borough_ids is not None:
        streams_qs = streams_qs.filter(borough_id__in=borough_ids)
    streams = [s for s in streams_qs if s.is_open_on(on)]
    left = places_left(streams)
    age = client.age_on(on)
    fits = []
    for stream in streams:
        reasons = []
        if age is None:
            reasons.append("date of birth not known")
        elif not stream.min_age <= age <= stream.max_age:
            reasons.append(f"age {age} is outside {stream.min_age} to {stream.max_age}")
        allowed = {b.pk for b in stream.residence_boroughs.all()}
        if allowed and client.borough_id not in allowed:
            reasons.append("lives outside the boroughs this stream covers")
        if cohort and stream.cohort != cohort:
            reasons.append(f"stream is for {Cohort(stream.cohort).label.lower()}")
        fits.append(StreamFit(stream=stream, places_left=left[stream.pk], reasons=reasons))
    fits.sort(key=lambda f: (not f.fits, not f.has_place, f.stream.borough.name, f.stream.name))
    return fits


@dataclass
class Caseload:
    caseworker: User
    live: int
    taken_on_this_year: int

    @property
    def over_norm(self) -> bool:
        return self.taken_on_this_year >= CASELOAD_NORM_HIGH or self.live >= CASELOAD_NORM_HIGH


def caseloads(*, caseworkers: Any, today: date) -> list[Caseload]:
    """Live caseload (clients with an open journey) and clients taken on in the last 12 months."""
    workers = list(caseworkers)
    ids = [w.pk for w in workers]
    live = dict(
        Client.objects.filter(caseworker_id__in=ids, journeys__stage__in=OPEN_STAGES)
        .values("caseworker_id")
        .annotate(n=Count("id", distinct=True))
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
    return [Caseload(w, live.get(w.pk, 0), year.get(w.pk, 0)) for w in workers]


def allocatable_caseworkers(actor: User) -> Any:
    """Who `actor` may give a client to: active caseworkers and volunteers in their team (a
    senior caseworker) or their borough (a manager)."""
    qs = User.objects.filter(
        is_active=True, role__in=[Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.VOLUNTEER]
    ).select_related("team")
    if actor.role == Role.MANAGER and actor.team is not None:
        return qs.filter(team__borough_id=actor.team.borough_id)
    if actor.team_id:
        return qs.filter(team_id=actor.team_id)
    return qs.none()
