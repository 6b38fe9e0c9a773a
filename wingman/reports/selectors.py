"""Aggregates only: counts and hours, never a name. Funded and unfunded work are counted apart."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, Sum

from wingman.accounts.models import Borough
from wingman.casework.choices import Stage
from wingman.casework.models import Contact, Journey
from wingman.referrals.models import Referral


@dataclass
class BoroughFigures:
    borough: Borough
    since: date
    referrals: int
    journeys_by_stage: dict[str, dict[str, int]]
    contact_hours_funded: float
    contact_hours_unfunded: float


def borough_figures(borough: Borough, *, today: date, days: int = 365) -> BoroughFigures:
    """The last `days` of work by the teams in one borough."""
    since = today - timedelta(days=days)
    in_borough = Q(client__team__borough=borough)
    referrals = Referral.objects.filter(in_borough, received_on__gt=since).count()
    rows = (
        Journey.objects.filter(in_borough)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=since))
        .values("stage")
        .annotate(
            funded=Count("id", filter=Q(funding_stream__isnull=False)),
            unfunded=Count("id", filter=Q(funding_stream__isnull=True)),
        )
    )
    by_stage: dict[str, dict[str, int]] = {
        str(label): {"funded": 0, "unfunded": 0} for label in Stage.labels
    }
    for row in rows:
        by_stage[str(Stage(row["stage"]).label)] = {
            "funded": row["funded"],
            "unfunded": row["unfunded"],
        }
    minutes: dict[str, Any] = Contact.objects.filter(in_borough, occurred_on__gt=since).aggregate(
        funded=Sum("minutes", filter=Q(journey__funding_stream__isnull=False)),
        unfunded=Sum("minutes", filter=Q(journey__funding_stream__isnull=True)),
    )
    return BoroughFigures(
        borough=borough,
        since=since,
        referrals=referrals,
        journeys_by_stage=by_stage,
        contact_hours_funded=round((minutes["funded"] or 0) / 60, 1),
        contact_hours_unfunded=round((minutes["unfunded"] or 0) / 60, 1),
    )
