"""Evaluation forms: upload a comparison extract, choose its columns, filter a run's clients."""

from typing import Any

from django import forms

from wingman.core.forms import GovukDateField, GovukForm, OnceOnlyMixin

from .services import FIELDS, MAX_POOL_BYTES

SOURCES = [
    ("Ministry of Justice extract", "Ministry of Justice extract"),
    ("Partner's extract", "Partner's extract"),
    ("Local authority extract", "Local authority extract"),
    ("Other", "Other"),
]
NOT_IN_FILE = "Not in this file"


class PoolUploadForm(GovukForm):
    file = forms.FileField(
        label="Comparison extract",
        help_text="A CSV file with a header row, smaller than 5 MB. One row a person: no names.",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
        },
    )
    name = forms.CharField(
        label="Name of the comparison pool",
        max_length=120,
        error_messages={"required": "Enter a name for the comparison pool"},
    )
    source = forms.ChoiceField(
        label="Where it came from",
        choices=SOURCES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the extract came from"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "govuk-file-upload"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_POOL_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5 MB")
        return upload


class ColumnsForm(GovukForm):
    """For each of Wingman's fields, the CSV column it is read from."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (words, needed, _) in FIELDS.items():
            choices = [(h, h) for h in headers]
            if not needed:
                choices = [("", NOT_IN_FILE), *choices]
            self.fields[name] = forms.ChoiceField(
                label=words,
                choices=choices,
                required=needed,
                error_messages={"required": f"Choose the column for {words.lower()}"},
            )
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in FIELDS}


class RunForm(OnceOnlyMixin, GovukForm):
    """What to evaluate against, and which clients: the filters narrow the treated cohort. Sent
    twice (a double click), it starts one run."""

    pool = forms.ChoiceField(label="Comparison group", required=False)
    ratio = forms.IntegerField(
        label="Comparison people matched to each client",
        min_value=1,
        max_value=10,
        initial=1,
        error_messages={
            "required": "Enter how many comparison people to match to each client",
            "invalid": "The ratio must be a whole number from 1 to 10",
            "min_value": "The ratio must be a whole number from 1 to 10",
            "max_value": "The ratio must be a whole number from 1 to 10",
        },
    )
    stream = forms.ChoiceField(label="Funding stream", required=False)
    borough = forms.ChoiceField(label="Borough", required=False)
    opened_from = GovukDateField(label="Journeys started from", required=False)
    opened_to = GovukDateField(label="Journeys started up to", required=False)

    def __init__(
        self,
        *args: Any,
        pools: list[tuple[str, str]],
        streams: list[tuple[str, str]],
        boroughs: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        none = "None: OGRS3's expected reoffending against what happened (weaker)"
        self._set("pool", [("", none), *pools])
        self._set("stream", [("", "All funding streams"), *streams])
        self._set("borough", [("", "All boroughs"), *boroughs])

    def _set(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        field.choices = choices  # type: ignore[attr-defined]
        field.widget.choices = choices  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "govuk-select"


class RunAgainForm(OnceOnlyMixin, GovukForm):
    """Only the run's one-time token: sent twice (a double click), it starts one run again."""
