"""The GOV.UK date input: three boxes that take a date as people type it, and the Design
System's messages naming the field, on the right box, linked from the error summary."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import timezone

from wingman.core.forms import GovukDateField, GovukForm
from wingman.core.validation import DateRule, years_from
from wingman.people.services import DATE_OF_BIRTH


class BirthForm(GovukForm):
    date_of_birth = GovukDateField(
        label="Date of birth", rule=DATE_OF_BIRTH, required_message="Enter a date of birth"
    )


class OptionalForm(GovukForm):
    due_on = GovukDateField(label="Due date", required=False)


def boxes(day: str, month: str, year: str, name: str = "date_of_birth") -> dict[str, str]:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def cleaned(day: str, month: str, year: str) -> date:
    form = BirthForm(boxes(day, month, year))
    assert form.is_valid(), form.errors
    return form.cleaned_data["date_of_birth"]


def refusal(day: str, month: str, year: str) -> tuple[str, tuple[str, ...]]:
    form = BirthForm(boxes(day, month, year))
    assert not form.is_valid()
    (message,) = form.errors["date_of_birth"]
    return message, form["date_of_birth"].error_parts()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (("3", "12", "2007"), date(2007, 12, 3)),
        (("03", "09", "2007"), date(2007, 9, 3)),
        ((" 3 ", " 12 ", " 2007 "), date(2007, 12, 3)),
        (("3.", "12.", "2007"), date(2007, 12, 3)),
        (("3", "Dec", "2007"), date(2007, 12, 3)),
        (("3", "december", "2007"), date(2007, 12, 3)),
        (("3", "DEC.", "2007"), date(2007, 12, 3)),
        (("14", "Sept", "2007"), date(2007, 9, 14)),
        (("29", "2", "2008"), date(2008, 2, 29)),
    ],
)
def test_a_date_is_read_as_people_type_it(typed, expected):
    assert cleaned(*typed) == expected


@pytest.mark.parametrize(
    ("typed", "message", "parts"),
    [
        (("", "", ""), "Enter a date of birth", ()),
        (("3", "", "2007"), "Date of birth must include a month", ("month",)),
        (("", "", "2007"), "Date of birth must include a day and month", ("day", "month")),
        (("3", "12", ""), "Date of birth must include a year", ("year",)),
        (("31", "2", "2007"), "Date of birth must be a real date", ("day",)),
        (("29", "2", "2007"), "Date of birth must be a real date", ("day",)),
        (("32", "1", "2007"), "Date of birth must be a real date", ("day",)),
        (("3", "13", "2007"), "Date of birth must be a real date", ("month",)),
        (("3", "Smarch", "2007"), "Date of birth must be a real date", ("month",)),
        (("banana", "12", "2007"), "Date of birth must be a real date", ("day",)),
        (("3", "12", "twenty"), "Date of birth must be a real date", ("year",)),
        (("0", "0", "2007"), "Date of birth must be a real date", ("day", "month")),
        (("-3", "12", "2007"), "Date of birth must be a real date", ("day",)),
        (("3", "12", "07"), "Date of birth must include a year with 4 numbers", ("year",)),
        (("3", "12", "20071"), "Date of birth must include a year with 4 numbers", ("year",)),
        (("3", "12", "2030"), "Date of birth must be in the past", ("day", "month", "year")),
    ],
)
def test_a_wrong_date_says_what_is_wrong_on_the_box_at_fault(typed, message, parts):
    got, got_parts = refusal(*typed)
    assert got == message
    if parts:
        assert got_parts == parts


def test_the_service_rule_gives_the_range_in_words():
    too_young = years_from(timezone.localdate(), -7)
    message, _ = refusal(str(too_young.day), str(too_young.month), str(too_young.year))
    assert message.startswith("Date of birth must be the same as or before ")
    assert message.endswith(": the service works with children from 8 years old")


def test_an_optional_date_left_empty_is_none():
    form = OptionalForm(boxes("", "", "", name="due_on"))
    assert form.is_valid() and form.cleaned_data["due_on"] is None


def test_a_date_rule_refuses_outside_its_range_and_names_the_field():
    rule = DateRule(field="on", label="Date of the move", latest=lambda now: now)
    assert rule.message_for(date(1999, 12, 31)) == (
        "Date of the move must be the same as or after 1 January 2000"
    )
    assert rule.message_for(date(2000, 1, 1)) is None


def render(form: GovukForm) -> str:
    return Template("{% load govuk %}{% error_summary form %}{{ form }}").render(
        Context({"form": form})
    )


def test_the_boxes_are_the_design_systems_date_input_in_a_fieldset():
    html = render(BirthForm())
    assert '<fieldset class="govuk-fieldset" role="group"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of birth' in html
    assert 'class="govuk-date-input" id="id_date_of_birth"' in html
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        assert (
            f'<label class="govuk-label govuk-date-input__label" for="id_date_of_birth_{part}">'
            f"{part.capitalize()}</label>"
        ) in html
        assert (
            f'class="govuk-input govuk-date-input__input govuk-input--width-{width}" '
            f'id="id_date_of_birth_{part}" name="date_of_birth_{part}" type="text" '
            'inputmode="numeric"'
        ) in html
    assert "For example, " in html
    assert 'type="date"' not in html


def test_a_saved_date_fills_the_three_boxes():
    html = render(BirthForm(initial={"date_of_birth": date(2007, 3, 27)}))
    assert 'name="date_of_birth_day" type="text" inputmode="numeric" value="27"' in html
    assert 'name="date_of_birth_month" type="text" inputmode="numeric" value="3"' in html
    assert 'name="date_of_birth_year" type="text" inputmode="numeric" value="2007"' in html


def test_what_was_typed_is_shown_again_with_the_box_at_fault_marked():
    html = render(BirthForm(boxes("3", "Smarch", "2007")))
    assert 'value="Smarch"' in html
    assert "govuk-form-group govuk-form-group--error" in html
    assert (
        'class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" '
        'id="id_date_of_birth_month"'
    ) in html
    assert (
        'class="govuk-input govuk-date-input__input govuk-input--width-2" id="id_date_of_birth_day"'
    ) in html
    assert '<a href="#id_date_of_birth_month">Date of birth must be a real date</a>' in html
    assert 'aria-describedby="id_date_of_birth_hint id_date_of_birth_error"' in html
    assert '<p id="id_date_of_birth_error" class="govuk-error-message">' in html


def test_an_error_about_the_whole_date_marks_every_box_and_links_to_the_day():
    html = render(BirthForm(boxes("3", "12", "2030")))
    assert html.count("govuk-input--error") == 3
    assert '<a href="#id_date_of_birth_day">Date of birth must be in the past</a>' in html
