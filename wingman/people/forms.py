from django import forms

from wingman.accounts.models import User
from wingman.core.forms import DateInput, GovukForm, GovukModelForm

from .models import Client

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

    def __init__(self, *args, show_identifiers: bool = True, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if not show_identifiers:
            for name in Client.IDENTIFIER_FIELDS:
                self.fields.pop(name, None)
        gender = self.fields["gender"]
        gender.choices = [c for c in gender.choices if c[0]]  # type: ignore[attr-defined]
        self.fields["gender"].required = False


class AllocateForm(GovukForm):
    caseworker = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Caseworker", empty_label="Choose a caseworker"
    )

    def __init__(self, *args, caseworkers, labels: dict[int, str], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["caseworker"]
        field.queryset = caseworkers  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: labels.get(u.pk, str(u))  # type: ignore[attr-defined]


class SearchForm(GovukForm):
    q = forms.CharField(label="Search by name or alias", required=False, max_length=100)
