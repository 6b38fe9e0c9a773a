"""The monthly report for one borough (and perhaps one of its funding streams) over a period of
whole months, as a `document.Report` whose small numbers are already hidden.

Counts of young people are hidden by the organisation's preset, each table together with the
same table for the month before (and, for counts that add up over time, the two months
together), so that no hidden count can be had by taking one month from another
(`suppression.suppress_linked`). Hours are not
counts of people and are shown whole. A fixed number of queries, whatever the number of records:
one per table for every borough at once, two for the hours, three per funding stream for its
indicators."""

from calendar import monthrange
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from wingman.accounts.models import Borough
from wingman.casework.choices import ClosureReason, ContactType, PartnerReferralStatus, PartnerType
from wingman.core.pathways import Pathway
from wingman.outcomes.selectors import stream_results
from wingman.referrals.choices import Source
from wingman.referrals.models import FundingStream

from . import hours, progress, selectors
from .document import Cell, Report, Section, Table
from .models import SplitRule
from .selectors import Periods
from .services import settings_of
from .suppression import Link, Published, Threshold, percentage, suppress_linked

Counts = dict[int, dict[str, list[list[int]]]]  # borough id -> period -> cells


def month_bounds(start: date, end: date) -> Periods:
    """The first day of `start`'s month to the last of `end`'s, and the month before it."""
    first = start.replace(day=1)
    last = end.replace(day=monthrange(end.year, end.month)[1])
    before_end = first - timedelta(days=1)
    return Periods(first, last, before_end.replace(day=1), before_end)


def _grid(
    rows: Iterable[dict[str, Any]],
    borough_ids: list[int],
    row_keys: list[Any],
    column_keys: list[Any],
    *,
    row_of: str | None,
    column_of: str | None = None,
) -> Counts:
    """Grouped counts as a table per borough, for the period and the month before."""
    grid: Counts = {
        b: {p: [[0] * len(column_keys) for _ in row_keys] for p in ("this", "before")}
        for b in borough_ids
    }
    r_at = {k: i for i, k in enumerate(row_keys)}
    c_at = {k: i for i, k in enumerate(column_keys)}
    for row in rows:
        b = row["counted_borough"]
        r = r_at.get(row[row_of]) if row_of else 0
        c = c_at.get(row[column_of]) if column_of else 0
        if b not in grid or r is None or c is None:
            continue
        for period in ("this", "before"):
            grid[b][period][r][c] += row[period]
    return grid


def _suppressed(
    grid: Counts, borough_id: int, threshold: Threshold, *, adds_up_over_time: bool
) -> Published:
    """The borough's table, hidden together with the month before's (and, for counts that add up
    over time, the two months together). The other boroughs' tables add no equation about this
    one unless an organisation total is published beside them, which no report does; linking
    that total too (`Link` over every borough) is correct but, over 18 boroughs, too slow for a
    page with the dense pseudo-inverse `suppression.derivable_from` uses."""
    this, before = grid[borough_id]["this"], grid[borough_id]["before"]
    tables = [this, before]
    links: list[Link] = []
    if adds_up_over_time:
        tables.append(
            [[x + y for x, y in zip(p, q, strict=True)] for p, q in zip(this, before, strict=True)]
        )
        links.append(Link(2, (0, 1)))
    return suppress_linked(tables, threshold, links)[0]


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
    streams = [s for s in selectors.streams_of(organisation) if s.borough_id == borough.pk]
    if funding_stream is not None:
        streams = [s for s in streams if s.pk == funding_stream.pk]
    # With one stream, its tables stand beside its own month before; with none, beside every
    # borough's.
    ids = [borough.pk] if funding_stream else [b.pk for b in selectors.boroughs_of(organisation)]

    def counts(title: str, grid: Counts, labels: list[str], columns: list[str], **kw: Any) -> Table:
        over_time = kw.pop("adds_up_over_time", True)
        return Table.of_counts(
            title,
            row_heading=kw.pop("row_heading"),
            row_labels=labels,
            columns=columns,
            published=_suppressed(grid, borough.pk, threshold, adds_up_over_time=over_time),
            **kw,
        )

    referrals = _grid(
        selectors.referrals_by_source(organisation, periods, funding_stream),
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
            selectors.journeys_opened(organisation, periods, funding_stream, funded=funded),
            ids,
            [None],
            [None],
            row_of=None,
        )
        active = _grid(
            selectors.journeys_active(organisation, periods, funding_stream, funded=funded),
            ids,
            [None],
            [None],
            row_of=None,
        )
        closed = _grid(
            selectors.journeys_closed(organisation, periods, funding_stream, funded=funded),
            ids,
            list(ClosureReason.values),
            [None],
            row_of="closure_reason",
        )
        word = "" if funded else "Unfunded: "
        flow = {
            b: {p: [opened[b][p][0], [sum(r[0] for r in closed[b][p])]] for p in ("this", "before")}
            for b in ids
        }
        table = counts(
            f"{word}Journeys accepted and closed",
            flow,
            ["Accepted", "Closed"],
            ["Young people"],
            row_heading="Journeys",
        )
        open_table = counts(
            f"{word}Journeys open on the last day",
            active,
            ["Open"],
            ["Young people"],
            row_heading="Journeys",
            adds_up_over_time=False,
        )
        reasons = counts(
            f"{word}Journeys closed, by reason",
            closed,
            [str(x) for x in ClosureReason.labels],
            ["Young people"],
            row_heading="Reason",
        )
        return table, open_table, reasons

    funded_tables = journeys(True)
    sections.append(Section("Journeys", list(funded_tables)))

    # Hours, split between the streams each contact served, then between its pathways.
    rows = hours.contact_rows(organisation=organisation, start=periods.start, end=periods.end)
    places = {s.pk: s.capacity for s in selectors.streams_of(organisation)}
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
        selectors.partner_referrals(organisation, periods, funding_stream),
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
    for stream in streams:
        results = stream_results(stream, today=min(periods.end, timezone.localdate()))
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
        organisation=organisation,
        periods=periods,
        stream=funding_stream,
        borough_id=borough.pk,
        threshold=threshold,
        grid=grid,
        counts=counts,
        today=timezone.localdate(),
    )
    accepted = funded_tables[0].rows[0][1][0]
    closed = funded_tables[0].rows[1][1][0]
    notes = [
        f"{threshold.name}, shown as [c], and further numbers hidden so that none can be worked "
        "out from this report and the month before's.",
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
