"""Aggregates only: counts and hours, never a name. Each count is read for one borough, by
funding stream (`stream_id`, None for unfunded work), for the period and the month before, so
each table can be suppressed together with the same table of the borough's streams and of the
month before (`suppression.suppress_linked`) in a fixed number of queries.

Whose work a count is: a referral or journey funded by a stream counts for the stream's borough;
one with no stream is unfunded work, counted for the borough of the client's team."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from wingman.accounts.models import Borough, Organisation
from wingman.casework.models import Journey, PartnerReferral
from wingman.referrals.models import FundingStream, Referral

# Which period a row falls in: the report's, or the month before it.
THIS, BEFORE = "this", "before"


@dataclass(frozen=True)
class Periods:
    start: date
    end: date
    before_start: date
    before_end: date


def streams_of(organisation: Organisation) -> list[FundingStream]:
    return list(
        FundingStream.objects.filter(borough__organisation=organisation).order_by("name", "id")
    )


def _of_borough(rows: QuerySet[Any], borough: Borough, stream: str = "funding_stream") -> QuerySet:
    """`rows` counted for `borough` (their stream's, else the client's team's), each with its
    `counted_borough` and `stream_id`."""
    return rows.annotate(
        counted_borough=Coalesce(F(f"{stream}__borough_id"), F("client__team__borough_id")),
        stream_id=F(stream),
    ).filter(counted_borough=borough.pk)


def _by_stream_and_period(
    rows: QuerySet[Any],
    *,
    borough: Borough,
    day: str,
    periods: Periods,
    key: str | None,
    funded: bool | None = None,
) -> Iterable[dict[str, Any]]:
    """Counts of `borough` grouped by stream and `key`, with the period and the month before as
    two columns."""
    rows = _of_borough(rows, borough)
    if funded is not None:
        rows = rows.filter(funding_stream__isnull=not funded)
    keys = ["counted_borough", "stream_id", key] if key else ["counted_borough", "stream_id"]
    return rows.values(*keys).annotate(
        this=Count("id", filter=Q(**{f"{day}__range": (periods.start, periods.end)})),
        before=Count(
            "id", filter=Q(**{f"{day}__range": (periods.before_start, periods.before_end)})
        ),
    )


def referrals_by_source(borough: Borough, periods: Periods) -> Iterable[dict[str, Any]]:
    return _by_stream_and_period(
        Referral.objects.filter(received_on__range=(periods.before_start, periods.end)),
        borough=borough,
        day="received_on",
        periods=periods,
        key="source",
    )


def journeys_opened(
    borough: Borough, periods: Periods, *, funded: bool
) -> Iterable[dict[str, Any]]:
    return _by_stream_and_period(
        Journey.objects.filter(opened_on__range=(periods.before_start, periods.end)),
        borough=borough,
        day="opened_on",
        periods=periods,
        key=None,
        funded=funded,
    )


def journeys_closed(
    borough: Borough, periods: Periods, *, funded: bool
) -> Iterable[dict[str, Any]]:
    return _by_stream_and_period(
        Journey.objects.filter(closed_on__range=(periods.before_start, periods.end)),
        borough=borough,
        day="closed_on",
        periods=periods,
        key="closure_reason",
        funded=funded,
    )


def journeys_active(
    borough: Borough, periods: Periods, *, funded: bool
) -> Iterable[dict[str, Any]]:
    """Journeys open on the last day of the period, and of the month before."""
    rows = _of_borough(Journey.objects.all(), borough).filter(funding_stream__isnull=not funded)

    def open_on(day: date) -> Q:
        return Q(opened_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))

    return rows.values("counted_borough", "stream_id").annotate(  # type: ignore[return-value]
        this=Count("id", filter=open_on(periods.end)),
        before=Count("id", filter=open_on(periods.before_end)),
    )


def partner_referrals(borough: Borough, periods: Periods) -> Iterable[dict[str, Any]]:
    """Partner referrals made, by partner type and where each stands now."""
    rows = _of_borough(
        PartnerReferral.objects.filter(made_on__range=(periods.before_start, periods.end)),
        borough,
        stream="journey__funding_stream",
    )
    return rows.values("counted_borough", "stream_id", "partner_type", "status").annotate(  # type: ignore[return-value]
        this=Count("id", filter=Q(made_on__range=(periods.start, periods.end))),
        before=Count("id", filter=Q(made_on__range=(periods.before_start, periods.before_end))),
    )
