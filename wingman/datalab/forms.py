"""The Justice Data Lab's forms: what a file is to cover, and a client's answer."""

from typing import Any

from django import forms

from wingman.accounts.models import Borough
from wingman.core.forms import GovukDateField, GovukForm, OnceOnlyMixin
from wingman.core.validation import LONG_TEXT
from wingman.referrals.models import FundingStream

from .selectors import Choice
from .services import CONSENT_DATE, STARTED_FROM, STARTED_TO, choose


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

    def choice(self, actor: Any) -> Choice:
        """What the file is to cover, by the service's rules (`services.choose`)."""
        data = self.cleaned_data
        stream, borough = data.get("funding_stream"), data.get("borough")
        return choose(
            actor=actor,
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
