"""GOV.UK Design System pieces for templates."""

from typing import Any

from django import template

register = template.Library()


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
            errors.extend((field.id_for_label, error) for error in field.errors)
    return {"errors": errors}
