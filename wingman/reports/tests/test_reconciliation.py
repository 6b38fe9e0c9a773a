"""The monthly report of the demo's busiest borough and month, checked against direct counts over
the records: every hour, and every count the report shows."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from wingman.accounts.models import Borough
from wingman.assessments.choices import AssessmentState, ScaleKind
from wingman.assessments.models import Answer
from wingman.casework.choices import ClosureReason, ContactType
from wingman.casework.models import Contact, Journey
from wingman.core.pathways import Pathway
from wingman.referrals.choices import Source
from wingman.referrals.models import Referral
from wingman.reports import progress
from wingman.reports.monthly import month_bounds, monthly_report


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO(), stderr=StringIO(), scale=0.06, seed=7)
        yield
        transaction.set_rollback(True)


def of_borough(borough: Borough, stream: str = "funding_stream") -> Q:
    return Q(**{f"{stream}__borough": borough}) | Q(
        **{f"{stream}__isnull": True}, client__team__borough=borough
    )


def test_the_busiest_months_report_matches_the_records(seeded, db):
    busiest = (
        Contact.objects.filter(journey__funding_stream__isnull=False)
        .annotate(month=TruncMonth("occurred_on"))
        .values("journey__funding_stream__borough", "month")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    borough = Borough.objects.get(pk=busiest["journey__funding_stream__borough"])
    month = busiest["month"]
    month = month.date() if hasattr(month, "date") else month
    periods = month_bounds(month, month)
    within = {"occurred_on__range": (periods.start, periods.end)}
    report = monthly_report(borough=borough, start=month, end=month)
    sections = {s.title: s for s in report.sections}

    assert not Contact.also_for.through.objects.exists()  # the demo's contacts serve one stream
    funded = Contact.objects.filter(journey__funding_stream__borough=borough, **within)
    minutes = dict(funded.values_list("contact_type").annotate(m=Sum("minutes")))
    by_type = dict(sections["Hours of contact"].tables[0].rows)
    for kind in ContactType:
        assert by_type[str(kind.label)] == [round((minutes.get(kind.value) or 0) / 60, 1)]
    assert by_type["Total"] == [round(sum(minutes.values()) / 60, 1)]
    unfunded = Contact.objects.filter(
        journey__funding_stream__isnull=True, client__team__borough=borough, **within
    ).aggregate(m=Sum("minutes"))["m"]
    assert sections["Unfunded work"].tables[-1].rows[0][1] == [round((unfunded or 0) / 60, 1)]

    referrals = Referral.objects.filter(
        of_borough(borough), received_on__range=(periods.start, periods.end)
    )
    table = sections["Referrals"].tables[0]
    for source, (label, cells) in zip(Source, table.rows, strict=False):
        assert label == str(source.label)
        assert cells[0] in (None, referrals.filter(source=source).count())
    assert table.rows[-1][1][-1] in (None, referrals.count())

    journeys = Journey.objects.filter(funding_stream__borough=borough)
    accepted, closed = sections["Journeys"].tables[0].rows[:2]
    assert accepted[1][0] in (
        None,
        journeys.filter(opened_on__range=(periods.start, periods.end)).count(),
    )
    closed_in = journeys.filter(closed_on__range=(periods.start, periods.end))
    assert closed[1][0] in (None, closed_in.count())
    reasons = dict(sections["Journeys"].tables[2].rows)
    for reason in ClosureReason:
        assert reasons[str(reason.label)][0] in (
            None,
            closed_in.filter(closure_reason=reason).count(),
        )
    shown = [c for _, cells in table.rows for c in cells if c is not None]
    assert shown, "the busiest month shows some counts"

    # Distance travelled: per pathway, the young people of a funded journey of the borough open
    # in the month who were scored on at least two days by its end.
    open_in = journeys.filter(opened_on__lte=periods.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=periods.start)
    )
    twice = (
        Answer.objects.filter(
            assessment__client__in=open_in.values("client"),
            assessment__state=AssessmentState.RECORDED,
            assessment__assessed_on__lte=periods.end,
            question__scale=ScaleKind.LADDER,
            score__isnull=False,
        )
        .exclude(question__pathway="")
        .values("question__pathway", "assessment__client")
        .annotate(days=Count("assessment__assessed_on", distinct=True))
        .filter(days__gte=2)
    )
    per_pathway = Counter(row["question__pathway"] for row in twice)
    assert per_pathway, "the busiest month has young people scored twice"
    counted: Counter[str] = Counter()
    for row in progress.distance_rows(borough, periods):
        counted[row["pathway"]] += row["this"]
    assert counted == per_pathway
    distance = dict(sections["Distance travelled"].tables[0].rows)
    for pathway in Pathway:
        assert distance[str(pathway.label)][-1] in (None, per_pathway[pathway.value])
