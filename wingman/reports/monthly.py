"""The monthly report for one borough (and perhaps one of its funding streams) over a period of
whole months, as a `document.Report` whose small numbers are already hidden.

A first version: the borough's figures as they were. The full report (referrals by source,
journeys, hours by contact type and pathway split between funders, partner referrals,
outcomes against indicators, distance travelled, proven reoffending) replaces it."""

from datetime import date

from django.utils import timezone

from wingman.accounts.models import Borough
from wingman.referrals.models import FundingStream

from .document import Report, Section, Table
from .suppression import Preset, suppress


def monthly_report(
    *, borough: Borough, funding_stream: FundingStream | None = None, start: date, end: date
) -> Report:
    """The report for `borough` (one stream of it, if given) from the first day of `start`'s
    month to the last day of `end`'s."""
    from .selectors import borough_figures

    days = (end - start).days + 1
    figures = borough_figures(borough, today=end, days=days)
    threshold = Preset.DEFAULT.value
    labels = list(figures.journeys_by_stage)
    cells = [[v["funded"], v["unfunded"]] for v in figures.journeys_by_stage.values()]
    table = Table.of_counts(
        "Journeys by stage",
        row_heading="Stage",
        row_labels=labels,
        columns=["Funded", "Unfunded"],
        published=suppress(cells, threshold),
        chart=True,
    )
    hours = Table(
        title="Hours of contact",
        row_heading="Work",
        columns=["Hours"],
        rows=[
            ("Funded", [figures.contact_hours_funded]),
            ("Unfunded", [figures.contact_hours_unfunded]),
        ],
        unit="hours",
    )
    return Report(
        title=f"{borough.name}: monthly report",
        organisation=borough.organisation.name,
        borough=borough.name,
        funding_stream=funding_stream.name if funding_stream else None,
        period_start=start,
        period_end=end,
        generated_at=timezone.now(),
        threshold=threshold.name,
        sections=[Section("Journeys", [table]), Section("Hours", [hours])],
        notes=[f"{threshold.name}, shown as [c]."],
    )
