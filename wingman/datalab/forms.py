"""The Justice Data Lab's forms: what a file is to cover, and a client's answer."""

from typing import Any

from django import forms

from wingman.accounts.models import Borough
from wingman.core.forms import GovukDateField, GovukForm, OnceOnlyMixin
from wingman.core.validation import LONG_TEXT, past_date
from wingman.referrals.models import FundingStream

from .selectors import Choice
from .services import CONSENT_DATE

STARTED_FROM = past_date("started_from", "The first start date")
STARTED_TO = past_date("started_to", "The last start date")


class ChoiceForm(GovukForm):
    started_from = GovukDateField(
        label="Journeys started from",
        rule=STARTED_FROM,
        required_message="Enter the first start date",
    )
    started_to = GovukDateField(
        label="Journeys started up to",
        rule=STARTED_TO,
        required_message="Enter the last start date",
    )
    funding_stream = forms.ModelChoiceField(
        label="Funding stream",
        queryset=FundingStream.objects.none(),
        required=False,
        empty_label="Every funding stream",
    )
    borough = forms.ModelChoiceField(
        label="Commissioning borough",
        queryset=Borough.objects.none(),
        required=False,
        empty_label="Every borough",
    )

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funding_stream"].queryset = FundingStream.objects.of_organisation_of(viewer)  # type: ignore[attr-defined]
        self.fields["borough"].queryset = Borough.objects.of_organisation_of(viewer)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("started_from"), data.get("started_to")
        if first and last and last < first:
            self.add_error("started_to", "The last start date must be on or after the first")
        return data

    def choice(self) -> Choice:
        data = self.cleaned_data
        stream, borough = data.get("funding_stream"), data.get("borough")
        return Choice(
            started_from=data["started_from"],
            started_to=data["started_to"],
            funding_stream_id=stream.pk if stream else None,
            borough_id=borough.pk if borough else None,
        )


class ConsentForm(OnceOnlyMixin, GovukForm):
    given = forms.ChoiceField(
        label="What did they say?",
        choices=[
            ("yes", "They agree to be sent to the Lab"),
            ("no", "They do not agree, or withdraw"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they said"},
    )
    on = GovukDateField(
        label="The date they said so",
        rule=CONSENT_DATE,
        required_message="Enter the date they said so",
    )
    note = forms.CharField(
        label="Note (optional)", widget=forms.Textarea, required=False, max_length=LONG_TEXT
    )
