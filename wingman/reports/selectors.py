"""Aggregates only: counts and hours, never a name. Each count is read for every borough of the
organisation at once, for the period and the month before, so each table can be suppressed
together with its neighbours (`suppression.suppress_linked`) in a fixed number of queries.

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


def boroughs_of(organisation: Organisation) -> list[Borough]:
    return list(Borough.objects.filter(organisation=organisation).order_by("name", "id"))


def streams_of(organisation: Organisation) -> list[FundingStream]:
    return list(
        FundingStream.objects.filter(borough__organisation=organisation).order_by("name", "id")
    )


def _where(stream: FundingStream | None, prefix: str = "") -> Q:
    return Q(**{f"{prefix}funding_stream": stream}) if stream is not None else Q()


def _by_borough_and_period(
    rows: QuerySet[Any],
    *,
    day: str,
    periods: Periods,
    key: str | None,
    funded: bool | None = None,
) -> Iterable[dict[str, Any]]:
    """Counts grouped by borough (the stream's, else the client's team's) and `key`, with the
    period and the month before as two columns."""
    rows = rows.annotate(
        counted_borough=Coalesce(F("funding_stream__borough_id"), F("client__team__borough_id"))
    )
    if funded is not None:
        rows = rows.filter(funding_stream__isnull=not funded)
    keys = ["counted_borough", key] if key else ["counted_borough"]
    return rows.values(*keys).annotate(
        this=Count("id", filter=Q(**{f"{day}__range": (periods.start, periods.end)})),
        before=Count(
            "id", filter=Q(**{f"{day}__range": (periods.before_start, periods.before_end)})
        ),
    )


def referrals_by_source(
    organisation: Organisation, periods: Periods, stream: FundingStream | None
) -> Iterable[dict[str, Any]]:
    return _by_borough_and_period(
        Referral.objects.filter(client__team__borough__organisation=organisation).filter(
            _where(stream), received_on__range=(periods.before_start, periods.end)
        ),
        day="received_on",
        periods=periods,
        key="source",
    )


def journeys_opened(
    organisation: Organisation, periods: Periods, stream: FundingStream | None, *, funded: bool
) -> Iterable[dict[str, Any]]:
    return _by_borough_and_period(
        Journey.objects.filter(client__team__borough__organisation=organisation).filter(
            _where(stream), opened_on__range=(periods.before_start, periods.end)
        ),
        day="opened_on",
        periods=periods,
        key=None,
        funded=funded,
    )


def journeys_closed(
    organisation: Organisation, periods: Periods, stream: FundingStream | None, *, funded: bool
) -> Iterable[dict[str, Any]]:
    return _by_borough_and_period(
        Journey.objects.filter(client__team__borough__organisation=organisation).filter(
            _where(stream), closed_on__range=(periods.before_start, periods.end)
        ),
        day="closed_on",
        periods=periods,
        key="closure_reason",
        funded=funded,
    )


def journeys_active(
    organisation: Organisation, periods: Periods, stream: FundingStream | None, *, funded: bool
) -> Iterable[dict[str, Any]]:
    """Journeys open on the last day of the period, and of the month before."""
    rows = Journey.objects.filter(client__team__borough__organisation=organisation).filter(
        _where(stream)
    )
    rows = rows.annotate(
        counted_borough=Coalesce(F("funding_stream__borough_id"), F("client__team__borough_id"))
    ).filter(funding_stream__isnull=not funded)

    def open_on(day: date) -> Q:
        return Q(opened_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))

    return rows.values("counted_borough").annotate(  # type: ignore[return-value]
        this=Count("id", filter=open_on(periods.end)),
        before=Count("id", filter=open_on(periods.before_end)),
    )


def partner_referrals(
    organisation: Organisation, periods: Periods, stream: FundingStream | None
) -> Iterable[dict[str, Any]]:
    """Partner referrals made, by partner type and where each stands now."""
    rows = PartnerReferral.objects.filter(
        client__team__borough__organisation=organisation,
        made_on__range=(periods.before_start, periods.end),
    ).filter(_where(stream, "journey__"))
    rows = rows.annotate(
        counted_borough=Coalesce(
            F("journey__funding_stream__borough_id"), F("client__team__borough_id")
        )
    )
    return rows.values("counted_borough", "partner_type", "status").annotate(  # type: ignore[return-value]
        this=Count("id", filter=Q(made_on__range=(periods.start, periods.end))),
        before=Count("id", filter=Q(made_on__range=(periods.before_start, periods.before_end))),
    )
