"""Risk flag forms: setting a flag, reviewing it, removing it. Every rule is the service's: the
forms offer the choices and carry the values."""

from collections.abc import Iterable
from typing import Any

from django import forms

from wingman.casework.forms import VersionField
from wingman.core.dates import when
from wingman.core.forms import GovukDateField, GovukForm, OnceOnlyMixin
from wingman.core.validation import limit_of

from ..choices import FlagKind
from ..models import Concern, RiskFlag
from ..services.flags import REVIEW_ON

TEXT = {"rows": 3}


def _people(people: Iterable[Any]) -> list[tuple[str, str]]:
    return [(str(p.pk), str(p)) for p in people]


def _concern_choices(concerns: Iterable[Concern]) -> list[tuple[str, str]]:
    return [("", "No concern")] + [
        (str(c.pk), f"{c.get_category_display()}, {when(c.happened_on)}") for c in concerns
    ]


class FlagFields(GovukForm):
    detail = forms.CharField(
        label="Detail",
        help_text="For a hostile area, the area; for another risk, what it is. For example: "
        "Northfield estate.",
        max_length=limit_of(RiskFlag, "detail"),
        required=False,
    )
    review_on = GovukDateField(
        label="Review date",
        rule=REVIEW_ON,
        help_text="When to look at the flag again: it shows on the reviewer's home page then.",
    )
    owner = forms.ChoiceField(
        label="Who reviews it",
        widget=forms.Select,
        error_messages={"required": "Select who reviews the flag"},
    )

    def __init__(self, *args: Any, owners: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _people(owners)  # type: ignore[attr-defined]


class FlagNewForm(OnceOnlyMixin, FlagFields):
    kind = forms.ChoiceField(
        label="Kind of risk",
        choices=FlagKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of risk"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Why the flag is needed, in a sentence or two. Everyone who sees the client "
        "reads the flag itself, but not this reason unless they open the flags.",
        widget=forms.Textarea(attrs=TEXT),
        max_length=limit_of(RiskFlag, "reason"),
        error_messages={"required": "Enter the reason for the flag"},
    )
    concern = forms.ChoiceField(
        label="The concern it is about",
        help_text="Needed for a 'see concern' flag. Only those who may read the concern can open "
        "it; everyone else is told to ask.",
        widget=forms.Select,
        required=False,
    )

    field_order = ["kind", "detail", "concern", "reason", "review_on", "owner"]

    def __init__(self, *args: Any, concerns: Iterable[Concern] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["concern"].choices = _concern_choices(concerns)  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "detail": data.get("detail") or "",
            "concern_id": data.get("concern") or None,
            "reason": data["reason"],
            "review_on": data["review_on"],
            "owner_id": data["owner"],
        }


class FlagReviewForm(FlagFields):
    """The review keeps the flag's reason: a risk that has changed is a new flag (the audit of an
    edit holds old and new values, and a reason is never written there)."""

    version = VersionField()

    field_order = ["review_on", "owner", "detail"]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "review_on": data["review_on"],
            "owner_id": data["owner"],
            "detail": data.get("detail") or "",
        }


class FlagRemoveForm(GovukForm):
    reason = forms.CharField(
        label="Why the flag is no longer needed",
        help_text="The flag leaves the banner and is kept, with this reason, in the client's "
        "removed flags.",
        widget=forms.Textarea(attrs=TEXT),
        max_length=limit_of(RiskFlag, "removed_reason"),
        error_messages={"required": "Enter why the flag is no longer needed"},
    )
