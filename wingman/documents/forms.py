"""Documents forms: upload a file, remove a document."""

from typing import Any

from django import forms

from wingman.core.forms import GovukForm, OnceOnlyMixin
from wingman.core.validation import limit_of

from .choices import DocumentKind
from .formats import ACCEPT, ALLOWED_WORDS, MAX_WORDS
from .models import Document
from .services import LABELS, NO_FILE


class GovukFileInput(forms.FileInput):
    """The Design System's file upload: one file."""


class DocumentUploadForm(OnceOnlyMixin, GovukForm):
    file = forms.FileField(
        label="File",
        help_text=f"It must be {ALLOWED_WORDS}, smaller than {MAX_WORDS}.",
        widget=GovukFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": NO_FILE, "empty": "The selected file is empty"},
    )
    kind = forms.ChoiceField(
        label="Kind of document",
        choices=DocumentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of document"},
    )
    title = forms.CharField(
        label=LABELS["title"],
        help_text="For example: character reference from a youth worker.",
        max_length=limit_of(Document, "title"),
        error_messages={"required": "Enter a title for the document"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "govuk-file-upload"


class DocumentRemoveForm(GovukForm):
    reason = forms.CharField(
        label=LABELS["removal_reason"],
        help_text="For example: uploaded to the wrong client, or no longer needed.",
        max_length=limit_of(Document, "removal_reason"),
        required=False,
    )
