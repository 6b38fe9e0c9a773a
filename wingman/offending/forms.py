"""The offence form: one offence a page, in GOV.UK markup."""

from typing import Any

from django import forms

from wingman.core.forms import GovukDateField, GovukForm, OnceOnlyMixin
from wingman.core.validation import limit_of

from .choices import Disposal, OffenceCategory, Source
from .models import Offence
from .services import OFFENCE_DATE, OFFENCE_FIELDS, OUTCOME_DATE


class OffenceForm(GovukForm):
    committed_on = GovukDateField(
        label="Offence date",
        rule=OFFENCE_DATE,
        help_text="The day the offence was committed, not the day of the outcome.",
        required_message="Enter the offence date",
    )
    category = forms.ChoiceField(
        label="Kind of offence",
        choices=[("", "Choose the kind of offence"), *OffenceCategory.choices],
        help_text="The groups the Ministry of Justice uses for offences.",
        error_messages={"required": "Choose the kind of offence"},
    )
    disposal = forms.ChoiceField(
        label="Outcome",
        choices=Disposal.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    disposal_on = GovukDateField(
        label="Date of the outcome",
        rule=OUTCOME_DATE,
        help_text="The day of the conviction, caution, reprimand or warning, or of the decision "
        "to take no further action. Leave it empty while the outcome is awaited.",
        required=False,
    )
    sentence = forms.CharField(
        label="Sentence",
        help_text="For example: 12-month referral order, or 18 months' detention and training.",
        max_length=limit_of(Offence, "sentence"),
        required=False,
    )
    breach = forms.BooleanField(
        label="It is a breach of a court order, licence or bail",
        help_text="A breach is the sentence being enforced, not a new offence: it never counts "
        "as a reoffence.",
        required=False,
    )
    source = forms.ChoiceField(
        label="Where we learned of it",
        choices=Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where we learned of it"},
    )

    field_order = list(OFFENCE_FIELDS)

    def offence_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in OFFENCE_FIELDS}


class OffenceNewForm(OnceOnlyMixin, OffenceForm):
    pass


class OffenceEditForm(OffenceForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
