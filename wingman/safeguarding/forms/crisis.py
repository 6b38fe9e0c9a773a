"""The crisis call's short form, for a phone at midnight: who rang, when, what was said and the
advice given, whether a concern is needed and of what kind, and what to do next."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone

from wingman.casework.models import Task
from wingman.casework.services import CONTACT_DATE
from wingman.core.forms import GovukDateField, GovukForm, GovukTimeField, OnceOnlyMixin
from wingman.core.validation import limit_of
from wingman.people.models import Client

from ..choices import CATEGORY_GROUPS, Category
from ..models import ConcernEntry

NEW = "new"
# An allegation against a member of staff names them, which this short form does not ask: it is
# raised as a concern of its own.
GROUPS = tuple(
    (title, cats) for title, cats in CATEGORY_GROUPS if Category.STAFF_ALLEGATION not in cats
)
TEXT = {"rows": 4}


class CrisisCallForm(OnceOnlyMixin, GovukForm):
    client = forms.ChoiceField(
        label="Who the call was from, or about",
        widget=forms.Select,
        error_messages={"required": "Choose the client, or someone not yet a client"},
    )
    given_name = forms.CharField(
        label="First name",
        help_text="If it is someone not yet a client. Write “Not known” if they would not say.",
        max_length=limit_of(Client, "given_name"),
        required=False,
    )
    family_name = forms.CharField(
        label="Last name",
        help_text="Write “Not known” if they would not say.",
        max_length=limit_of(Client, "family_name"),
        required=False,
    )
    occurred_on = GovukDateField(label="Date of the call", rule=CONTACT_DATE)
    occurred_at = GovukTimeField(label="Time of the call")
    said = forms.CharField(
        label="What was said",
        widget=forms.Textarea(attrs=TEXT),
        max_length=limit_of(ConcernEntry, "seen_and_heard"),
        error_messages={"required": "Enter what was said"},
    )
    advice = forms.CharField(
        label="Advice given",
        widget=forms.Textarea(attrs=TEXT),
        max_length=limit_of(ConcernEntry, "action_taken"),
        required=False,
    )
    own_words = forms.CharField(
        label="Their own words",
        help_text="Anything they said that should be kept exactly as they said it.",
        widget=forms.Textarea(attrs=TEXT),
        max_length=limit_of(ConcernEntry, "own_words"),
        required=False,
    )
    concern_needed = forms.TypedChoiceField(
        label="Is a safeguarding concern needed?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether a safeguarding concern is needed"},
    )
    category = forms.ChoiceField(
        label="What is the concern about?",
        help_text="If a concern is needed.",
        choices=[(c.value, c.label) for _title, cats in GROUPS for c in cats],
        widget=forms.RadioSelect,
        required=False,
    )
    follow_up = forms.CharField(
        label="Follow-up",
        help_text="What happens next, for example: meet him and his mum at 9. It becomes a task "
        "for the next working day.",
        max_length=limit_of(Task, "title"),
        required=False,
    )

    def __init__(self, *args: Any, clients: Iterable[Client] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [  # type: ignore[attr-defined]
            ("", "Choose the client"),
            (NEW, "Someone not yet a client"),
            *((str(c.pk), c.display_name) for c in clients),
        ]
        now = timezone.localtime()
        self.initial.setdefault("occurred_on", now.date())
        self.initial.setdefault("occurred_at", now.time().replace(second=0, microsecond=0))

    def category_groups(self) -> list[tuple[str, list[Any]]]:
        """The category radios under their headings."""
        options = {option.data["value"]: option for option in self["category"]}
        return [(title, [options[c.value] for c in cats]) for title, cats in GROUPS]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        new = data["client"] == NEW
        return {
            "not_yet_a_client": new,
            "client_id": None if new else data["client"],
            "given_name": data.get("given_name") or "",
            "family_name": data.get("family_name") or "",
            "occurred_on": data["occurred_on"],
            "occurred_at": data.get("occurred_at"),
            "said": data["said"],
            "advice": data.get("advice") or "",
            "own_words": data.get("own_words") or "",
            "concern_needed": data["concern_needed"],
            "category": data.get("category") or "",
            "follow_up": data.get("follow_up") or "",
        }
