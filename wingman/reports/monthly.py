"""The monthly report for one borough (and perhaps one of its funding streams) over a period of
whole months, as a `document.Report` whose small numbers are already hidden.

Counts of young people are hidden by the organisation's preset, each table together with the
same table of the borough and of each of its funding streams, and of the month before (and, for
counts that add up over time, the two months together), so that no hidden count can be had by
taking one stream's report from the borough's or one month from another
(`suppression.suppress_linked`): a borough's report and its streams' reports hide the same
numbers. Hours are not counts of people and are shown whole. A fixed number of queries, whatever
the number of records: one per table for the borough and all its streams at once, three for the
hours, three for all its streams' indicators."""

from calendar import monthrange
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from wingman.accounts.models import Borough
from wingman.casework.choices import ClosureReason, ContactType, PartnerReferralStatus, PartnerType
from wingman.core.pathways import Pathway
from wingman.outcomes.selectors import streams_results
from wingman.referrals.choices import Source
from wingman.referrals.models import FundingStream

from . import hours, progress, selectors
from .document import Cell, Report, Section, Table
from .models import SplitRule
from .selectors import Periods
from .services import settings_of
from .suppression import Link, Published, Threshold, percentage, suppress_linked

# Which figures a table is of: the borough's, a stream's (by id), or the borough's work that no
# stream pays for (never published on its own where the borough's figure includes it).
BOROUGH, UNFUNDED = "borough", None
Version = int | str | None
Counts = dict[Version, dict[str, list[list[int]]]]  # version -> period -> cells


def month_bounds(start: date, end: date) -> Periods:
    """The first day of `start`'s month to the last of `end`'s, and the month before it."""
    first = start.replace(day=1)
    last = end.replace(day=monthrange(end.year, end.month)[1])
    before_end = first - timedelta(days=1)
    return Periods(first, last, before_end.replace(day=1), before_end)


def _grid(
    rows: Iterable[dict[str, Any]],
    stream_ids: list[int],
    row_keys: list[Any],
    column_keys: list[Any],
    *,
    row_of: str | None,
    column_of: str | None = None,
) -> Counts:
    """Grouped counts of one borough as a table per stream (and one of its unfunded work), for
    the period and the month before."""
    grid: Counts = {
        v: {p: [[0] * len(column_keys) for _ in row_keys] for p in ("this", "before")}
        for v in [*stream_ids, UNFUNDED]
    }
    r_at = {k: i for i, k in enumerate(row_keys)}
    c_at = {k: i for i, k in enumerate(column_keys)}
    for row in rows:
        v = row["stream_id"]
        r = r_at.get(row[row_of]) if row_of else 0
        c = c_at.get(row[column_of]) if column_of else 0
        if v not in grid or r is None or c is None:
            continue
        for period in ("this", "before"):
            grid[v][period][r][c] += row[period]
    return grid


def _plus(a: list[list[int]], b: list[list[int]]) -> list[list[int]]:
    return [[x + y for x, y in zip(p, q, strict=True)] for p, q in zip(a, b, strict=True)]


def _suppressed(
    grid: Counts,
    version: Version,
    threshold: Threshold,
    *,
    adds_up_over_time: bool,
    unfunded: bool,
) -> Published:
    """The table of `version` (the borough's, or one stream's), hidden together with the month
    before's (and, for counts that add up over time, the two months together), and with the same
    table of the borough and of each of its streams: so that no hidden number can be worked out
    from this report, the month before's, and the borough's and its streams' reports.

    The borough's table is its streams' added up. Where it also counts work no stream pays for
    (`unfunded`), which no report shows apart, that work is a table a reader knows nothing of: it
    takes up whatever the borough's figure and its streams' differ by, so it links them by no
    equation, and each is hidden beside its own months alone (`test_joint_suppression` proves it).
    The other boroughs' tables add no equation either unless an organisation total is published
    beside them, which no report does."""
    streams: list[Version] = [v for v in grid if v is not UNFUNDED]

    def cells_of(v: Version, period: str) -> list[list[int]]:
        if v != BOROUGH:
            return grid[v][period]
        total = [[0] * len(row) for row in grid[UNFUNDED][period]]
        for part in [*streams, UNFUNDED] if unfunded else streams:
            total = _plus(total, grid[part][period])
        return total

    tables: list[list[list[int]]] = []
    at: dict[tuple[Version, str], int] = {}
    links: list[Link] = []
    for v in [version] if unfunded else [*streams, BOROUGH]:
        for period in ("this", "before"):
            at[(v, period)] = len(tables)
            tables.append(cells_of(v, period))
        if adds_up_over_time:
            at[(v, "both")] = len(tables)
            tables.append(_plus(tables[at[(v, "this")]], tables[at[(v, "before")]]))
            links.append(Link(at[(v, "both")], (at[(v, "this")], at[(v, "before")])))
    if not unfunded:
        for period in ("this", "before", "both") if adds_up_over_time else ("this", "before"):
            links.append(Link(at[(BOROUGH, period)], tuple(at[(s, period)] for s in streams)))
    return suppress_linked(tables, threshold, links)[at[(version, "this")]]


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def monthly_report(
    *, borough: Borough, funding_stream: FundingStream | None = None, start: date, end: date
) -> Report:
    """The report for `borough` (one stream of it, if given) from the first day of `start`'s
    month to the last day of `end`'s."""
    organisation = borough.organisation
    settings = settings_of(organisation)
    threshold = settings.threshold
    periods = month_bounds(start, end)
    all_streams = selectors.streams_of(organisation)
    # Every table is hidden jointly with the borough's and each of its streams' (`_suppressed`).
    ids = [s.pk for s in all_streams if s.borough_id == borough.pk]
    streams = [s for s in all_streams if s.pk in ids]
    version: Version = BOROUGH
    if funding_stream is not None:
        streams = [s for s in streams if s.pk == funding_stream.pk]
        version = funding_stream.pk

    def mine(row: dict[str, Any]) -> bool:
        return row["counted_borough"] == borough.pk and (
            funding_stream is None or row["stream_id"] == funding_stream.pk
        )

    def counts(title: str, grid: Counts, labels: list[str], columns: list[str], **kw: Any) -> Table:
        published = _suppressed(
            grid,
            version,
            threshold,
            adds_up_over_time=kw.pop("adds_up_over_time", True),
            unfunded=kw.pop("unfunded", True),
        )
        return Table.of_counts(
            title,
            row_heading=kw.pop("row_heading"),
            row_labels=labels,
            columns=columns,
            published=published,
            **kw,
        )

    referrals = _grid(
        selectors.referrals_by_source(borough, periods),
        ids,
        list(Source.values),
        [None],
        row_of="source",
    )
    sections = [
        Section(
            "Referrals",
            [
                counts(
                    "Referrals received, by who referred",
                    referrals,
                    [str(x) for x in Source.labels],
                    ["Referrals"],
                    row_heading="Who referred",
                    chart=True,
                )
            ],
        )
    ]

    def journeys(funded: bool) -> tuple[Table, Table, Table]:
        opened = _grid(
            selectors.journeys_opened(borough, periods, funded=funded),
            ids,
            [None],
            [None],
            row_of=None,
        )
        active = _grid(
            selectors.journeys_active(borough, periods, funded=funded),
            ids,
            [None],
            [None],
            row_of=None,
        )
        closed = _grid(
            selectors.journeys_closed(borough, periods, funded=funded),
            ids,
            list(ClosureReason.values),
            [None],
            row_of="closure_reason",
        )
        word = "" if funded else "Unfunded: "
        flow = {
            v: {p: [opened[v][p][0], [sum(r[0] for r in closed[v][p])]] for p in ("this", "before")}
            for v in opened
        }
        table = counts(
            f"{word}Journeys accepted and closed",
            flow,
            ["Accepted", "Closed"],
            ["Young people"],
            row_heading="Journeys",
            unfunded=not funded,
        )
        open_table = counts(
            f"{word}Journeys open on the last day",
            active,
            ["Open"],
            ["Young people"],
            row_heading="Journeys",
            adds_up_over_time=False,
            unfunded=not funded,
        )
        reasons = counts(
            f"{word}Journeys closed, by reason",
            closed,
            [str(x) for x in ClosureReason.labels],
            ["Young people"],
            row_heading="Reason",
            unfunded=not funded,
        )
        return table, open_table, reasons

    funded_tables = journeys(True)
    sections.append(Section("Journeys", list(funded_tables)))

    # Hours, split between the streams each contact served, then between its pathways.
    rows = hours.contact_rows(
        organisation=organisation, start=periods.start, end=periods.end, borough=borough
    )
    places = {s.pk: s.capacity for s in all_streams}
    wanted = {s.pk for s in streams}
    by_type = dict.fromkeys(ContactType.values, 0)
    by_pathway = dict.fromkeys([*Pathway.values, hours.NO_PATHWAY], 0)
    unfunded_minutes = 0
    for part in hours.parts(rows, rule=settings.split_rule, places=places):
        if part.stream_id is None:
            if funding_stream is None and part.contact.team_borough_id == borough.pk:
                unfunded_minutes += part.minutes
            continue
        if part.stream_id in wanted:
            by_type[part.contact.contact_type] += part.minutes
            by_pathway[part.pathway] += part.minutes
    hours_note = (
        "Hours are not counts of young people and are shown whole. A contact that served "
        "several funding streams is split between them "
        + ("equally" if settings.split_rule == SplitRule.EQUAL else "by each stream's places")
        + ", and each part equally between the contact's pathways, in whole minutes."
    )
    sections.append(
        Section(
            "Hours of contact",
            [
                _hours_table(
                    "Hours by type of contact",
                    "Type of contact",
                    [(str(ContactType(k).label), v) for k, v in by_type.items()],
                    hours_note,
                ),
                _hours_table(
                    "Hours by pathway",
                    "Pathway",
                    [
                        (
                            str(Pathway(k).label)
                            if k != hours.NO_PATHWAY
                            else "No pathway recorded",
                            v,
                        )
                        for k, v in by_pathway.items()
                    ],
                    hours_note,
                ),
            ],
        )
    )

    partners = _grid(
        selectors.partner_referrals(borough, periods),
        ids,
        list(PartnerType.values),
        list(PartnerReferralStatus.values),
        row_of="partner_type",
        column_of="status",
    )
    sections.append(
        Section(
            "Partner referrals",
            [
                counts(
                    "Partner referrals made, by partner and where they stand",
                    partners,
                    [str(x) for x in PartnerType.labels],
                    [str(x) for x in PartnerReferralStatus.labels],
                    row_heading="Partner",
                )
            ],
        )
    )

    indicators: list[Table] = []
    results_of = streams_results(streams, today=min(periods.end, timezone.localdate()))
    for stream in streams:
        results = results_of[stream.pk]
        if not results:
            continue
        indicators.append(
            Table(
                title=f"{stream.name}: outcomes against indicators",
                row_heading="Indicator",
                columns=["Result", "Target", "Met"],
                rows=[
                    (
                        f"{r.assignment.indicator.name} ({r.assignment.period_start:%b %Y} to "
                        f"{r.assignment.period_end:%b %Y})",
                        [
                            None if threshold.hides(r.result) else r.result,
                            r.assignment.target,
                            "In progress" if r.in_progress else ("Yes" if r.met else "No"),
                        ],
                    )
                    for r in results
                ],
            )
        )
    sections.append(Section("Outcomes", indicators, intro="" if indicators else "No indicators."))

    if funding_stream is None:
        unfunded_journeys = journeys(False)
        sections.append(
            Section(
                "Unfunded work",
                [
                    *unfunded_journeys,
                    _hours_table(
                        "Unfunded hours",
                        "Work",
                        [("Unfunded", unfunded_minutes)],
                        "Work no funding stream pays for, done anyway.",
                    ),
                ],
                intro="Work with young people no funding stream covers, shown apart.",
            )
        )

    def grid(rows: Iterable[dict[str, Any]], *keys: list[Any], **kw: Any) -> Counts:
        return _grid(rows, ids, *keys, **kw)

    sections += progress.sections(
        borough=borough,
        periods=periods,
        mine=mine,
        threshold=threshold,
        grid=grid,
        counts=counts,
        today=timezone.localdate(),
    )
    accepted = funded_tables[0].rows[0][1][0]
    closed = funded_tables[0].rows[1][1][0]
    notes = [
        f"{threshold.name}, shown as [c], and further numbers hidden so that none can be worked "
        "out from this report, the borough's and its funding streams' reports, and the month "
        "before's.",
        hours_note,
        "Closed as a share of accepted: "
        + percentage(
            closed if isinstance(closed, int) else None,
            accepted if isinstance(accepted, int) else None,
            threshold,
        ),
    ]
    return Report(
        title=f"{borough.name}: monthly report",
        organisation=organisation.name,
        borough=borough.name,
        funding_stream=funding_stream.name if funding_stream else None,
        period_start=periods.start,
        period_end=periods.end,
        generated_at=timezone.now(),
        threshold=threshold.name,
        sections=sections,
        notes=notes,
    )


def _hours_table(title: str, heading: str, rows: list[tuple[str, int]], note: str) -> Table:
    total = sum(m for _, m in rows)
    cells: list[tuple[str, list[Cell]]] = [
        (label, [_hours(m)]) for label, m in [*rows, ("Total", total)]
    ]
    return Table(
        title=title,
        row_heading=heading,
        columns=["Hours"],
        rows=cells,
        unit="hours",
        total_row=True,
        note=note,
    )
