"""GOV.UK Design System pieces for templates."""

from typing import Any

from django import forms, template

register = template.Library()


def _targets(field: Any) -> list[tuple[str, str]]:
    """Each of a field's errors with the id its link goes to: the box at fault for a date, the
    field itself otherwise."""
    target = getattr(field, "error_target", None)
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        link = widget.id_for_label(field.auto_id, "0")
    else:
        link = field.id_for_label or field.auto_id
    out = []
    for error in field.errors.as_data():
        for message in error:
            out.append((target(error) if target else link, message))
    return out


@register.inclusion_tag("govuk/forms/error_summary.html")
def error_summary(*forms: Any) -> dict[str, Any]:
    """One error summary for every form on the page, each error linking to its field."""
    errors: list[tuple[str, str]] = []
    for form in forms:
        if not form or not form.errors:
            continue
        first_field = next(iter(form), None)
        for error in form.non_field_errors():
            errors.append((first_field.id_for_label if first_field else "main-content", error))
        for field in form:
            errors.extend(_targets(field))
    return {"errors": errors}
