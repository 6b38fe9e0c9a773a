"""Reading outcomes, and the results of funding streams' indicators. Results are counted here
from the outcomes recorded, never stored: an outcome counts for a stream when it was achieved
on a day a journey funded by that stream was open (from the day it opened to the day it closed,
both included), within the period, and it has not been withdrawn. So one outcome can count for
two streams (a journey closing and the next, funded by another stream, opening that day), and
each funder is shown only its own."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from wingman.accounts import permissions
from wingman.referrals.models import FundingStream, FundingStreamQuerySet

from .choices import Direction, Measure
from .models import IndicatorAssignment, Outcome

# How many outcomes the client record shows; the client's outcomes page shows them all.
CLIENT_RECORD_LIMIT = 3


def outcomes_of(viewer: Any, client: Any) -> "QuerySet[Outcome]":
    """A client's outcomes that `viewer` may see, latest first, withdrawn ones included."""
    return (
        Outcome.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("outcome_type", "recorded_by", "withdrawn_by", "journey__funding_stream")
        .order_by("-achieved_on", "-id")
    )


def for_client_record(viewer: Any, client: Any) -> dict[str, Any]:
    """What the client record shows of this app, for `viewer` (who may see `client`): how many
    outcomes count, and the latest few. Two queries whatever the data."""
    counted = Outcome.objects.visible_to(viewer).filter(client=client).counted()
    latest = list(
        counted.select_related("outcome_type").order_by("-achieved_on", "-id")[:CLIENT_RECORD_LIMIT]
    )
    return {
        "latest": latest,
        "count": counted.count(),
        "records_casework": permissions.records_casework(viewer),
    }


# Indicators of funding streams --------------------------------------------------------------


class IndicatorStreams(FundingStreamQuerySet):
    """Funding streams whose indicators a member of staff reads: their own borough's."""

    def visible_to(self, user: Any) -> "IndicatorStreams":
        borough = permissions.indicator_borough_id(user)
        return self.filter(borough_id=borough) if borough is not None else self.none()


def indicator_streams() -> IndicatorStreams:
    return IndicatorStreams(model=FundingStream).select_related("borough")


def streams_for(viewer: Any) -> list[FundingStream]:
    """The funding streams whose indicators `viewer` reads, with how many indicators each has."""
    return list(
        indicator_streams()
        .visible_to(viewer)
        .annotate(indicator_count=Count("indicator_assignments"))
        .order_by("name")
    )


@dataclass(frozen=True)
class IndicatorResult:
    assignment: IndicatorAssignment
    result: int
    today: date

    @property
    def met(self) -> bool:
        if self.assignment.direction == Direction.DECREASE:
            return self.result <= self.assignment.target
        return self.result >= self.assignment.target

    @property
    def in_progress(self) -> bool:
        """The period has not ended yet: the result so far."""
        return self.today <= self.assignment.period_end

    @property
    def started(self) -> bool:
        return self.assignment.period_start <= self.today


def counted_for_stream(stream: FundingStream) -> "QuerySet[Outcome]":
    """Every outcome that counts for `stream`: not withdrawn, achieved on a day one of the
    client's journeys funded by the stream was open."""
    open_that_day = stream.journeys.filter(
        client_id=OuterRef("client_id"), opened_on__lte=OuterRef("achieved_on")
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=OuterRef("achieved_on")))
    return Outcome.objects.counted().filter(Exists(open_that_day))


def stream_results(stream: FundingStream, *, today: date) -> list[IndicatorResult]:
    """Each indicator the stream counts, with its result for its period. Three queries however
    many indicators and outcomes there are."""
    assignments = list(
        stream.indicator_assignments.select_related("indicator")
        .prefetch_related("indicator__outcome_types")
        .order_by("period_start", "indicator__name", "id")
    )
    if not assignments:
        return []
    totals: dict[str, Any] = {}
    for a in assignments:
        types = [t.pk for t in a.indicator.outcome_types.all()]
        within = Q(outcome_type_id__in=types, achieved_on__range=(a.period_start, a.period_end))
        if a.indicator.measure == Measure.CLIENTS:
            totals[f"a{a.pk}"] = Count("client_id", filter=within, distinct=True)
        else:
            totals[f"a{a.pk}"] = Count("id", filter=within)
    # Only the stream's clients' outcomes within the periods are looked at: the rest cannot count.
    counts = (
        counted_for_stream(stream)
        .filter(
            client_id__in=stream.journeys.values("client_id"),
            achieved_on__gte=min(a.period_start for a in assignments),
            achieved_on__lte=max(a.period_end for a in assignments),
        )
        .aggregate(**totals)
    )
    return [IndicatorResult(a, counts[f"a{a.pk}"] or 0, today) for a in assignments]
