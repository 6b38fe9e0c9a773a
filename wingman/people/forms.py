from typing import Any

from django import forms

from wingman.accounts.models import Borough
from wingman.core.forms import DateInput, GovukForm, GovukModelForm

from .models import Client


def limit_boroughs(form: forms.BaseForm, user: Any) -> None:
    """Offer only the boroughs of the viewer's organisation."""
    field = form.fields.get("borough")
    if field is not None:
        field.queryset = Borough.objects.of_organisation_of(user)  # type: ignore[attr-defined]


CLIENT_FIELDS = [
    "given_name",
    "family_name",
    "preferred_name",
    "aliases",
    "date_of_birth",
    "gender",
    "ethnicity",
    "borough",
    "address",
    "phone",
    "languages",
    "prison_number",
    "pnc_number",
    "also_a_victim",
]


class ClientForm(GovukModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {
            "date_of_birth": DateInput(),
            "aliases": forms.Textarea(attrs={"rows": 2}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "gender": forms.RadioSelect,
        }

    def __init__(self, *args, user, show_identifiers: bool = True, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        limit_boroughs(self, user)
        if not show_identifiers:
            for name in Client.IDENTIFIER_FIELDS:
                self.fields.pop(name, None)
        gender = self.fields["gender"]
        gender.choices = [c for c in gender.choices if c[0]]  # type: ignore[attr-defined]
        self.fields["gender"].required = False


class SearchForm(GovukForm):
    q = forms.CharField(label="Search by name or alias", required=False, max_length=100)
