"""The on-call rota's form: who, for which team (or the whole organisation), on which number,
from when until when."""

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from wingman.core.forms import GovukDateField, GovukForm, GovukTimeField, OnceOnlyMixin
from wingman.core.validation import limit_of

from ..models import OnCallShift

WHOLE_ORGANISATION = "Whole organisation"


def _at(day: date | None, at: time | None) -> datetime | None:
    if day is None or at is None:
        return None
    return timezone.make_aware(datetime.combine(day, at))


class ShiftForm(OnceOnlyMixin, GovukForm):
    person = forms.ChoiceField(
        label="Who is on call",
        widget=forms.Select,
        error_messages={"required": "Select who is on call"},
    )
    team = forms.ChoiceField(label="For", widget=forms.Select, required=False)
    phone = forms.CharField(
        label="Number to call",
        help_text="The number they answer while on call.",
        max_length=limit_of(OnCallShift, "phone"),
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "type": "tel", "autocomplete": "off"}
        ),
        error_messages={"required": "Enter the number to call"},
    )
    starts_on = GovukDateField(label="Date it starts")
    starts_time = GovukTimeField(label="Time it starts", required=True)
    ends_on = GovukDateField(label="Date it ends")
    ends_time = GovukTimeField(label="Time it ends", required=True)

    def __init__(
        self,
        *args: Any,
        people: Iterable[Any] = (),
        teams: Iterable[Any] = (),
        whole_organisation: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), f"{p} ({p.get_role_display()})") for p in people
        ]
        teams = [(str(t.pk), str(t)) for t in teams]
        self.fields["team"].choices = (  # type: ignore[attr-defined]
            [("", WHOLE_ORGANISATION)] if whole_organisation else []
        ) + teams

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "person_id": data["person"],
            "team_id": data.get("team") or None,
            "phone": data["phone"],
            "starts_at": _at(data.get("starts_on"), data.get("starts_time")),
            "ends_at": _at(data.get("ends_on"), data.get("ends_time")),
        }
