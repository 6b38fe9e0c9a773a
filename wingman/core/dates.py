"""Dates as people read them, in one form everywhere: "3 December", with the year whenever it is
not this year ("3 December 2025"), and the time where it matters ("3 December at 14:05"). Pages
use it as the `when` template filter; messages and page text built in Python call `when()`."""

from datetime import date, datetime

from django.utils import dateformat, timezone


def when(
    value: date | datetime | None,
    *,
    today: date | None = None,
    time: bool | None = None,
    year: bool = False,
    weekday: bool = False,
) -> str:
    """`value` in words. A datetime shows its London time unless `time=False`; a date never
    shows one. The year is shown when it is not this year, or always with `year=True` (for text
    that is kept and read later, such as an audit summary). `weekday=True` starts with the day's
    name ("Monday 3 December")."""
    if value is None or value == "":
        return ""
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        day = moment.date()
    else:
        day = value
    today = today or timezone.localdate()
    pattern = "l j F" if weekday else "j F"
    if year or day.year != today.year:
        pattern += " Y"
    text = dateformat.format(day, pattern)
    if moment is not None and time is not False:
        text += f" at {dateformat.format(moment, 'H:i')}"
    return text
