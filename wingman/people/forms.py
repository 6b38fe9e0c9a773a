from typing import Any

from django import forms

from wingman.accounts.models import Borough
from wingman.core.forms import GovukDateField, GovukForm, GovukModelForm

from .models import Client
from .services import BOROUGH_ELSEWHERE, DATE_OF_BIRTH, REQUIRED_NAMES


def limit_boroughs(form: forms.BaseForm, user: Any) -> None:
    """Offer only the boroughs of the viewer's organisation."""
    field = form.fields.get("borough")
    if field is not None:
        field.queryset = Borough.objects.of_organisation_of(user)  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = BOROUGH_ELSEWHERE
        field.empty_label = "Not known"  # type: ignore[attr-defined]


def date_of_birth_field() -> GovukDateField:
    return GovukDateField(
        label="Date of birth", rule=DATE_OF_BIRTH, required=False, example="27 3 2007"
    )


def name_messages(form: forms.BaseForm) -> None:
    for name, message in REQUIRED_NAMES.items():
        if name in form.fields:
            form.fields[name].error_messages["required"] = message


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
    date_of_birth = date_of_birth_field()

    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {
            "aliases": forms.Textarea(attrs={"rows": 2}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "gender": forms.RadioSelect,
        }

    def __init__(self, *args, user, show_identifiers: bool = True, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        limit_boroughs(self, user)
        name_messages(self)
        if not show_identifiers:
            for name in Client.IDENTIFIER_FIELDS:
                self.fields.pop(name, None)


class SearchForm(GovukForm):
    q = forms.CharField(label="Search by name or alias", required=False, max_length=100)
