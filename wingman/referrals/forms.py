from typing import Any

from django import forms

from wingman.accounts.models import Team
from wingman.core.forms import DateInput, GovukForm, GovukModelForm, OnceOnlyMixin
from wingman.people.forms import limit_boroughs
from wingman.people.models import Client

from .models import Referral


class NewPersonForm(GovukModelForm):
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
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_boroughs(self, user)


class ReferralForm(OnceOnlyMixin, GovukModelForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Team taking the referral")

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
            "received_on": DateInput(),
            "source": forms.RadioSelect,
            "cohort": forms.RadioSelect,
            "reason": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "reason": "What is happening for them, in the referrer's words or theirs.",
            "received_on": "Referrals can be recorded after the day they came in.",
        }

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if teams.count() == 1:
            self.fields["team"].initial = teams.first()


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))
