"""Proven reoffending, edge by edge, with the expected answers written out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wingman.evaluation.reoffending import (
    ADULT,
    JUVENILE,
    Offence,
    add_months,
    cohort_reoffending,
    ogrs3_from_record,
    person_reoffending,
)

START = date(2025, 3, 10)
BORN = date(2005, 6, 1)  # 19 at the start: adult
LONG_AFTER = date(2030, 1, 1)


def counted(offence: Offence, *, starts_on: date = START, born_on: date = BORN) -> int:
    return person_reoffending(
        starts_on=starts_on, born_on=born_on, offences=[offence], today=LONG_AFTER
    ).reoffences


@pytest.mark.parametrize(
    ("what", "offence", "expected"),
    [
        (
            "committed on the start day",
            Offence(date(2025, 3, 10), "conviction", date(2025, 5, 1)),
            1,
        ),
        (
            "committed the day before the start",
            Offence(date(2025, 3, 9), "conviction", date(2025, 5, 1)),
            0,
        ),
        (
            "committed on the last day of the year",
            Offence(date(2026, 3, 9), "conviction", date(2026, 4, 1)),
            1,
        ),
        (
            "committed on the anniversary, a day too late",
            Offence(date(2026, 3, 10), "conviction", date(2026, 4, 1)),
            0,
        ),
        (
            "proven on the last day of the waiting period",
            Offence(date(2025, 12, 1), "conviction", date(2026, 9, 9)),
            1,
        ),
        (
            "proven a day after the waiting period",
            Offence(date(2025, 12, 1), "conviction", date(2026, 9, 10)),
            0,
        ),
        ("not yet decided", Offence(date(2025, 12, 1)), 0),
        ("a caution", Offence(date(2025, 4, 1), "caution", date(2025, 4, 2)), 1),
        ("a reprimand", Offence(date(2025, 4, 1), "reprimand", date(2025, 4, 2)), 1),
        ("a final warning", Offence(date(2025, 4, 1), "final_warning", date(2025, 4, 2)), 1),
        (
            "a youth conditional caution",
            Offence(date(2025, 4, 1), "youth_conditional_caution", date(2025, 4, 2)),
            1,
        ),
        ("a penalty notice", Offence(date(2025, 4, 1), "penalty_notice", date(2025, 4, 2)), 0),
        ("an acquittal", Offence(date(2025, 4, 1), "acquitted", date(2025, 9, 2)), 0),
        (
            "a breach of the order",
            Offence(date(2025, 4, 1), "conviction", date(2025, 5, 2), breach=True),
            0,
        ),
        (
            "an offence before the start proven during the follow-up",
            Offence(date(2024, 11, 1), "conviction", date(2025, 6, 1)),
            0,
        ),
    ],
)
def test_an_offence_counts_only_inside_both_windows(what, offence, expected):
    assert counted(offence) == expected, what


@pytest.mark.parametrize(
    ("starts_on", "last_day_followed", "last_day_proven"),
    [
        (date(2024, 2, 29), date(2025, 2, 27), date(2025, 8, 28)),
        (date(2024, 2, 28), date(2025, 2, 27), date(2025, 8, 27)),
        (date(2023, 3, 1), date(2024, 2, 29), date(2024, 8, 31)),
        (date(2024, 8, 31), date(2025, 8, 30), date(2026, 2, 27)),
        (date(2023, 8, 31), date(2024, 8, 30), date(2025, 2, 27)),
        (date(2025, 12, 31), date(2026, 12, 30), date(2027, 6, 29)),
    ],
)
def test_leap_years_and_short_months_end_the_periods_on_these_days(
    starts_on, last_day_followed, last_day_proven
):
    def proven(committed: date, disposed: date) -> int:
        return counted(Offence(committed, "conviction", disposed), starts_on=starts_on)

    next_day = timedelta(days=1)
    assert proven(last_day_followed, last_day_followed) == 1
    assert proven(last_day_followed + next_day, last_day_followed + next_day) == 0
    assert proven(starts_on, last_day_proven) == 1
    assert proven(starts_on, last_day_proven + next_day) == 0


@pytest.mark.parametrize(
    ("born_on", "cohort"),
    [
        (date(2007, 3, 10), ADULT),  # 18 on the start day
        (date(2007, 3, 11), JUVENILE),  # 18 the day after
        (date(2015, 3, 10), JUVENILE),  # 10 on the start day
        (date(2008, 2, 29), JUVENILE),  # born on 29 February, 17 at the start
    ],
)
def test_the_cohort_is_decided_by_age_on_the_start_day(born_on, cohort):
    result = person_reoffending(starts_on=START, born_on=born_on, offences=[], today=START)
    assert result.cohort == cohort


def test_under_ten_at_the_start_is_in_neither_cohort():
    with pytest.raises(ValueError, match="under 10"):
        person_reoffending(starts_on=START, born_on=date(2015, 3, 11), offences=[], today=START)


def test_a_figure_is_provisional_until_the_waiting_period_has_passed():
    def on(today: date) -> bool:
        return person_reoffending(
            starts_on=START, born_on=BORN, offences=[], today=today
        ).provisional

    assert on(date(2026, 9, 9))
    assert not on(date(2026, 9, 10))


def test_a_disposal_before_the_offence_or_without_a_date_is_refused():
    with pytest.raises(ValueError, match="before it was committed"):
        Offence(date(2025, 5, 1), "conviction", date(2025, 4, 1))
    with pytest.raises(ValueError, match="needs the date"):
        Offence(date(2025, 5, 1), "conviction")


def test_cohorts_are_kept_apart_and_counted_binary_and_by_frequency():
    def person(born_on: date, *offences: Offence, starts_on: date = START) -> object:
        return person_reoffending(
            starts_on=starts_on, born_on=born_on, offences=offences, today=date(2026, 6, 1)
        )

    three = [Offence(date(2025, 4, day), "conviction", date(2025, 6, 1)) for day in (1, 2, 3)]
    people = [
        person(BORN, *three),  # adult, 3 reoffences
        person(BORN, Offence(date(2025, 5, 1), "caution", date(2025, 5, 2))),  # adult, 1
        person(BORN),  # adult, none
        person(BORN, Offence(date(2025, 5, 1), "conviction", date(2025, 6, 1), breach=True)),
        person(date(2010, 1, 1), Offence(date(2025, 7, 1), "reprimand", date(2025, 7, 2))),
        person(date(2010, 1, 1), starts_on=date(2024, 1, 1)),  # juvenile, final by June 2026
    ]
    figures = cohort_reoffending(people)
    adult, juvenile = figures[ADULT], figures[JUVENILE]
    assert (adult.people, adult.reoffenders, adult.reoffences) == (4, 2, 4)
    assert adult.rate == pytest.approx(0.5)
    assert adult.per_person == pytest.approx(1.0)
    assert adult.per_reoffender == pytest.approx(2.0)
    assert adult.provisional and adult.final_on == date(2026, 9, 10)
    assert (juvenile.people, juvenile.reoffenders, juvenile.reoffences) == (2, 1, 1)
    assert juvenile.provisional  # one member's waiting period is still running


def test_an_empty_cohort_has_no_rate():
    figures = cohort_reoffending([])
    assert figures[ADULT].rate is None and figures[ADULT].final_on is None
    assert not figures[JUVENILE].provisional


def test_months_are_added_by_the_calendar():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 8, 31), 18) == date(2026, 2, 28)
    assert add_months(date(2025, 11, 15), 2) == date(2026, 1, 15)


# Whole four-year cycles keep every date's place in the calendar (weekday aside) between 1901
# and 2099, so shifting every date by them can never change the result. Any other shift can:
# a year holding 29 February is a day longer, which is the rule working as defined.
FOUR_YEARS = timedelta(days=1461)
days_in = st.dates(min_value=date(1960, 1, 1), max_value=date(2040, 12, 31))
offences = st.builds(
    lambda committed, later, disposal, breach: Offence(
        committed, disposal, None if disposal is None else committed + later, breach
    ),
    days_in,
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=900)),
    st.one_of(st.none(), st.sampled_from(["conviction", "caution", "penalty_notice"])),
    st.booleans(),
)


def shifted(offence: Offence, by: timedelta) -> Offence:
    return Offence(
        offence.committed_on + by,
        offence.disposal,
        None if offence.disposal_on is None else offence.disposal_on + by,
        offence.breach,
    )


@given(
    starts_on=days_in,
    age=st.integers(min_value=10, max_value=60),
    record=st.lists(offences, max_size=8),
    today=days_in,
    cycles=st.integers(min_value=-10, max_value=10),
)
def test_shifting_every_date_by_whole_four_year_cycles_never_changes_the_result(
    starts_on, age, record, today, cycles
):
    born_on = date(starts_on.year - age, 1, 1)
    by = FOUR_YEARS * cycles
    before = person_reoffending(starts_on=starts_on, born_on=born_on, offences=record, today=today)
    after = person_reoffending(
        starts_on=starts_on + by,
        born_on=born_on + by,
        offences=[shifted(o, by) for o in record],
        today=today + by,
    )
    assert (after.reoffences, after.provisional, after.cohort) == (
        before.reoffences,
        before.provisional,
        before.cohort,
    )


@given(
    offset=st.integers(min_value=0, max_value=364),
    later=st.integers(min_value=0, max_value=900),
    shift=st.integers(min_value=-5000, max_value=5000),
)
def test_an_offence_well_inside_both_windows_counts_wherever_the_dates_fall(offset, later, shift):
    # Whatever the calendar, the year is 365 or 366 days and the year with the waiting period
    # 546 to 550: days 0 to 364 after the start are always followed up, and a disposal is always
    # in time up to day 545 and always too late from day 550.
    starts_on = date(2020, 6, 15) + timedelta(days=shift)
    committed = starts_on + timedelta(days=offset)
    disposed = committed + timedelta(days=later)
    days = (disposed - starts_on).days
    result = counted(
        Offence(committed, "conviction", disposed),
        starts_on=starts_on,
        born_on=date(starts_on.year - 20, 1, 1),
    )
    if days <= 545:
        assert result == 1
    elif days >= 550:
        assert result == 0


def test_ogrs3_from_a_record_matches_the_reference_vectors():
    # Male, 20 at the start, current offence violence, first sanction at 20.
    born = date(2005, 1, 1)
    current = Offence(date(2025, 1, 20), "conviction", date(2025, 2, 1), category="Violence")
    one = ogrs3_from_record(
        sex="male", born_on=born, starts_on=date(2025, 3, 1), offences=[current]
    )
    assert one.p1 == pytest.approx(0.12161553504714574, abs=1e-12)
    assert one.p2 == pytest.approx(0.22130521140511314, abs=1e-12)
    # An earlier caution at 20 makes two sanctions; two offences dealt with on one day, one.
    earlier = Offence(date(2025, 1, 2), "caution", date(2025, 1, 10), category="Theft (non-motor)")
    same_day = Offence(date(2025, 1, 21), "conviction", date(2025, 2, 1), category="Robbery")
    two = ogrs3_from_record(
        sex="male", born_on=born, starts_on=date(2025, 3, 1), offences=[current, same_day, earlier]
    )
    assert two.p1 == pytest.approx(0.3158120100020924, abs=1e-12)
    assert two.p2 == pytest.approx(0.48651769565917, abs=1e-12)


def test_ogrs3_from_a_record_ignores_what_came_after_the_start_and_what_was_not_proven():
    born = date(2005, 1, 1)
    current = Offence(date(2025, 1, 20), "conviction", date(2025, 2, 1), category="Violence")
    later = Offence(date(2025, 4, 1), "conviction", date(2025, 5, 1), category="Robbery")
    notice = Offence(date(2024, 5, 1), "penalty_notice", date(2024, 5, 2), category="Public order")
    score = ogrs3_from_record(
        sex="male", born_on=born, starts_on=date(2025, 3, 1), offences=[current, later, notice]
    )
    assert score.p1 == pytest.approx(0.12161553504714574, abs=1e-12)
    with pytest.raises(ValueError, match="No proven disposal"):
        ogrs3_from_record(sex="male", born_on=born, starts_on=date(2025, 3, 1), offences=[later])
