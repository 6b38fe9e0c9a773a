"""ROTL dates were free text, one date or period a line (`2026-03-01` or `2026-03-01 to
2026-03-03`, as the demo wrote them). Each line that reads as a plausible date or period becomes
a `RotlPeriod`; every other line is kept, word for word, in `Journey.rotl_unparsed`, which the
journey page shows until someone enters those dates again. Nothing is dropped."""

import re
from datetime import date

from django.db import migrations

ISO = r"(\d{4}-\d{2}-\d{2})"
LINE = re.compile(rf"^{ISO}(?:\s*(?:to|until|-|–|—)\s*{ISO})?$", re.IGNORECASE)
# The bounds new entries keep (wingman.core.validation): from 2000 to a few years ahead.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 1, 1)


def periods_from_text(text: str) -> tuple[list[tuple[date, date]], list[str]]:
    """The periods a text names, and the lines that could not be read as one."""
    periods: list[tuple[date, date]] = []
    unread: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        match = LINE.match(line)
        try:
            first = date.fromisoformat(match.group(1)) if match else None
            last = date.fromisoformat(match.group(2)) if match and match.group(2) else first
        except ValueError:
            first = last = None
        if first is None or last is None or not EARLIEST <= first <= last < LATEST:
            unread.append(raw.rstrip())
            continue
        periods.append((first, last))
    return periods, unread


def forwards(apps, schema_editor):
    Journey = apps.get_model("casework", "Journey")
    RotlPeriod = apps.get_model("casework", "RotlPeriod")
    for journey in Journey.objects.exclude(rotl_dates="").only("pk", "rotl_dates").iterator():
        periods, unread = periods_from_text(journey.rotl_dates)
        RotlPeriod.objects.bulk_create(
            RotlPeriod(journey_id=journey.pk, first_day=first, last_day=last)
            for first, last in periods
        )
        if unread:
            Journey.objects.filter(pk=journey.pk).update(rotl_unparsed="\n".join(unread))


def backwards(apps, schema_editor):
    Journey = apps.get_model("casework", "Journey")
    RotlPeriod = apps.get_model("casework", "RotlPeriod")
    lines: dict[int, list[str]] = {}
    for period in RotlPeriod.objects.order_by("first_day", "id"):
        if period.first_day == period.last_day:
            lines.setdefault(period.journey_id, []).append(f"{period.first_day:%Y-%m-%d}")
        else:
            lines.setdefault(period.journey_id, []).append(
                f"{period.first_day:%Y-%m-%d} to {period.last_day:%Y-%m-%d}"
            )
    for journey in Journey.objects.exclude(rotl_unparsed="").only("pk", "rotl_unparsed"):
        lines.setdefault(journey.pk, []).append(journey.rotl_unparsed)
    for journey_id, text in lines.items():
        Journey.objects.filter(pk=journey_id).update(rotl_dates="\n".join(text))
    RotlPeriod.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_rotl_periods")]

    operations = [migrations.RunPython(forwards, backwards)]
