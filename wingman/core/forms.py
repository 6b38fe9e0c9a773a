"""GOV.UK Design System forms: one renderer for our forms (the back office keeps Django's), a
form base that marks fields in error, and a one-time token so a form sent twice saves once."""

from collections.abc import MutableMapping
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from .models import FormSubmission

WIDGET_CLASSES = {
    forms.Textarea: ("govuk-textarea", "govuk-textarea--error"),
    forms.Select: ("govuk-select", "govuk-select--error"),
    forms.CheckboxSelectMultiple: ("govuk-checkboxes__input", ""),
    forms.RadioSelect: ("govuk-radios__input", ""),
    forms.CheckboxInput: ("govuk-checkboxes__input", ""),
    forms.widgets.Input: ("govuk-input", "govuk-input--error"),
}


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


class GovukFormMixin:
    default_renderer: Any = _renderer
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_type, (css, _error) in WIDGET_CLASSES.items():
                if isinstance(field.widget, widget_type):
                    existing = field.widget.attrs.get("class", "")
                    field.widget.attrs["class"] = f"{css} {existing}".strip()
                    break

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            field = self.fields.get(name)
            if field is None:
                continue
            for widget_type, (_css, error) in WIDGET_CLASSES.items():
                if isinstance(field.widget, widget_type) and error:
                    css = field.widget.attrs.get("class", "")
                    field.widget.attrs["class"] = f"{css} {error}".strip()
                    break


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OnceOnlyMixin:
    """Adds a hidden one-time token. `submitted_before()` finds the record a repeat created."""

    fields: dict[str, forms.Field]
    initial: MutableMapping[str, Any]
    data: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form_token"] = forms.UUIDField(widget=forms.HiddenInput)
        self.initial.setdefault("form_token", FormSubmission.new_token())

    @property
    def token(self) -> str | None:
        value = self.data.get("form_token") if self.data else None
        return str(value) if value else None
