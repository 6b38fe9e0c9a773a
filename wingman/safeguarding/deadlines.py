"""When a concern must be triaged, and acted on once triaged. Red is counted in clock hours (a
red concern raised on a Friday night cannot wait for Monday); amber and green in working days,
which skip weekends and bank holidays, and keep the time of day: an amber concern triaged at
15:00 on a Friday is due at 15:00 on Monday, or Tuesday when Monday is a bank holiday. A concern
triaged on a day off counts from the start of the next working day, so one working day from a
Saturday is the end of Monday."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

import holidays
from django.conf import settings
from django.utils import timezone

from .choices import Grade


@dataclass(frozen=True)
class Deadlines:
    triage_hours: int
    red_hours: int
    amber_working_days: int
    green_working_days: int


def deadlines_for(organisation_id: int | None) -> Deadlines:
    """The organisation's own, or the defaults."""
    from .models import TriageDeadlines

    own = (
        TriageDeadlines.objects.filter(organisation_id=organisation_id).first()
        if organisation_id is not None
        else None
    )
    if own is not None:
        return Deadlines(
            triage_hours=own.triage_hours,
            red_hours=own.red_hours,
            amber_working_days=own.amber_working_days,
            green_working_days=own.green_working_days,
        )
    return Deadlines(**settings.WINGMAN_TRIAGE_DEADLINES)


@cache
def _bank_holidays(country: str, subdivision: str, year: int) -> Any:
    return holidays.country_holidays(country, subdiv=subdivision or None, years=year)


def is_working_day(day: date) -> bool:
    country, subdivision = settings.WINGMAN_BANK_HOLIDAYS
    return day.weekday() < 5 and day not in _bank_holidays(country, subdivision, day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    """`days` working days after `start`, at the same time of day (local time)."""
    local = timezone.localtime(start)
    day = local.date()
    clock = local.time().replace(tzinfo=None)
    if not is_working_day(day):
        # Counted from the start of the next working day: one working day from a Saturday is
        # the end of Monday (midnight going into Tuesday).
        clock = time(0, 0)
        while not is_working_day(day):
            day += timedelta(days=1)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return timezone.make_aware(datetime.combine(day, clock))


def triage_due(raised_at: datetime, rules: Deadlines) -> datetime:
    return raised_at + timedelta(hours=rules.triage_hours)


def action_due(grade: str, triaged_at: datetime, rules: Deadlines) -> datetime:
    if grade == Grade.RED:
        return triaged_at + timedelta(hours=rules.red_hours)
    days = rules.amber_working_days if grade == Grade.AMBER else rules.green_working_days
    return add_working_days(triaged_at, days)
