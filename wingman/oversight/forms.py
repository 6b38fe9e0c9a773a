"""Filters for the data protection officer's pages."""

from typing import Any

from django import forms

from wingman.core.forms import GovukDateField, GovukForm

from .safeguarding_register import RegisterFilters
from .selectors import KINDS, Filters


class AccessFilterForm(GovukForm):
    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False)
    person = forms.TypedChoiceField(label="Person", required=False, coerce=int, empty_value=None)
    kinds = forms.MultipleChoiceField(
        label="What happened",
        help_text="Leave all unticked to see everything.",
        choices=list(KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, people: list[Any], kinds: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        person.choices = [("", "Anyone")] + [  # type: ignore[attr-defined]
            (u.pk, f"{u.get_full_name() or u.username} ({u.get_role_display()})") for u in people
        ]
        if not kinds:
            del self.fields["kinds"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            start=data.get("start"),
            end=data.get("end"),
            actor_id=data.get("person"),
            kinds=list(data.get("kinds") or []),
        )


class RegisterFilterForm(GovukForm):
    overdue = forms.BooleanField(label="Only those overdue for review", required=False)
    state = forms.ChoiceField(
        label="Concerns",
        choices=[("open", "Open"), ("closed", "Closed")],
        widget=forms.RadioSelect,
        required=False,
        help_text="Leave unselected to see both.",
    )

    def filters(self) -> RegisterFilters:
        data = self.cleaned_data
        return RegisterFilters(overdue=bool(data.get("overdue")), state=data.get("state") or "")
