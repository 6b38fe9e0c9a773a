"""The monthly report's distance travelled per pathway and proven reoffending, and the unit costs
every export carries.

The selectors give rows in the shape of every report selector (`selectors`): `counted_borough`,
`stream_id` (None for unfunded work), the row's keys, and `this` / `before`, the count for the
report period and for the month before. Both are read for one borough and all its streams at
once, in a fixed number of queries whatever the data (no query per client), and are not scoped
to a viewer: a report is an aggregate for the organisation.

**Distance travelled.** The young people whose funded journey (of the report's stream, or any
stream of the borough) was open at any time in the period, and each pathway's ladder scores up
to the period's end (the month before: up to its end). A young person scored on at least two
days in a pathway has moved up, stayed the same or moved down between their first and their
latest score (two assessments on one day: the later stands, as on their own record). A young
person counts once per pathway, for one stream of a borough (that of their journey opened last
among those open in the period), so a borough's counts are the sum of its streams'.

**Proven reoffending.** The Ministry of Justice rule (`evaluation.reoffending`), from each young
person's follow-up start (`offending.selectors`: the earliest of their journeys, counted where
that journey is counted: its stream's borough, or the borough of the client's team for unfunded
work). The cohort of a period is everyone whose follow-up started in it, as known at the period's
end (today, if earlier): an offence counts once its outcome is dated by then.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce

from wingman.accounts.models import Borough
from wingman.assessments.choices import AssessmentState, ScaleKind
from wingman.assessments.models import Answer
from wingman.casework.choices import Stage
from wingman.casework.models import Journey, StageChange
from wingman.core.dates import when
from wingman.core.pathways import Pathway
from wingman.costs.models import UnitCost
from wingman.evaluation import reoffending as rule
from wingman.offending.models import Offence
from wingman.offending.selectors import OFFENCE_VALUES, as_rule_offence, people_of

from .document import Cell, Section, Table
from .selectors import BEFORE, THIS, Periods
from .suppression import Threshold, percentage

UP, SAME, DOWN = "up", "same", "down"
MOVES = (UP, SAME, DOWN)
MOVE_LABELS = ["Moved up", "Stayed the same", "Moved down"]
COHORTS = (rule.ADULT, rule.JUVENILE)
COHORT_LABELS = {rule.ADULT: "Adult (18 and over)", rule.JUVENILE: "Juvenile (10 to 17)"}
YES, NO = "yes", "no"

# The table maker `monthly.monthly_report` hands in: grouped rows as a grid, a grid as a
# suppressed count table, and whether a row is the report's own (its borough, and its stream).
Grid = Callable[..., Any]
Counts = Callable[..., Table]
Mine = Callable[[dict[str, Any]], bool]


def _open_between(start: date, end: date) -> Q:
    return Q(opened_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))


def _move(change: int) -> str:
    return UP if change > 0 else DOWN if change < 0 else SAME


# Distance travelled -----------------------------------------------------------------------


def distance_rows(borough: Borough, periods: Periods) -> list[dict[str, Any]]:
    """Per stream of `borough`, pathway and move (up, same, down): how many young people scored
    at least twice by the period's end moved so, and `change_this` / `change_before`, the sum of
    their changes (for the average). Two queries."""
    journeys = Journey.objects.filter(
        _open_between(periods.before_start, periods.end), funding_stream__borough=borough
    )
    ends = {THIS: periods.end, BEFORE: periods.before_end}
    starts = {THIS: periods.start, BEFORE: periods.before_start}
    # (borough, client) -> stream, for each period: the journey opened last among those open.
    members: dict[str, dict[tuple[int, int], int]] = {THIS: {}, BEFORE: {}}
    for client_id, stream_id, borough_id, opened_on, closed_on in journeys.order_by(
        "opened_on", "id"
    ).values_list(
        "client_id", "funding_stream_id", "funding_stream__borough_id", "opened_on", "closed_on"
    ):
        for period in (THIS, BEFORE):
            if opened_on <= ends[period] and (closed_on is None or closed_on >= starts[period]):
                members[period][(borough_id, client_id)] = stream_id

    answers = (
        Answer.objects.filter(
            assessment__client__in=journeys.values("client_id"),
            assessment__state=AssessmentState.RECORDED,
            assessment__assessed_on__lte=periods.end,
            question__scale=ScaleKind.LADDER,
            score__isnull=False,
        )
        .exclude(question__pathway="")
        .order_by("assessment__assessed_on", "assessment_id")
        .values_list(
            "assessment__client_id", "question__pathway", "assessment__assessed_on", "score"
        )
    )
    # Per young person and pathway, in one pass over the scores in date order: the first
    # score, and the number of days scored and the latest score by each period's end (two
    # assessments on one day: the later stands).
    before_end = ends[BEFORE]
    lines: dict[tuple[int, str], list[Any]] = {}
    for client_id, pathway, day, score in answers:
        if score is None:
            continue
        line = lines.get((client_id, pathway))
        if line is None:
            lines[(client_id, pathway)] = [
                score,
                day,
                score,
                1,
                *((score, 1) if day <= before_end else (None, 0)),
            ]
            continue
        _first, last_day, _latest, days, _latest_before, days_before = line
        if day != last_day:
            line[3] = days + 1
            if day <= before_end:
                line[5] = days_before + 1
        elif days == 1:
            line[0] = score  # a later assessment on the first day
        line[1], line[2] = day, score
        if day <= before_end:
            line[4] = score
    by_client: dict[int, list[tuple[str, list[Any]]]] = defaultdict(list)
    for (client_id, pathway), line in lines.items():
        by_client[client_id].append((pathway, line))

    found: dict[tuple[int, int, str, str], dict[str, Any]] = {}
    for period in (THIS, BEFORE):
        for (borough_id, client_id), stream_id in members[period].items():
            for pathway, (first, _day, latest, days, latest_before, days_before) in by_client.get(
                client_id, ()
            ):
                if period == BEFORE:
                    latest, days = latest_before, days_before
                if days < 2:
                    continue
                change = latest - first
                key = (borough_id, stream_id, pathway, _move(change))
                row = found.setdefault(
                    key,
                    {
                        "counted_borough": borough_id,
                        "stream_id": stream_id,
                        "pathway": pathway,
                        "move": key[3],
                        THIS: 0,
                        BEFORE: 0,
                        "change_this": 0,
                        "change_before": 0,
                    },
                )
                row[period] += 1
                row[f"change_{period}"] += change
    return list(found.values())


def distance_section(
    rows: Iterable[dict[str, Any]],
    *,
    mine: Mine,
    threshold: Threshold,
    grid: Grid,
    counts: Counts,
) -> Section:
    rows = list(rows)
    pathways = list(Pathway.values)
    table = counts(
        "Young people scored at least twice, by pathway and how their score moved",
        grid(rows, pathways, list(MOVES), row_of="pathway", column_of="move"),
        [str(label) for label in Pathway.labels],
        MOVE_LABELS,
        row_heading="Pathway",
        adds_up_over_time=False,
        unfunded=False,
        note=(
            "A young person counts once in each pathway they have been scored in at least "
            "twice, so the total row counts pathways scored, not young people. Moved up, "
            "stayed the same or moved down: their latest score by the end of the period "
            "against their first."
        ),
    )
    table = replace(table, columns=[*MOVE_LABELS, "Scored at least twice"])
    change: dict[str, int] = defaultdict(int)
    for row in rows:
        if mine(row):
            change[row["pathway"]] += row["change_this"]
    averages: list[tuple[str, list[Cell]]] = []
    for pathway, (label, cells) in zip(pathways, table.rows, strict=False):
        over = cells[-1]
        shown = isinstance(over, int) and over >= threshold.below
        averages.append(
            (label, [round(change[pathway] / over, 1) if shown and isinstance(over, int) else None])
        )
    average = Table(
        title="Average change in score between the first and the latest, by pathway",
        row_heading="Pathway",
        columns=["Average change"],
        rows=averages,
        unit="points on the ladder of 1 to 10",
        note=(
            "An average is shown only where the number of young people it is over is shown "
            f"and is at least {threshold.below}; otherwise [c]."
        ),
    )
    return Section(
        "Distance travelled",
        [table, average],
        intro=(
            "Young people whose funded journey was open at any time in the period, by each "
            "pathway's score on the needs ladder, from 1 (not safe) to 10 (secure)."
        ),
    )


# Proven reoffending -----------------------------------------------------------------------


def _known(offences: list[rule.Offence], on: date) -> list[rule.Offence]:
    """The offences as known on `on`: committed by then, an outcome dated later not yet known."""
    return [
        o
        if o.disposal_on is None or o.disposal_on <= on
        else replace(o, disposal=None, disposal_on=None)
        for o in offences
        if o.committed_on <= on
    ]


def as_of(periods: Periods, today: date) -> dict[str, date]:
    """The day each period's cohort is known on: its end, or today if earlier."""
    return {THIS: min(periods.end, today), BEFORE: min(periods.before_end, today)}


def reoffending_rows(borough: Borough, periods: Periods, *, today: date) -> list[dict[str, Any]]:
    """Per stream of `borough` (None: unfunded), cohort (adult, juvenile) and `reoffended` (yes,
    no): how many young people's follow-up started in the period, with `reoffences_this` /
    `reoffences_before` (proven reoffences) and `provisional_this` / `provisional_before` (any
    member's figure provisional). Two queries.

    Only the young people whose follow-up could start in the two months are read: a follow-up
    starts on the day a journey opened or its young person was released, so theirs are those
    with a journey counted for the borough that opened, or saw a release, in the months. All
    their journeys are read, as an earlier one elsewhere starts their follow-up instead."""
    organisation = borough.organisation
    journeys = Journey.objects.filter(client__team__borough__organisation=organisation).annotate(
        counted_borough=Coalesce(F("funding_stream__borough_id"), F("client__team__borough_id"))
    )
    window = (periods.before_start, periods.end)
    released = StageChange.objects.filter(
        journey=OuterRef("pk"), to_stage=Stage.RELEASE_DAY, on__range=window
    )
    could_start = journeys.filter(counted_borough=borough.pk).filter(
        Q(opened_on__range=window) | Q(released_on__range=window) | Q(Exists(released))
    )
    candidates = could_start.values("client_id")
    people = people_of(
        journeys.filter(client_id__in=candidates), fields=("counted_borough", "funding_stream_id")
    )
    known_on = as_of(periods, today)
    offences: dict[int, list[rule.Offence]] = defaultdict(list)
    for row in (
        Offence.objects.filter(
            client_id__in=candidates,
            committed_on__range=(periods.before_start, max(known_on.values())),
        )
        .order_by("committed_on", "id")
        .values(*OFFENCE_VALUES)
    ):
        offences[row["client_id"]].append(as_rule_offence(row))
    starts = {
        THIS: (periods.start, periods.end),
        BEFORE: (periods.before_start, periods.before_end),
    }
    found: dict[tuple[int, int | None, str, str], dict[str, Any]] = {}
    for person in people.values():
        if person.start is None or person.born_on is None:
            continue
        if person.of["counted_borough"] != borough.pk:
            continue
        stream_id = person.of["funding_stream_id"]
        period = next(
            (p for p, (first, last) in starts.items() if first <= person.start.on <= last), None
        )
        if period is None or person.start.on > known_on[period]:
            continue
        try:
            result = rule.person_reoffending(
                starts_on=person.start.on,
                born_on=person.born_on,
                offences=_known(offences.get(person.client_id, []), known_on[period]),
                today=known_on[period],
            )
        except ValueError:  # under 10 at the start: in neither cohort
            continue
        key = (
            person.of["counted_borough"],
            stream_id,
            result.cohort,
            YES if result.reoffended else NO,
        )
        row = found.setdefault(
            key,
            {
                "counted_borough": key[0],
                "stream_id": stream_id,
                "cohort": result.cohort,
                "reoffended": key[3],
                THIS: 0,
                BEFORE: 0,
                "reoffences_this": 0,
                "reoffences_before": 0,
                "provisional_this": False,
                "provisional_before": False,
            },
        )
        row[period] += 1
        row[f"reoffences_{period}"] += result.reoffences
        row[f"provisional_{period}"] |= result.provisional
    return list(found.values())


def reoffending_section(
    rows: Iterable[dict[str, Any]],
    *,
    mine: Mine,
    threshold: Threshold,
    known_on: date,
    grid: Grid,
    counts: Counts,
) -> Section:
    rows = list(rows)
    table = counts(
        "Young people whose follow-up started in the period, by cohort",
        grid(rows, list(COHORTS), [YES, NO], row_of="cohort", column_of="reoffended"),
        [COHORT_LABELS[c] for c in COHORTS],
        ["Reoffended (proven)", "Not proven to have reoffended"],
        row_heading="Cohort",
        note=(
            "A young person is counted once, from the first start of their follow-up: release "
            "from custody, or the start of the work in the community, where that journey is "
            "counted (a borough's report includes work no funding stream pays for, in the "
            "borough of the young person's team)."
        ),
    )
    table = replace(
        table,
        columns=["Reoffended (proven)", "Not proven to have reoffended", "People in the cohort"],
    )
    reoffences: dict[str, int] = defaultdict(int)
    provisional: dict[str, bool] = defaultdict(bool)
    people: dict[str, int] = defaultdict(int)
    for row in rows:
        if mine(row):
            reoffences[row["cohort"]] += row["reoffences_this"]
            provisional[row["cohort"]] |= row["provisional_this"]
            people[row["cohort"]] += row[THIS]
    figures: list[tuple[str, list[Cell]]] = []
    for cohort, (label, cells) in zip(COHORTS, table.rows, strict=False):
        reoffended, cohort_size = cells[0], cells[-1]
        if people[cohort] == 0:
            figures.append((label, ["No one", "No one", "No cohort"]))
            continue
        shown = (
            isinstance(cohort_size, int)
            and isinstance(reoffended, int)
            and cohort_size >= threshold.below
        )
        figures.append(
            (
                label,
                [
                    percentage(
                        reoffended if isinstance(reoffended, int) else None,
                        cohort_size if shown and isinstance(cohort_size, int) else None,
                        threshold,
                    ),
                    reoffences[cohort] if shown else None,
                    "Provisional" if provisional[cohort] else "Final",
                ],
            )
        )
    rates = Table(
        title="Proven reoffending rate and proven reoffences, by cohort",
        row_heading="Cohort",
        columns=["Rate (proven)", "Proven reoffences", "Figures"],
        rows=figures,
        note=(
            f"A cohort's rate and reoffences are shown only where it is shown and at least "
            f"{threshold.below} young people, and how many reoffended is shown; otherwise [c]."
        ),
    )
    return Section(
        "Proven reoffending",
        [table, rates],
        intro=(
            f"By the Ministry of Justice rule, as known on {when(known_on, year=True)}: an offence "
            f"committed in the {rule.FOLLOW_UP_MONTHS} months from the start of the follow-up "
            "that is proven (a conviction, caution, reprimand or warning) in those months or a "
            f"further {rule.WAITING_MONTHS}-month waiting period. Adults and juveniles are never "
            "pooled. Figures are provisional until the follow-up and the waiting period are over "
            "for everyone in the cohort: until then they can only rise."
        ),
    )


def sections(
    *,
    borough: Borough,
    periods: Periods,
    mine: Mine,
    threshold: Threshold,
    grid: Grid,
    counts: Counts,
    today: date,
) -> list[Section]:
    """Distance travelled, proven reoffending and the unit costs, as the report's sections.
    Five queries."""
    return [
        distance_section(
            distance_rows(borough, periods),
            mine=mine,
            threshold=threshold,
            grid=grid,
            counts=counts,
        ),
        reoffending_section(
            reoffending_rows(borough, periods, today=today),
            mine=mine,
            threshold=threshold,
            known_on=as_of(periods, today)[THIS],
            grid=grid,
            counts=counts,
        ),
        unit_costs_section(on=today),
    ]


# Unit costs -------------------------------------------------------------------------------


def _amount(cost: UnitCost) -> str:
    """In pounds (pence only where there are any), but a number of clients as a number, as on
    the unit costs page."""
    figure = f"{cost.amount:,.2f}" if cost.amount % 1 else f"{cost.amount:,.0f}"
    return figure if cost.key.startswith("clients_") else f"£{figure}"


def unit_costs_section(*, on: date) -> Section:
    """The version of each unit cost in force on `on`, with what it is per, its price year and
    its source. One query."""
    costs = sorted(UnitCost.objects.valid_on(on).values(), key=lambda c: c.key)
    return Section(
        "Unit costs",
        [
            Table(
                title=f"Unit costs in force on {when(on, year=True)}",
                row_heading="What",
                columns=["Amount", "Per", "Price year", "Source"],
                rows=[(c.label, [_amount(c), c.unit, c.price_year, c.source]) for c in costs],
            )
        ],
        intro=(
            "The figures costs and benefits are priced with, each a published figure with its "
            "source and price year. An issued report keeps the figures it was issued with."
            if costs
            else "No unit costs are recorded."
        ),
    )
