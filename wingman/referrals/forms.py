from typing import Any

from django import forms

from wingman.accounts.models import Team
from wingman.core.forms import GovukDateField, GovukForm, GovukModelForm, OnceOnlyMixin
from wingman.core.validation import limit_of
from wingman.people.forms import date_of_birth_field, limit_boroughs, name_messages
from wingman.people.models import Client

from .models import Referral
from .services import NO_TEAM, RECEIVED_ON


class NewPersonForm(GovukModelForm):
    date_of_birth = date_of_birth_field()

    class Meta:
        model = Client
        fields = [
            "given_name",
            "family_name",
            "preferred_name",
            "date_of_birth",
            "gender",
            "borough",
            "phone",
            "also_a_victim",
        ]
        widgets = {"gender": forms.RadioSelect}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_boroughs(self, user)
        name_messages(self)


class ReferralForm(OnceOnlyMixin, GovukModelForm):
    not_known = ("cohort",)

    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        label="Team taking the referral",
        error_messages={
            "required": "Choose the team taking the referral",
            "invalid_choice": NO_TEAM,
        },
    )
    received_on = GovukDateField(
        label="Date received",
        rule=RECEIVED_ON,
        help_text="Referrals can be recorded after the day they came in.",
        required_message="Enter the date the referral was received",
    )

    class Meta:
        model = Referral
        fields = [
            "source",
            "cohort",
            "referrer_name",
            "referrer_organisation",
            "referrer_contact",
            "reason",
            "received_on",
        ]
        widgets = {
            "source": forms.RadioSelect,
            "cohort": forms.RadioSelect,
            "reason": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"reason": "What is happening for them, in the referrer's words or theirs."}
        error_messages = {
            "source": {"required": "Choose who referred"},
            "reason": {"required": "Enter the reason for the referral"},
        }

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if teams.count() == 1:
            self.fields["team"].initial = teams.first()


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limit_of(Referral, "decision_reason"),
        error_messages={"required": "Enter the reason"},
    )
