"""Distance travelled per pathway, proven reoffending and the unit costs in the monthly report:
figures against answers worked out by hand on records made here, small numbers hidden, a fixed
number of queries whatever the data, and the sections in every file."""

import io
import subprocess
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from testing.factories import (
    BoroughFactory,
    ClientFactory,
    FundingStreamFactory,
    JourneyFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)
from wingman.accounts.choices import Role
from wingman.assessments.choices import AssessmentKind, AssessmentState
from wingman.assessments.models import Answer, Assessment
from wingman.assessments.services import ensure_wingman_ladder
from wingman.casework.choices import Stage
from wingman.casework.models import StageChange
from wingman.costs.models import UnitCost
from wingman.offending.models import Offence
from wingman.reports import progress
from wingman.reports.files import report_csv, report_pdf, report_xlsx
from wingman.reports.issuing import report_issue
from wingman.reports.monthly import month_bounds, monthly_report

pytestmark = pytest.mark.django_db

OCTOBER = date(2026, 10, 15)


@pytest.fixture
def service():
    org = OrganisationFactory()
    a = BoroughFactory(organisation=org, name="Borough A")
    b = BoroughFactory(organisation=org, name="Borough B")
    team_a, team_b = TeamFactory(borough=a), TeamFactory(borough=b)
    return {
        "org": org,
        "a": a,
        "b": b,
        "team_a": team_a,
        "team_b": team_b,
        "a1": FundingStreamFactory(borough=a, name="A one"),
        "a2": FundingStreamFactory(borough=a, name="A two"),
        "b1": FundingStreamFactory(borough=b, name="B one"),
        "worker": UserFactory(role=Role.CASEWORKER, team=team_a),
    }


def young_person(service, stream, *, opened_on=date(2026, 6, 1), closed_on=None, **fields):
    team = service["team_b"] if stream is service["b1"] else service["team_a"]
    client = ClientFactory(team=team, **fields)
    JourneyFactory(
        client=client,
        funding_stream=stream,
        unfunded_reason="" if stream else "Walk-in",
        opened_on=opened_on,
        closed_on=closed_on,
        stage=Stage.CLOSED if closed_on else Stage.COMMUNITY,
    )
    return client


def scores(service, client, on, recorded=True, **by_pathway):
    """An assessment of `client` on `on` with the ladder, scoring only the pathways given."""
    ladder = ensure_wingman_ladder()
    assessment = Assessment.objects.create(
        client=client,
        instrument=ladder,
        kind=AssessmentKind.REVIEW,
        state=AssessmentState.RECORDED if recorded else AssessmentState.STARTED,
        assessed_on=on,
        assessed_by=service["worker"],
    )
    for pathway, score in by_pathway.items():
        Answer.objects.create(
            assessment=assessment, question=ladder.questions.get(pathway=pathway), score=score
        )


def by_borough(rows, key):
    """Rows added up over the streams of each borough: (borough, key...) -> (this, before)."""
    found = Counter()
    for row in rows:
        k = (row["counted_borough"], *(row[name] for name in key))
        found[(*k, "this")] += row["this"]
        found[(*k, "before")] += row["before"]
    return found


# Distance travelled -----------------------------------------------------------------------


def test_distance_travelled_counts_who_moved_up_stayed_or_moved_down_by_the_periods_end(service):
    s = service
    one = young_person(s, s["a1"])
    scores(s, one, date(2026, 7, 1), accommodation=3, ete=6, safety=5)
    scores(s, one, date(2026, 9, 10), accommodation=5)
    scores(s, one, date(2026, 10, 20), accommodation=7)
    scores(s, one, date(2026, 10, 5), ete=4)
    two = young_person(s, s["a2"])
    scores(s, two, date(2026, 8, 1), accommodation=5)
    scores(s, two, date(2026, 8, 1), accommodation=6)  # the same day: the later one stands
    scores(s, two, date(2026, 10, 2), accommodation=6)
    scores(s, two, date(2026, 11, 5), accommodation=9)  # after the period
    scores(s, two, date(2026, 10, 30), recorded=False, accommodation=1)  # never recorded
    # Two journeys of one borough in the month: one young person, counted once per pathway.
    three = young_person(s, s["a1"], closed_on=date(2026, 10, 10))
    JourneyFactory(client=three, funding_stream=s["a2"], opened_on=date(2026, 10, 11))
    scores(s, three, date(2026, 7, 1), accommodation=2)
    scores(s, three, date(2026, 10, 1), accommodation=8)
    unfunded = young_person(s, None)
    scores(s, unfunded, date(2026, 7, 1), accommodation=1)
    scores(s, unfunded, date(2026, 10, 1), accommodation=9)
    gone = young_person(s, s["a1"], closed_on=date(2026, 8, 31))
    scores(s, gone, date(2026, 7, 1), accommodation=1)
    scores(s, gone, date(2026, 8, 1), accommodation=9)
    elsewhere = young_person(s, s["b1"])
    scores(s, elsewhere, date(2026, 7, 1), family=7)
    scores(s, elsewhere, date(2026, 10, 1), family=4)

    periods = month_bounds(OCTOBER, OCTOBER)
    rows = progress.distance_rows(s["a"], periods) + progress.distance_rows(s["b"], periods)
    a, b = s["a"].pk, s["b"].pk
    counted = by_borough(rows, ("pathway", "move"))
    assert {k: v for k, v in counted.items() if v} == {
        # October: accommodation up 3 to 7 and 2 to 8, the same at 6; ete down 6 to 4.
        (a, "accommodation", "up", "this"): 2,
        (a, "accommodation", "same", "this"): 1,
        (a, "ete", "down", "this"): 1,
        (b, "family", "down", "this"): 1,
        # By the end of September: only the first young person had two scores (3 to 5).
        (a, "accommodation", "up", "before"): 1,
    }
    change = Counter()
    for row in rows:
        change[(row["counted_borough"], row["pathway"])] += row["change_this"]
    assert change[(a, "accommodation")] == 4 + 6 + 0
    assert change[(a, "ete")] == -2
    assert not [r for r in rows if r["stream_id"] is None]

    for_stream = [
        r for r in progress.distance_rows(s["a"], periods) if r["stream_id"] == s["a2"].pk
    ]
    counted = by_borough(for_stream, ("pathway", "move"))
    assert {k: v for k, v in counted.items() if v} == {
        (a, "accommodation", "up", "this"): 1,  # the third, whose second journey is A two's
        (a, "accommodation", "same", "this"): 1,
    }


def test_a_pathways_average_change_is_shown_only_over_enough_young_people(service):
    s = service
    for n in range(5):
        person = young_person(s, s["a1"])
        scores(s, person, date(2026, 7, 1), accommodation=3, ete=5)
        scores(s, person, date(2026, 10, 5), accommodation=4 + n, **({"ete": 7} if n < 2 else {}))
    report = monthly_report(borough=s["a"], start=OCTOBER, end=OCTOBER)
    section = next(x for x in report.sections if x.title == "Distance travelled")
    table, averages = section.tables
    rows, average = dict(table.rows), dict(averages.rows)
    assert table.columns == ["Moved up", "Stayed the same", "Moved down", "Scored at least twice"]
    # Five moved up; the two in ete are hidden, and other cells with them.
    assert rows["Accommodation"][0] == 5 and rows["Accommodation"][-1] == 5
    assert average["Accommodation"] == [round((1 + 2 + 3 + 4 + 5) / 5, 1)]
    # Two young people moved up in ete: hidden, and so is the average over them.
    assert rows["Education, skills and work"][0] is None
    assert average["Education, skills and work"] == [None]
    assert "once in each pathway" in table.note


# Proven reoffending -----------------------------------------------------------------------


PERIOD_START, PERIOD_END = date(2024, 1, 1), date(2025, 12, 31)


def offence(client, committed_on, disposal_on, *, disposal="conviction", breach=False):
    return Offence.objects.create(
        client=client,
        committed_on=committed_on,
        category="robbery",
        disposal=disposal,
        disposal_on=disposal_on,
        breach=breach,
        source="pnc",
        recorded_by=client.created_by,
    )


def test_proven_reoffending_counts_each_cohort_as_known_at_the_periods_end(service):
    s = service
    adult, juvenile = date(2000, 1, 1), date(2009, 6, 1)
    p1 = young_person(s, s["a1"], opened_on=date(2024, 2, 10), date_of_birth=adult)
    offence(p1, date(2024, 5, 1), date(2024, 6, 1))  # proven within the follow-up
    offence(p1, date(2024, 7, 1), date(2025, 9, 1))  # proven after the waiting period
    p2 = young_person(s, s["a1"], opened_on=date(2024, 3, 1), date_of_birth=adult)
    offence(p2, date(2024, 4, 1), date(2024, 4, 2), breach=True)  # a breach is not counted
    p3 = young_person(s, s["a2"], opened_on=date(2024, 3, 5), date_of_birth=juvenile)
    offence(p3, date(2024, 4, 1), date(2024, 4, 20), disposal="youth_caution")
    # Released from custody on 15 January 2024: an offence before release is not counted.
    p4 = young_person(s, s["a1"], opened_on=date(2023, 6, 1), date_of_birth=adult)
    journey = p4.journeys.get()
    journey.stage = Stage.COMMUNITY
    journey.released_on = date(2024, 1, 15)
    journey.save()
    for from_stage, to, on in [
        ("", Stage.IN_CUSTODY, date(2023, 6, 1)),
        (Stage.IN_CUSTODY, Stage.RELEASE_DAY, date(2024, 1, 15)),
    ]:
        StageChange.objects.create(
            journey=journey, from_stage=from_stage, to_stage=to, on=on, recorded_by=p4.created_by
        )
    offence(p4, date(2024, 1, 10), date(2024, 3, 1))
    # Followed up from an earlier journey, before the period: not in this period's cohort.
    p5 = young_person(s, s["a1"], opened_on=date(2023, 5, 1), closed_on=date(2023, 9, 1))
    JourneyFactory(client=p5, funding_stream=s["a1"], opened_on=date(2024, 2, 1))
    p6 = young_person(s, None, opened_on=date(2024, 6, 1), date_of_birth=adult)  # unfunded
    p7 = young_person(s, s["b1"], opened_on=date(2024, 6, 1), date_of_birth=adult)
    p8 = young_person(s, s["a1"], opened_on=date(2023, 12, 10), date_of_birth=adult)
    young_person(s, s["a1"], opened_on=date(2024, 6, 1), date_of_birth=date(2016, 1, 1))  # 8
    p10 = young_person(s, s["a1"], opened_on=date(2025, 11, 1), date_of_birth=adult)
    offence(p10, date(2025, 11, 20), date(2025, 12, 15))
    offence(p10, date(2025, 12, 1), date(2026, 1, 10))  # proven after the period's end
    assert p6 and p7 and p8

    periods = month_bounds(PERIOD_START, PERIOD_END)
    rows = [
        *progress.reoffending_rows(s["a"], periods, today=date(2026, 12, 2)),
        *progress.reoffending_rows(s["b"], periods, today=date(2026, 12, 2)),
    ]
    a, b = s["a"].pk, s["b"].pk
    counted = by_borough(rows, ("cohort", "reoffended"))
    assert {k: v for k, v in counted.items() if v} == {
        (a, "adult", "yes", "this"): 2,  # p1, p10
        (a, "adult", "no", "this"): 3,  # p2, p4, p6
        (a, "juvenile", "yes", "this"): 1,  # p3
        (a, "adult", "no", "before"): 1,  # p8
        (b, "adult", "no", "this"): 1,  # p7
    }

    def of(borough, cohort, name):
        found = [r[name] for r in rows if (r["counted_borough"], r["cohort"]) == (borough, cohort)]
        return sum(found) if name.startswith("reoffences") else any(found)

    assert of(a, "adult", "reoffences_this") == 2
    assert of(a, "juvenile", "reoffences_this") == 1
    assert of(a, "adult", "provisional_this") is True  # p10's waiting period is not over
    assert of(a, "juvenile", "provisional_this") is False
    assert {r["stream_id"] for r in rows if r["counted_borough"] == a} == {
        s["a1"].pk,
        s["a2"].pk,
        None,
    }

    for_stream = [
        r
        for r in progress.reoffending_rows(s["a"], periods, today=date(2026, 12, 2))
        if r["stream_id"] == s["a1"].pk
    ]
    counted = by_borough(for_stream, ("cohort", "reoffended"))
    assert {k: v for k, v in counted.items() if v} == {
        (a, "adult", "yes", "this"): 2,
        (a, "adult", "no", "this"): 2,  # p2, p4: not the unfunded p6
        (a, "adult", "no", "before"): 1,
    }

    # Today before the period's end: as known today.
    early = progress.reoffending_rows(s["a"], periods, today=date(2025, 11, 25))
    counted = by_borough(early, ("cohort", "reoffended"))
    assert counted[(a, "adult", "yes", "this")] == 1  # p10's conviction is not yet known


def cohort(service, n, *, reoffend, start, born_on):
    for i in range(n):
        person = young_person(service, service["a1"], opened_on=start, date_of_birth=born_on)
        if i < reoffend:
            offence(person, start + timedelta(days=30), start + timedelta(days=60))


def test_a_cohort_big_enough_shows_its_rate_and_reoffences(service):
    cohort(service, 12, reoffend=5, start=date(2024, 1, 10), born_on=date(2000, 1, 1))
    report = monthly_report(borough=service["a"], start=PERIOD_START, end=PERIOD_END)
    section = next(x for x in report.sections if x.title == "Proven reoffending")
    counts, figures = section.tables
    rows, shown = dict(counts.rows), dict(figures.rows)
    assert counts.columns[-1] == "People in the cohort"
    assert rows["Adult (18 and over)"] == [5, 7, 12]
    assert shown["Adult (18 and over)"] == ["42%", 5, "Final"]
    assert shown["Juvenile (10 to 17)"] == ["No one", "No one", "No cohort"]
    assert "12 months" in section.intro and "6-month waiting period" in section.intro


def test_a_small_cohort_is_hidden_with_its_rate_and_reoffences(service):
    cohort(service, 3, reoffend=1, start=date(2025, 10, 10), born_on=date(2010, 1, 1))
    report = monthly_report(borough=service["a"], start=PERIOD_START, end=PERIOD_END)
    section = next(x for x in report.sections if x.title == "Proven reoffending")
    counts, figures = section.tables
    assert dict(counts.rows)["Juvenile (10 to 17)"] == [None, None, None]
    assert dict(figures.rows)["Juvenile (10 to 17)"] == ["[c]", None, "Provisional"]


def test_no_cohort_says_so(service):
    report = monthly_report(borough=service["a"], start=OCTOBER, end=OCTOBER)
    section = next(x for x in report.sections if x.title == "Proven reoffending")
    assert dict(section.tables[1].rows)["Adult (18 and over)"] == ["No one", "No one", "No cohort"]


# Queries ----------------------------------------------------------------------------------


def grow(service, n, start):
    for i in range(n):
        stream = [service["a1"], service["a2"], service["b1"], None][i % 4]
        person = young_person(service, stream, opened_on=start, date_of_birth=date(2005, 1, 1))
        scores(service, person, start + timedelta(days=3), accommodation=3, ete=4)
        scores(service, person, start + timedelta(days=20), accommodation=3 + i % 3, ete=2)
        offence(person, start + timedelta(days=5), start + timedelta(days=10))


def test_the_report_with_its_new_sections_takes_the_same_number_of_queries_at_two_sizes(
    service, django_assert_num_queries
):
    start = date(2026, 10, 1)
    grow(service, 3, start)
    with CaptureQueriesContext(connection) as small:
        monthly_report(borough=service["a"], start=OCTOBER, end=OCTOBER)
    grow(service, 40, start)
    with django_assert_num_queries(len(small.captured_queries)):
        report = monthly_report(borough=service["a"], start=OCTOBER, end=OCTOBER)
    distance = next(x for x in report.sections if x.title == "Distance travelled")
    # 43 young people, a quarter each in A one, A two, B one and unfunded, all scored twice.
    assert dict(distance.tables[0].rows)["Accommodation"][-1] == 22  # A one and A two's


# Unit costs and the files -----------------------------------------------------------------


def test_every_file_carries_the_new_sections_and_the_unit_costs(service, tmp_path):
    grow(service, 8, date(2026, 10, 1))
    UnitCost.objects.create(
        key="peer_mentor_hour",
        label="Mentoring",
        amount=Decimal("31.50"),
        unit="an hour",
        source="Example Trust accounts 2025",
        price_year="2024/25",
        valid_from=timezone.localdate() - timedelta(days=1),
    )
    report = monthly_report(borough=service["a"], start=OCTOBER, end=OCTOBER)
    assert not any("not in this version" in note for note in report.notes)
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(report))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    for words in ("Distance travelled", "Proven reoffending", "Unit costs"):
        assert words in text
    assert "Mentoring" in text and "£31.50" in text and "2024/25" in text
    assert "once in each pathway" in " ".join(text.split())

    book = load_workbook(io.BytesIO(report_xlsx(report)))
    assert {"Distance travelled", "Proven reoffending", "Unit costs"} <= set(book.sheetnames)
    costs = list(book["Unit costs"].iter_rows(values_only=True))
    assert (
        "Mentoring",
        "£31.50",
        "an hour",
        "2024/25",
        "Example Trust accounts 2025",
    ) in [row[:5] for row in costs]
    accommodation = next(
        r for r in book["Distance travelled"].iter_rows(values_only=True) if r[0] == "Accommodation"
    )
    assert accommodation[1:5] == (None, None, None, None) or all(
        v == "[c]" or isinstance(v, int) for v in accommodation[1:5]
    )
    assert "Unit costs,Unit costs in force" in report_csv(report).decode("utf-8-sig")


def test_an_issued_report_keeps_the_unit_costs_it_was_issued_with(service):
    seeded = sorted(UnitCost.objects.valid_on(timezone.localdate()).values(), key=lambda c: c.key)
    key = seeded[0].key if seeded else "caseworker_year"
    UnitCost.objects.create(
        key=key,
        label="The figure before",
        amount=Decimal("1000.00"),
        unit="a year",
        source="Before",
        price_year="2023/24",
        valid_from=timezone.localdate() - timedelta(days=3),
    )
    issued = report_issue(
        actor=None, borough=service["a"], funding_stream=None, start=OCTOBER, end=OCTOBER
    )
    UnitCost.objects.create(
        key=key,
        label="The figure after",
        amount=Decimal("2000.00"),
        unit="a year",
        source="After",
        price_year="2025/26",
        valid_from=timezone.localdate(),
    )
    kept = issued.file("csv").decode("utf-8-sig")
    assert "The figure before" in kept and "The figure after" not in kept
    now = report_csv(monthly_report(borough=service["a"], start=OCTOBER, end=OCTOBER))
    assert "The figure after" in now.decode("utf-8-sig")
