"""Court support forms: a hearing's details, attendance, the character reference, the result."""

from typing import Any

from django import forms

from wingman.casework.forms import VersionField
from wingman.casework.models import Contact
from wingman.core.forms import GovukDateField, GovukForm, OnceOnlyMixin
from wingman.core.pathways import Pathway
from wingman.core.validation import limit_of
from wingman.documents.formats import ACCEPT, ALLOWED_WORDS, MAX_WORDS
from wingman.documents.forms import GovukFileInput

from .choices import HearingResult, HearingStage
from .models import Hearing
from .services import (
    CUSTODY_MONTHS_MESSAGE,
    HEARING_DATE,
    LABELS,
    MAX_CUSTODY_MONTHS,
    MAX_MINUTES,
    MINUTES_MESSAGE,
    NEXT_DATE,
)

NUMBER = {"class": "govuk-input--width-4", "inputmode": "numeric"}


class HearingForm(GovukForm):
    court = forms.CharField(
        label=LABELS["court"],
        help_text="For example: Camberwell Green Youth Court.",
        max_length=limit_of(Hearing, "court"),
        error_messages={"required": "Enter the court"},
    )
    hearing_on = GovukDateField(label="Date of the hearing", rule=HEARING_DATE)
    charge = forms.CharField(
        label=LABELS["charge"],
        max_length=limit_of(Hearing, "charge"),
        error_messages={"required": "Enter the charge"},
    )
    stage = forms.ChoiceField(
        label="Stage of the case",
        choices=HearingStage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the stage of the case"},
    )

    field_order = ["court", "hearing_on", "charge", "stage"]

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.field_order}


class HearingNewForm(OnceOnlyMixin, HearingForm):
    pass


class HearingEditForm(HearingForm):
    version = VersionField()


class AttendanceForm(GovukForm):
    attended = forms.TypedChoiceField(
        label="Did you go to the hearing with the client?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you went to the hearing"},
    )
    minutes = forms.IntegerField(
        label="Minutes",
        help_text="If you went: the time it took, with travel. This logs a court contact.",
        required=False,
        min_value=1,
        max_value=MAX_MINUTES,
        widget=forms.TextInput(attrs=NUMBER),
        error_messages={
            "invalid": MINUTES_MESSAGE,
            "min_value": MINUTES_MESSAGE,
            "max_value": MINUTES_MESSAGE,
        },
    )
    pathways = forms.MultipleChoiceField(
        label="Pathways",
        help_text="The needs the day worked on, for the contact.",
        choices=Pathway.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label="Note for the contact",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limit_of(Contact, "note"),
    )
    version = VersionField()


class ReferenceForm(GovukForm):
    reference_text = forms.CharField(
        label=LABELS["reference_text"],
        help_text="What you told the court, or will tell it, about the client.",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=limit_of(Hearing, "reference_text"),
    )
    reference_by = forms.CharField(
        label=LABELS["reference_by"],
        help_text="For example: the caseworker, or a youth worker.",
        max_length=limit_of(Hearing, "reference_by"),
        required=False,
    )
    letter = forms.FileField(
        label="Letter",
        help_text=f"A signed letter, if there is one: {ALLOWED_WORDS}, smaller than {MAX_WORDS}. "
        "It is kept with the client's documents.",
        widget=GovukFileInput(attrs={"accept": ACCEPT}),
        required=False,
        error_messages={"empty": "The selected file is empty"},
    )
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["letter"].widget.attrs["class"] = "govuk-file-upload"


class ResultForm(GovukForm):
    result = forms.ChoiceField(
        label="Result",
        choices=HearingResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the result"},
    )
    custody_months = forms.IntegerField(
        label="Length of custody in months",
        help_text="Only for a custodial sentence.",
        required=False,
        min_value=1,
        max_value=MAX_CUSTODY_MONTHS,
        widget=forms.TextInput(attrs=NUMBER),
        error_messages={
            "invalid": CUSTODY_MONTHS_MESSAGE,
            "min_value": CUSTODY_MONTHS_MESSAGE,
            "max_value": CUSTODY_MONTHS_MESSAGE,
        },
    )
    requirements = forms.CharField(
        label=LABELS["requirements"],
        help_text="Only for a community sentence: the order and what it asks, for example a youth "
        "rehabilitation order for 12 months with supervision.",
        max_length=limit_of(Hearing, "requirements"),
        required=False,
    )
    next_on = GovukDateField(
        label="Date of the next hearing",
        rule=NEXT_DATE,
        required=False,
        help_text="Needed for an adjournment; or the next hearing after this one, such as "
        "sentencing. It adds a court-date task.",
    )
    next_stage = forms.ChoiceField(
        label="Stage of the next hearing",
        help_text="If there is a next hearing. The same stage as this one if not chosen.",
        choices=HearingStage.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=LABELS["result_note"],
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limit_of(Hearing, "result_note"),
    )
    version = VersionField()
