"""Outcome forms: recording one, changing it, withdrawing it."""

from typing import Any

from django import forms
from django.utils import timezone

from wingman.casework.forms import VersionField
from wingman.core.forms import GovukDateField, GovukForm, OnceOnlyMixin
from wingman.core.pathways import Pathway
from wingman.core.validation import limit_of

from .models import Outcome, OutcomeType
from .services import ACHIEVED_ON, CHOOSE_TYPE, ENTER_EVIDENCE, ENTER_REASON, WITHDRAW_LABEL


def type_choices(types: list[OutcomeType]) -> list[Any]:
    """The outcome types under their pathways, pathways in the shared list's order."""
    groups: list[Any] = [("", "Choose an outcome")]
    for pathway in Pathway:
        kinds = [(str(t.pk), t.name) for t in types if t.pathway == pathway.value]
        if kinds:
            groups.append((str(pathway.label), kinds))
    return groups


class OutcomeForm(GovukForm):
    outcome_type = forms.ChoiceField(
        label="Outcome",
        widget=forms.Select,
        error_messages={"required": CHOOSE_TYPE, "invalid_choice": CHOOSE_TYPE},
    )
    achieved_on = GovukDateField(
        label="Date achieved",
        rule=ACHIEVED_ON,
        help_text="It can be an earlier date, but not a date in the future.",
        required_message="Enter the date the outcome was achieved",
    )
    evidence = forms.CharField(
        label="Evidence",
        help_text=(
            "How you know: for example, the tenancy agreement seen, a letter from the college, "
            "the first payslip."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limit_of(Outcome, "evidence"),
        error_messages={"required": ENTER_EVIDENCE},
    )

    field_order = ["outcome_type", "achieved_on", "evidence"]

    def __init__(self, *args: Any, types: list[OutcomeType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome_type"].choices = type_choices(types)  # type: ignore[attr-defined]
        self.initial.setdefault("achieved_on", timezone.localdate())

    def outcome_data(self) -> dict[str, Any]:
        return {
            "outcome_type_id": self.cleaned_data["outcome_type"],
            "achieved_on": self.cleaned_data["achieved_on"],
            "evidence": self.cleaned_data["evidence"],
        }


class OutcomeNewForm(OnceOnlyMixin, OutcomeForm):
    pass


class OutcomeEditForm(OutcomeForm):
    version = VersionField()


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label=WITHDRAW_LABEL,
        help_text="For example: recorded for the wrong person, or recorded twice.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limit_of(Outcome, "withdrawn_reason"),
        error_messages={"required": ENTER_REASON},
    )
    version = VersionField()
