"""One date format everywhere: "3 December", the year when it is not this year, the time where
it matters."""

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone

from wingman.core.dates import when

TODAY = date(2026, 6, 15)
LONDON = ZoneInfo("Europe/London")


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_a_date_this_year_has_no_year():
    assert when(date(2026, 12, 3), today=TODAY) == "3 December"


def test_a_date_in_another_year_has_its_year():
    assert when(date(2025, 12, 3), today=TODAY) == "3 December 2025"
    assert when(date(2027, 1, 9), today=TODAY) == "9 January 2027"


def test_a_moment_shows_its_london_time():
    moment = datetime(2026, 12, 3, 14, 5, tzinfo=LONDON)
    assert when(moment, today=TODAY) == "3 December at 14:05"
    summer = datetime(2026, 7, 1, 12, 30, tzinfo=ZoneInfo("UTC"))
    assert when(summer, today=TODAY) == "1 July at 13:30"


def test_a_moment_last_year_has_its_year_and_time():
    moment = datetime(2025, 12, 3, 9, 0, tzinfo=LONDON)
    assert when(moment, today=TODAY) == "3 December 2025 at 09:00"


def test_the_day_of_a_moment_can_be_shown_without_its_time():
    moment = datetime(2026, 12, 3, 14, 5, tzinfo=LONDON)
    assert when(moment, today=TODAY, time=False) == "3 December"


def test_text_that_is_kept_always_has_the_year():
    assert when(date(2026, 12, 3), today=TODAY, year=True) == "3 December 2026"


def test_the_weekday_can_lead():
    assert when(date(2026, 12, 3), today=TODAY, weekday=True) == "Thursday 3 December"


def test_nothing_is_shown_for_no_date():
    assert when(None) == ""


def test_the_filter_uses_this_year():
    this_year = timezone.localdate().replace(month=3, day=1)
    last_year = this_year.replace(year=this_year.year - 1)
    assert render("{{ d|when }}", d=this_year) == "1 March"
    assert render("{{ d|when }}", d=last_year) == f"1 March {last_year.year}"


def test_the_filter_options():
    day = timezone.localdate().replace(month=3, day=2)
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=8))
    assert render("{{ m|when }}", m=moment) == "2 March at 08:00"
    assert render('{{ m|when:"day" }}', m=moment) == "2 March"
    assert render('{{ d|when:"year" }}', d=day) == f"2 March {day.year}"
    assert render('{{ d|when:"weekday" }}', d=day) == f"{day:%A} 2 March"
    assert render('{{ d|when|default:"Not recorded" }}', d=None) == "Not recorded"


def test_the_filter_refuses_an_unknown_option():
    with pytest.raises(TemplateSyntaxError):
        render('{{ d|when:"iso" }}', d=date(2026, 1, 1))


def test_before_today():
    today = timezone.localdate()
    assert render("{{ d|before_today }}", d=today - timedelta(days=1)) == "True"
    assert render("{{ d|before_today }}", d=today) == "False"


def test_no_template_formats_a_date_any_other_way():
    """Every page shows dates through `when`: no `date` or `time` filter, no `now` tag."""
    templates = Path(settings.BASE_DIR) / "wingman" / "templates"
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r"\|(date|time)\b|\{% now", path.read_text())
    ]
    assert not offenders, f"show these dates with |when: {offenders}"


def test_a_time_of_day_is_shown_as_hours_and_minutes():
    from datetime import time

    assert render("{{ t|when }}", t=time(0, 40)) == "00:40"
