"""The limits every channel keeps, defined once: how far back and how far ahead a date may be, and
how long a text may be. Services check them and raise `ServiceError(field=...)`; forms and the
API's schemas call the same checks, so the pages and the API refuse the same input in the same
words."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst

from .errors import ServiceError

# No record of the service's work (a contact, a referral, a move, a task, a release) is dated
# before the service could have existed.
EARLIEST = date(2000, 1, 1)
# Notes, reasons and other free text: generous, but not a megabyte.
LONG_TEXT = 20_000
# Tasks and leave on temporary licence are planned at most this many years ahead.
PLANNING_YEARS = 5
# An expected release date may be a long sentence away.
RELEASE_YEARS = 20
# Dates of birth: the service works with children from 8 (primary-school recruitment) and
# nobody on its books is over 100.
YOUNGEST_AGE = 8
OLDEST_AGE = 100


def today() -> date:
    return timezone.localdate()


def years_from(day: date, years: int) -> date:
    """The same day `years` later (earlier if negative); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def written(day: date) -> str:
    """A date as the GOV.UK style writes it: 1 January 2000."""
    return formats.date_format(day, "j F Y")


def _earliest(_today: date) -> date:
    return EARLIEST


def not_after_today(day: date) -> date:
    return day


TODAY_OR_PAST = "{label} must be today or in the past"


@dataclass(frozen=True)
class DateRule:
    """The dates a field accepts: from `earliest` to `latest`, each worked out from today."""

    field: str
    label: str
    earliest: Callable[[date], date] = _earliest
    latest: Callable[[date], date] | None = None
    too_early: str = "{label} must be the same as or after {earliest}"
    too_late: str = "{label} must be the same as or before {latest}"
    # Said instead of `too_late` when the date is after today.
    future: str = ""

    def message_for(self, value: date | None) -> str | None:
        """What is wrong with `value`, or None when it is acceptable (or not given)."""
        if value is None:
            return None
        now = today()
        low = self.earliest(now)
        high = self.latest(now) if self.latest else None
        words = {"label": self.label, "earliest": written(low)}
        if high is not None:
            words["latest"] = written(high)
        if self.future and value > now:
            return self.future.format(**words)
        if value < low:
            return self.too_early.format(**words)
        if high is not None and value > high:
            return self.too_late.format(**words)
        return None

    def check(self, value: date | None) -> None:
        message = self.message_for(value)
        if message:
            raise ServiceError(message, field=self.field)


def past_date(field: str, label: str) -> DateRule:
    """A date something happened: from 1 January 2000 to today."""
    return DateRule(field=field, label=label, latest=not_after_today, too_late=TODAY_OR_PAST)


def planned_date(field: str, label: str, *, years: int = PLANNING_YEARS) -> DateRule:
    """A date something is planned for: from 1 January 2000 to `years` ahead."""
    return DateRule(field=field, label=label, latest=lambda now: years_from(now, years))


def check_dates(rules: Iterable[DateRule], values: Mapping[str, Any]) -> None:
    for rule in rules:
        if rule.field in values:
            rule.check(values[rule.field])


# Times of day --------------------------------------------------------------------------------

TIME_NOT_YET = "{label} must be now or earlier"
TIME_FORMAT = "Enter {label_lower} as hours and minutes, like 21:30"


def check_time_of_day(
    values: Mapping[str, Any], date_field: str, time_field: str, label: str
) -> None:
    """A time something happened, on the date in `date_field`: not later than now when that date
    is today. Empty is fine (not every record has a time)."""
    at = values.get(time_field)
    if at is None:
        return
    if not isinstance(at, time) or at.tzinfo is not None:
        # A time of day is local: one sent with a zone ("00:40Z") is refused, not guessed at.
        raise ServiceError(TIME_FORMAT.format(label_lower=label.lower()), field=time_field)
    if values.get(date_field) == timezone.localdate() and at > timezone.localtime().time():
        raise ServiceError(TIME_NOT_YET.format(label=label), field=time_field)


# Text ---------------------------------------------------------------------------------------


def limit_of(model: type[models.Model], name: str) -> int:
    """The most characters `model.name` holds: the model field's `max_length`, the one place
    each limit is set (free-text columns use LONG_TEXT)."""
    limit = model._meta.get_field(name).max_length  # type: ignore[union-attr]
    assert limit, f"{model.__name__}.{name} has no max_length"
    return int(limit)


def label_of(model: type[models.Model], name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]


def too_long(label: str, limit: int) -> str:
    return f"{label} must be {limit:,} characters or less"


def text_message(value: str, *, label: str, limit: int, required: str = "") -> str | None:
    """What is wrong with a text, or None: blank where it is required, or too long."""
    if required and not value.strip():
        return required
    if len(value) > limit:
        return too_long(label, limit)
    return None


def check_lengths(
    model: type[models.Model],
    values: Mapping[str, Any],
    *,
    labels: Mapping[str, str] | None = None,
    fields: Mapping[str, str] | None = None,
) -> None:
    """Refuse any text in `values` longer than its model field holds. `labels` names a field as
    the form does where that differs from the model's name for it; `fields` gives the name the
    error is reported under where that differs from the model field's."""
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a value that is not a column is not a text to check
            continue
        limit = getattr(field, "max_length", None)
        if limit and len(value) > limit:
            label = (labels or {}).get(name) or label_of(model, name)
            raise ServiceError(too_long(label, limit), field=(fields or {}).get(name, name))
