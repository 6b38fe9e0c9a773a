"""GOV.UK Design System forms: one renderer for our forms (the back office keeps Django's), a form
base that marks fields in error and words every message in the field's own terms, the Design
System's date input (day, month and year boxes), and a one-time token so a form sent twice saves
once."""

import calendar
from collections.abc import Callable, MutableMapping
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from .models import FormSubmission
from .validation import TIME_FORMAT, DateRule, too_long

WIDGET_CLASSES = {
    forms.Textarea: ("govuk-textarea", "govuk-textarea--error"),
    forms.Select: ("govuk-select", "govuk-select--error"),
    forms.CheckboxSelectMultiple: ("govuk-checkboxes__input", ""),
    forms.RadioSelect: ("govuk-radios__input", ""),
    forms.CheckboxInput: ("govuk-checkboxes__input", ""),
    forms.widgets.Input: ("govuk-input", "govuk-input--error"),
}
DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])
NOT_KNOWN = "Not known"


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"

    def get_template(self, template_name: str) -> Any:
        if template_name.startswith("django/forms/widgets/"):
            try:
                return get_template("govuk/widgets/" + template_name.rsplit("/", 1)[1])
            except TemplateDoesNotExist:
                pass
        return super().get_template(template_name)


_renderer = GovukFormRenderer()


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def required_message(field: forms.Field) -> str:
    """What a required field says when left empty, in its own words: "Choose who referred",
    "Enter the first name". Forms give a better sentence where they can."""
    label = _lower_first(str(field.label or "an answer"))
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField):
        return f"Choose {label}"
    return f"Enter {label}"


class GovukRadioSelect(forms.RadioSelect):
    """Radios with nothing chosen until someone chooses: a value not yet given ticks no option
    (Django ticks the blank one). An explicit "Not known" option, where a form offers one, is
    ticked only when it is the saved or sent answer."""

    def format_value(self, value: Any) -> list[str]:
        if value is None:
            return []
        return super().format_value(value)


class GovukFormMixin:
    """Marks fields in error, and words every message in the field's own terms: no "This field
    is required.", no browser-side length limits that cut a pasted text short without saying
    so. Radios offer no blank choice ticked by default; a form lists in `not_known` the
    optional radios that offer an explicit "Not known" as their last option instead."""

    default_renderer: Any = _renderer
    fields: dict[str, forms.Field]
    initial: MutableMapping[str, Any]
    not_known: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        adding = getattr(getattr(self, "instance", None), "_state", None)
        new_record = adding is None or adding.adding
        for name, field in self.fields.items():
            if type(field.widget) is forms.RadioSelect:
                self._radios(name, field, new_record=new_record)
            for widget_type, (css, _error) in WIDGET_CLASSES.items():
                if isinstance(field.widget, widget_type):
                    existing = field.widget.attrs.get("class", "")
                    field.widget.attrs["class"] = f"{css} {existing}".strip()
                    break
            self._words(field)

    def _radios(self, name: str, field: forms.Field, *, new_record: bool) -> None:
        choices = [c for c in field.choices if c[0] not in ("", None)]  # type: ignore[attr-defined]
        if name in self.not_known and not field.required:
            choices.append(("", NOT_KNOWN))
        field.choices = choices  # type: ignore[attr-defined]
        field.widget = GovukRadioSelect(attrs=field.widget.attrs, choices=choices)
        if new_record and self.initial.get(name) == "":
            self.initial[name] = None

    @staticmethod
    def _words(field: forms.Field) -> None:
        messages = field.error_messages
        if field.required and str(messages.get("required")) == DJANGO_REQUIRED:
            messages["required"] = required_message(field)
        label = str(field.label or "This")
        limit = getattr(field, "max_length", None)
        if limit is not None:
            field.widget.attrs.pop("maxlength", None)
            messages.setdefault("max_length", too_long(label, int(limit)))
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            default = forms.ChoiceField.default_error_messages["invalid_choice"]
            model_default = forms.ModelChoiceField.default_error_messages["invalid_choice"]
            if str(messages.get("invalid_choice")) in (str(default), str(model_default)):
                messages["invalid_choice"] = f"Choose {_lower_first(label)} from the options"

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        if field is None or field not in self.fields:
            return
        widget = self.fields[field].widget
        for widget_type, (_css, css_error) in WIDGET_CLASSES.items():
            if isinstance(widget, widget_type) and css_error:
                if css_error not in widget.attrs.get("class", "").split():
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css_error}".strip()
                break


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


# Dates: the Design System's date input --------------------------------------------------------

DATE_PARTS = ("day", "month", "year")
MONTHS = {
    **{name.lower(): n for n, name in enumerate(calendar.month_name) if n},
    **{name.lower(): n for n, name in enumerate(calendar.month_abbr) if n},
    "sept": 9,
}


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input). `error_parts` names the boxes to mark
    in error; the bound field sets it before each rendering."""

    template_name = "govuk/forms/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({part: forms.TextInput for part in DATE_PARTS}, attrs)
        self.error_parts: tuple[str, ...] = ()

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        box_id = context["widget"]["attrs"].get("id") or name
        for part, box in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            width = "govuk-input--width-4" if part == "year" else "govuk-input--width-2"
            error = " govuk-input--error" if part in self.error_parts else ""
            box["attrs"] = {
                "id": f"{box_id}_{part}",
                "class": f"govuk-input govuk-date-input__input {width}{error}",
                "inputmode": "numeric",
            }
            box["part"] = part
            box["label"] = part.capitalize()
        return context


class GovukDateBoundField(BoundField):
    def error_parts(self) -> tuple[str, ...]:
        """The boxes at fault: those an error names, or all three for an error about the date
        as a whole (out of range, or refused by a service)."""
        parts: list[str] = []
        for error in self.errors.as_data():
            parts.extend((error.params or {}).get("parts") or DATE_PARTS)
        return tuple(p for p in DATE_PARTS if p in parts)

    def error_target(self, error: ValidationError) -> str:
        """The id of the box an error summary's link for `error` goes to."""
        parts = (error.params or {}).get("parts") or DATE_PARTS
        return f"{self.auto_id}_{parts[0]}"

    def as_widget(self, widget: Any = None, attrs: Any = None, only_initial: bool = False) -> Any:
        widget = widget or self.field.widget
        widget.error_parts = self.error_parts() if self.errors else ()
        return super().as_widget(widget, attrs, only_initial)


def _whole_number(text: str) -> int | None:
    text = text.strip().rstrip(".")
    return int(text) if text.isdecimal() else None


def _month(text: str) -> int | None:
    number = _whole_number(text)
    if number is not None:
        return number
    return MONTHS.get(text.strip().rstrip(".").lower())


class GovukDateField(forms.Field):
    """A date typed into day, month and year boxes as people type it ("3", "12", "2026"; a
    month may be a name such as "Dec"), with the Design System's messages naming the field:
    "Enter the due date", "Due date must include a month", "Due date must be a real date". A
    `rule` (the service's own) adds its range: "Date of birth must be in the past"."""

    widget = GovukDateInput

    def __init__(
        self,
        *,
        label: str,
        rule: DateRule | None = None,
        required_message: str | None = None,
        example: str | Callable[[], str] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("max_length", None)
        super().__init__(label=label, **kwargs)
        self.rule = rule
        self._example = example
        self.error_messages["required"] = required_message or f"Enter the {_lower_first(label)}"

    @property
    def example(self) -> str:
        """The hint's example: a date shaped as the boxes want it."""
        if callable(self._example):
            return self._example()
        return self._example or f"27 3 {timezone.localdate().year}"

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        return GovukDateBoundField(form, self, field_name)

    def _refuse(self, words: str, parts: list[str] | tuple[str, ...]) -> ValidationError:
        return ValidationError(
            f"{self.label} {words}", code="invalid", params={"parts": list(parts)}
        )

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date):
            return value
        if value in self.empty_values or not isinstance(value, list | tuple):
            return None
        typed = dict(zip(DATE_PARTS, (str(v or "").strip() for v in value), strict=False))
        if not any(typed.values()):
            return None
        missing = [part for part in DATE_PARTS if not typed.get(part)]
        if missing:
            raise self._refuse(f"must include a {' and '.join(missing)}", missing)
        day, month, year = (
            _whole_number(typed["day"]),
            _month(typed["month"]),
            _whole_number(typed["year"]),
        )
        wrong = [
            part
            for part, number, top in (("day", day, 31), ("month", month, 12))
            if number is None or not 1 <= number <= top
        ]
        if year is None or year < 1:
            wrong.append("year")
        if wrong:
            raise self._refuse("must be a real date", wrong)
        if len(typed["year"].rstrip(".")) != 4:
            raise self._refuse("must include a year with 4 numbers", ["year"])
        assert day is not None and month is not None and year is not None
        try:
            return date(year, month, day)
        except ValueError:
            raise self._refuse("must be a real date", ["day"]) from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        message = self.rule.message_for(value) if self.rule else None
        if message:
            raise ValidationError(message, code="out_of_range")


class GovukTimeField(forms.TimeField):
    """A time of day typed as hours and minutes ("21:30", "9.05", "2130"), optional unless
    `required=True`. The message for a time that cannot be read names the field."""

    INPUT_FORMATS = ("%H:%M", "%H.%M", "%H%M", "%H:%M:%S")

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", "Hours and minutes, on the 24-hour clock: for example, 21:30."
        )
        super().__init__(
            label=label,
            input_formats=list(self.INPUT_FORMATS),
            widget=forms.TimeInput(
                format="%H:%M",
                attrs={
                    "class": "govuk-input--width-5",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                },
            ),
            error_messages={
                "invalid": TIME_FORMAT.format(label_lower=label.lower()),
                "required": f"Enter {label.lower()}",
            },
            **kwargs,
        )


class OnceOnlyMixin:
    """Adds a hidden one-time token. `submitted_before()` finds the record a repeat created."""

    fields: dict[str, forms.Field]
    initial: MutableMapping[str, Any]
    data: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form_token"] = forms.UUIDField(
            widget=forms.HiddenInput,
            error_messages={
                "required": "This form is out of date: open it again and resend",
                "invalid": "This form is out of date: open it again and resend",
            },
        )
        self.initial.setdefault("form_token", FormSubmission.new_token())

    @property
    def token(self) -> str | None:
        value = self.data.get("form_token") if self.data else None
        return str(value) if value else None
