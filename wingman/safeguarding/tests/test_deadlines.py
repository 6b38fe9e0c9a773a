"""Deadlines by grade: red in clock hours, amber and green in working days that skip weekends and
bank holidays (England and Wales). Dates are fixed, so the answers are written out by hand."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from wingman.safeguarding.deadlines import (
    Deadlines,
    action_due,
    add_working_days,
    is_working_day,
    triage_due,
)

LONDON = ZoneInfo("Europe/London")
RULES = Deadlines(triage_hours=4, red_hours=4, amber_working_days=1, green_working_days=3)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(at(2026, 12, 24).date())  # Thursday
    assert not is_working_day(at(2026, 12, 25).date())  # Christmas Day
    assert not is_working_day(at(2026, 12, 26).date())  # Saturday
    assert not is_working_day(at(2026, 12, 28).date())  # Boxing Day, observed on the Monday
    assert not is_working_day(at(2027, 3, 29).date())  # Easter Monday
    assert is_working_day(at(2027, 3, 30).date())


def test_red_is_four_clock_hours_even_on_a_friday_night():
    assert action_due("red", at(2026, 12, 4, 22, 30), RULES) == at(2026, 12, 5, 2, 30)


def test_amber_on_a_friday_afternoon_is_due_on_monday_at_the_same_time():
    assert action_due("amber", at(2026, 12, 4, 15, 0), RULES) == at(2026, 12, 7, 15, 0)


def test_amber_before_a_bank_holiday_weekend_skips_the_holiday():
    # Thursday 24 December 2026: Friday is Christmas Day, Monday 28 the Boxing Day holiday.
    assert action_due("amber", at(2026, 12, 24, 10, 0), RULES) == at(2026, 12, 29, 10, 0)


def test_green_counts_three_working_days_across_easter():
    # Thursday 25 March 2027: Good Friday 26, Easter Monday 29.
    assert action_due("green", at(2027, 3, 25, 9, 0), RULES) == at(2027, 4, 1, 9, 0)


def test_one_working_day_from_a_saturday_is_the_end_of_monday():
    assert add_working_days(at(2026, 12, 5, 11, 0), 1) == at(2026, 12, 8, 0, 0)
    assert add_working_days(at(2026, 12, 5, 11, 0), 3) == at(2026, 12, 10, 0, 0)


def test_the_triage_clock_runs_in_clock_hours_from_when_the_concern_was_raised():
    assert triage_due(at(2026, 12, 6, 23, 50), RULES) == at(2026, 12, 7, 3, 50)


def test_across_the_clocks_going_back_the_time_of_day_is_kept():
    # 25 October 2026 the clocks go back; Friday 23 amber -> Monday 26 at 15:00 local.
    assert action_due("amber", at(2026, 10, 23, 15, 0), RULES) == at(2026, 10, 26, 15, 0)


@pytest.mark.parametrize("grade", ["red", "amber", "green"])
def test_a_deadline_is_always_after_triage(grade):
    start = at(2026, 12, 31, 23, 59)
    assert action_due(grade, start, RULES) > start
