"""Reading assessments: a client's assessments, distance travelled (each pathway's score over time
and the change since intake), when a review is due, and what the client record and the home page
show of them. Every query of client records starts from `.visible_to(viewer)`, and the number of
queries does not grow with the amount of data."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from wingman.accounts.scope import organisation_of
from wingman.casework.models import Journey
from wingman.core.pathways import Pathway
from wingman.people.models import Client

from .chart import line_chart, short_date, swatch
from .choices import AssessmentState, step_label
from .models import DEFAULT_REVIEW_WEEKS, Answer, Assessment, Instrument, ReviewSettings

HOME_LIST_LIMIT = 50
PATHWAY_ORDER = {code: n for n, code in enumerate(Pathway.values)}


def assessments_of(viewer: Any, client: Client) -> QuerySet[Assessment]:
    return (
        Assessment.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("instrument", "assessed_by")
        .order_by("-assessed_on", "-id")
    )


def earlier_answers(assessment: Assessment) -> list[Answer]:
    """The answers of the client's last recorded assessment before this one with the same
    instrument (none if there is none)."""
    earlier = (
        Assessment.objects.recorded()
        .filter(
            client_id=assessment.client_id,
            instrument_id=assessment.instrument_id,
            assessed_on__lte=assessment.assessed_on,
        )
        .exclude(pk=assessment.pk)
        .order_by("-assessed_on", "-id")
        .values("pk")[:1]
    )
    return list(Answer.objects.filter(assessment__in=earlier))


def instruments_for(viewer: Any, client: Client) -> list[Instrument]:
    """The instruments `viewer` may assess `client` with: active, Wingman's own or their
    organisation's, and for the client's age today."""
    age = client.age_on(timezone.localdate())
    return [i for i in Instrument.objects.usable_by(viewer) if i.fits_age(age)]


def review_weeks_for(organisation_id: int | None) -> int:
    if organisation_id is None:
        return DEFAULT_REVIEW_WEEKS
    weeks = (
        ReviewSettings.objects.filter(organisation_id=organisation_id)
        .values_list("review_weeks", flat=True)
        .first()
    )
    return int(weeks or DEFAULT_REVIEW_WEEKS)


# Distance travelled -----------------------------------------------------------------------


@dataclass
class PathwayLine:
    """One pathway's scores over time, and how far it has moved since the first (the intake)."""

    pathway: str
    label: str
    points: list[tuple[date, int]] = field(default_factory=list)
    own: dict[date, int] = field(default_factory=dict)
    index: int = 0

    @property
    def first(self) -> int | None:
        return self.points[0][1] if self.points else None

    @property
    def latest(self) -> int | None:
        return self.points[-1][1] if self.points else None

    @property
    def change(self) -> int | None:
        if len(self.points) < 2 or self.first is None or self.latest is None:
            return None
        return self.latest - self.first

    @property
    def change_words(self) -> str:
        """The change since the first score in words: +3, a minus sign and 1, or no change."""
        change = self.change
        if change is None:
            return "Only one score so far" if self.points else "Not scored"
        if change == 0:
            return "No change"
        return f"+{change}" if change > 0 else f"\u2212{-change}"

    @property
    def latest_words(self) -> str:
        return step_label(self.latest)

    @property
    def swatch(self) -> SafeString:
        return swatch(self.index)


@dataclass
class Distance:
    lines: list[PathwayLine]
    dates: list[date]
    chart: SafeString | None
    table_id: str

    @property
    def date_columns(self) -> list[dict[str, Any]]:
        return [{"day": d, "short": short_date(d)} for d in self.dates]

    def rows(self) -> list[dict[str, Any]]:
        """The chart's text alternative: each pathway's score on each date."""
        out = []
        for line in self.lines:
            scores = dict(line.points)
            cells = []
            for day in self.dates:
                score = scores.get(day)
                own = line.own.get(day)
                text = str(score) if score is not None else "–"
                if own is not None:
                    text += f" (own {own})"
                cells.append({"day": day, "short": short_date(day), "text": text})
            out.append({"line": line, "cells": cells})
        return out


def distance_travelled(viewer: Any, client: Client, *, table_id: str = "distance") -> Distance:
    """Every pathway's ladder score over the client's recorded assessments, oldest first. One
    query whatever the data."""
    answers = (
        Answer.objects.visible_to(viewer)
        .filter(
            assessment__client=client,
            assessment__state=AssessmentState.RECORDED,
            question__scale="ladder",
            score__isnull=False,
        )
        .exclude(question__pathway="")
        .values_list("question__pathway", "assessment__assessed_on", "score", "own_score")
        .order_by("assessment__assessed_on", "assessment_id")
    )
    lines: dict[str, PathwayLine] = {}
    for pathway, day, score, own in answers:
        if score is None:
            continue
        line = lines.get(pathway)
        if line is None:
            label = str(Pathway(pathway).label) if pathway in Pathway.values else pathway
            line = lines[pathway] = PathwayLine(pathway=pathway, label=label)
        # Two assessments on one day: the later one stands.
        if line.points and line.points[-1][0] == day:
            line.points[-1] = (day, score)
        else:
            line.points.append((day, score))
        if own is not None:
            line.own[day] = own
    ordered = sorted(lines.values(), key=lambda line: PATHWAY_ORDER.get(line.pathway, 99))
    for n, line in enumerate(ordered):
        line.index = n
    dates = sorted({day for line in ordered for day, _ in line.points})
    chart = (
        line_chart(
            [(line.label, line.points) for line in ordered],
            title="Each pathway's score over time, from 1 (not safe) to 10 (secure)",
            described_by=table_id,
        )
        if dates
        else None
    )
    return Distance(lines=ordered, dates=dates, chart=chart, table_id=table_id)


# When a review is due ---------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    kind: str  # "intake" or "review"
    on: date
    last: date | None

    @property
    def words(self) -> str:
        return "Intake due" if self.kind == "intake" else "Review due"


def due_for(journey: Journey | None, last: date | None, weeks: int) -> Due | None:
    """When the next assessment of an open journey falls due: the intake when it opens, then a
    review `weeks` after the last assessment."""
    if journey is None or not journey.is_open:
        return None
    if last is None:
        return Due(kind="intake", on=journey.opened_on, last=None)
    return Due(kind="review", on=last + timedelta(weeks=weeks), last=last)


def last_recorded_on() -> Subquery:
    """For a query of journeys: the date of each one's last recorded assessment (None if none
    is recorded), to annotate them with."""
    return Subquery(
        Assessment.objects.filter(journey=OuterRef("pk"), state=AssessmentState.RECORDED)
        .order_by()
        .values("journey")
        .annotate(last=Max("assessed_on"))
        .values("last")[:1]
    )


def reviews_due(viewer: Any, *, today: date) -> tuple[list[dict[str, Any]], int]:
    """The viewer's own caseload's open journeys whose intake or review is due by today, the
    longest overdue first (at most HOME_LIST_LIMIT), and how many there are."""
    weeks = review_weeks_for(organisation_of(viewer))
    started = Assessment.objects.filter(journey=OuterRef("pk"), state=AssessmentState.STARTED)
    qs = (
        Journey.objects.visible_to(viewer)
        .open()
        .filter(client__caseworker=viewer)
        .annotate(last=last_recorded_on(), started=Exists(started))
        .filter(Q(last__isnull=True) | Q(last__lte=today - timedelta(weeks=weeks)))
        .select_related("client")
        .order_by("last", "opened_on", "id")
    )
    journeys = list(qs[:HOME_LIST_LIMIT])
    count = len(journeys) if len(journeys) < HOME_LIST_LIMIT else qs.count()
    rows = []
    for journey in journeys:
        due = due_for(journey, journey.last, weeks)
        assert due is not None
        rows.append(
            {"journey": journey, "client": journey.client, "due": due, "started": journey.started}
        )
    rows.sort(key=lambda r: (r["due"].on, r["client"].pk))
    return rows, count


# What other pages show --------------------------------------------------------------------


def for_client_record(viewer: Any, client: Any) -> dict[str, Any]:
    """What the client record shows: the last assessment, when the next is due, and distance
    travelled (the chart, its table and the change per pathway since intake)."""
    distance = distance_travelled(viewer, client, table_id="record-distance")
    latest = assessments_of(viewer, client).first()
    journey = (
        Journey.objects.visible_to(viewer)
        .open()
        .filter(client=client)
        .annotate(last=last_recorded_on())
        .order_by("-opened_on", "-id")
        .first()
    )
    due = None
    if journey is not None:
        due = due_for(journey, journey.last, review_weeks_for(organisation_of(viewer)))
    return {
        "distance": distance,
        "latest": latest,
        "due": due,
        "url": reverse("assessments:client", args=[client.pk]),
        "new_url": reverse("assessments:new", args=[client.pk]),
    }


def for_home(viewer: Any, *, today: date) -> dict[str, Any]:
    """The caseworker's own caseload's intakes and reviews due by today."""
    rows, count = reviews_due(viewer, today=today)
    return {
        "due": rows,
        "count": count,
        "client_ids": [r["client"].pk for r in rows],
    }
