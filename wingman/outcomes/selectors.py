"""Reading outcomes, and the results of funding streams' indicators. Results are counted here
from the outcomes recorded, never stored: an outcome counts for a stream when it was achieved
on a day a journey funded by that stream was open (from the day it opened to the day it closed,
both included), within the period, and it has not been withdrawn. So one outcome can count for
two streams (a journey closing and the next, funded by another stream, opening that day), and
each funder is shown only its own."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

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


def stream_results(stream: FundingStream, *, today: date) -> list[IndicatorResult]:
    """Each indicator the stream counts, with its result for its period. Three queries however
    many indicators and outcomes there are."""
    return streams_results([stream], today=today)[stream.pk]


def streams_results(
    streams: list[FundingStream], *, today: date
) -> dict[int, list[IndicatorResult]]:
    """`stream_results` for several streams at once, by stream id: still three queries."""
    out: dict[int, list[IndicatorResult]] = {stream.pk: [] for stream in streams}
    assignments = list(
        IndicatorAssignment.objects.filter(funding_stream__in=list(out))
        .select_related("indicator")
        .prefetch_related("indicator__outcome_types")
        .order_by("period_start", "indicator__name", "id")
    )
    if not assignments:
        return out
    types_of = {a.pk: {t.pk for t in a.indicator.outcome_types.all()} for a in assignments}
    # Each counted outcome of the streams' clients within the periods, once for every stream
    # one of whose journeys for the client was open the day it was achieved (a few per client
    # a year): counted against each indicator here, as one aggregate per indicator costs more
    # to build than these rows take to read.
    journey = "client__journeys__"
    counted = (
        Outcome.objects.counted()
        .filter(
            Q(**{f"{journey}funding_stream_id__in": list(out)})
            & Q(**{f"{journey}opened_on__lte": F("achieved_on")})
            & (
                Q(**{f"{journey}closed_on__isnull": True})
                | Q(**{f"{journey}closed_on__gte": F("achieved_on")})
            ),
            outcome_type_id__in=set().union(*types_of.values()),
            achieved_on__gte=min(a.period_start for a in assignments),
            achieved_on__lte=max(a.period_end for a in assignments),
        )
        .values_list(
            f"{journey}funding_stream_id", "outcome_type_id", "id", "client_id", "achieved_on"
        )
        .distinct()
        .order_by()
    )
    by_stream: dict[int, list[tuple[int, int, int, date]]] = {}
    for stream_id, *outcome in counted:
        by_stream.setdefault(stream_id, []).append(tuple(outcome))  # type: ignore[arg-type]
    for a in assignments:
        types = types_of[a.pk]
        within = [
            (outcome_id, client_id)
            for type_id, outcome_id, client_id, achieved_on in by_stream.get(
                a.funding_stream_id, []
            )
            if type_id in types and a.period_start <= achieved_on <= a.period_end
        ]
        clients = a.indicator.measure == Measure.CLIENTS
        result = len({client_id for _, client_id in within}) if clients else len(within)
        out[a.funding_stream_id].append(IndicatorResult(a, result, today))
    return out
