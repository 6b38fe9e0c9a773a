"""`{{ value|when }}` on every page that shows a date (see `wingman.core.dates`), loaded for every
template (settings `TEMPLATES` builtins).

    {{ contact.occurred_on|when }}          3 December  /  3 December 2025
    {{ event.at|when }}                     3 December at 14:05
    {{ event.at|when:"day" }}               3 December (a datetime without its time)
    {{ journey.expected_release_date|when:"weekday" }}   Monday 3 December
    {{ client.date_of_birth|when:"year" }}  3 December 2007 (the year always)
    {% if task.due_on|before_today %}       the date has passed
"""

from datetime import date, datetime
from datetime import time as clock
from typing import Any

from django import template
from django.utils import timezone

from wingman.core.dates import when as _when

register = template.Library()

OPTIONS = frozenset({"day", "weekday", "year"})


@register.filter(expects_localtime=False)
def when(value: Any, options: str = "") -> str:
    if isinstance(value, clock):
        return value.strftime("%H:%M")  # a time of day: "00:40"
    if not isinstance(value, date):
        return "" if value in (None, "") else str(value)
    chosen = {o.strip() for o in options.split(",") if o.strip()}
    unknown = chosen - OPTIONS
    if unknown:
        raise template.TemplateSyntaxError(f"when: unknown option {', '.join(sorted(unknown))}")
    return _when(
        value,
        time=False if "day" in chosen else None,
        year="year" in chosen,
        weekday="weekday" in chosen,
    )


@register.filter
def before_today(value: Any) -> bool:
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return isinstance(value, date) and value < timezone.localdate()
