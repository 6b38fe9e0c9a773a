"""Concern forms: raising one, adding to its chronology, and the safeguarding lead's triage,
details, people involved, decisions, referrals and closing. Every rule and message is the
service's (`services.concerns`); the forms only shape what a person types."""

from typing import Any

from django import forms
from django.forms.boundfield import BoundField

from wingman.casework.forms import VersionField
from wingman.core.forms import GovukDateField, GovukForm, OnceOnlyMixin
from wingman.core.validation import LONG_TEXT, limit_of

from ..choices import (
    CATEGORY_GROUPS,
    DecisionKind,
    EntryKind,
    Grade,
    Involvement,
    StatutoryService,
)
from ..models import ConcernEntry, Involved, StatutoryReferral
from ..services.concerns import (
    CORRECTS_WHICH,
    FEEDBACK_ON,
    HAPPENED_ON,
    REFERRED_ON,
    REQUIRED,
    SOMEONE,
)

TEXT = {"rows": 5}
TIME = {"class": "govuk-input--width-5", "inputmode": "numeric", "autocomplete": "off"}
TIME_MESSAGE = "Enter the time it happened, like 21:30"
# How many people involved the raise form offers; the lead links more afterwards.
INVOLVED_ROWS = 2


def _text(label: str, limit: int = LONG_TEXT, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs=TEXT), max_length=limit, **kwargs
    )


def _rationale(label: str = "Reason", help_text: str = "") -> forms.CharField:
    return _text(
        label,
        help_text=help_text,
        error_messages={"required": REQUIRED["rationale"]},
    )


class CategoryFields(GovukForm):
    """The category as radios under the headings of `CATEGORY_GROUPS`, and the member of staff
    an allegation is about (a plain select with a hint: it works without JavaScript)."""

    category = forms.ChoiceField(
        label="What is the concern about?",
        choices=[(c.value, c.label) for _heading, group in CATEGORY_GROUPS for c in group],
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED["category"]},
    )
    about_staff = forms.ChoiceField(
        label="Member of staff or volunteer it is about",
        help_text="Only for an allegation against a member of staff or a volunteer: it goes to "
        "the safeguarding lead and the borough's managers, never to the one it is about.",
        required=False,
    )

    def _staff(self, staff: list[tuple[int, str]]) -> None:
        self.fields["about_staff"].choices = [  # type: ignore[attr-defined]
            ("", "Not an allegation against staff"),
            *((str(k), v) for k, v in staff),
        ]

    def category_groups(self) -> list[tuple[str, list[Any]]]:
        """The category's radios, grouped under their headings."""
        options = {str(w.data["value"]): w for w in self["category"].subwidgets}
        return [
            (heading, [options[c.value] for c in group if c.value in options])
            for heading, group in CATEGORY_GROUPS
        ]


def _happened_on() -> GovukDateField:
    return GovukDateField(
        label="Date it happened",
        rule=HAPPENED_ON,
        required_message=REQUIRED["happened_on"],
    )


def _happened_at() -> forms.TimeField:
    return forms.TimeField(
        label="Time it happened",
        help_text="If you know it, in 24 hours, like 21:30.",
        required=False,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TimeInput(attrs=TIME, format="%H:%M"),
        error_messages={"invalid": TIME_MESSAGE},
    )


def _someone() -> tuple[forms.Field, forms.Field, forms.Field]:
    """One row of someone else involved: one of the client's people, or a name; and how."""
    return (
        forms.ChoiceField(label="One of the client's people", required=False),
        forms.CharField(
            label="Or their name, or who they are",
            help_text="For example: her boyfriend, Jay.",
            max_length=limit_of(Involved, "name"),
            required=False,
        ),
        forms.ChoiceField(
            label="How are they involved?",
            choices=Involvement.choices,
            widget=forms.RadioSelect,
            required=False,
        ),
    )


class AccountFields(GovukForm):
    """What was seen and heard, their own words, the action taken, where: one entry's text."""

    place = forms.CharField(
        label="Where it happened",
        help_text="For example: at her flat, on the phone, at the youth centre.",
        max_length=limit_of(ConcernEntry, "place"),
        required=False,
    )
    seen_and_heard = _text(
        "What was seen and heard",
        help_text="What you saw and heard, as facts: who, what, when. Not what you think it means.",
        error_messages={"required": REQUIRED["seen_and_heard"]},
    )
    own_words = _text(
        "Their own words",
        help_text="What they said, as near to word for word as you can.",
        required=False,
    )
    action_taken = _text(
        "Immediate action taken",
        help_text="For example: called 999, gave the refuge number, stayed with them.",
        required=False,
    )

    ACCOUNT = ("place", "seen_and_heard", "own_words", "action_taken")

    def account(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in self.ACCOUNT}


class ConcernRaiseForm(OnceOnlyMixin, CategoryFields, AccountFields):
    """One page filled in in a minute: what it is about, when and where, what was seen and
    heard, their own words, what was done, and who else is involved."""

    happened_on = _happened_on()
    happened_at = _happened_at()
    involved_1_person, involved_1_name, involved_1_involvement = _someone()
    involved_2_person, involved_2_name, involved_2_involvement = _someone()

    field_order = ["category", "about_staff", "happened_on", "happened_at", *AccountFields.ACCOUNT]

    def __init__(
        self,
        *args: Any,
        staff: list[tuple[int, str]],
        people: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._staff(staff)
        for row in range(1, INVOLVED_ROWS + 1):
            self.fields[f"involved_{row}_person"].choices = [  # type: ignore[attr-defined]
                ("", "Not one of them"),
                *((str(k), v) for k, v in people),
            ]

    def involved_rows(self) -> list[list[BoundField]]:
        return [
            [self[f"involved_{row}_{part}"] for part in ("person", "name", "involvement")]
            for row in range(1, INVOLVED_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(1, INVOLVED_ROWS + 1):
            someone = data.get(f"involved_{row}_person") or data.get(f"involved_{row}_name")
            how = data.get(f"involved_{row}_involvement")
            if someone and not how:
                self.add_error(f"involved_{row}_involvement", REQUIRED["involvement"])
            elif how and not someone:
                self.add_error(f"involved_{row}_name", SOMEONE)
        return data

    def values(self) -> dict[str, Any]:
        return {
            "category": self.cleaned_data["category"],
            "about_staff_id": self.cleaned_data.get("about_staff") or None,
            "happened_on": self.cleaned_data["happened_on"],
            "happened_at": self.cleaned_data.get("happened_at"),
            **self.account(),
        }

    def involved(self) -> list[dict[str, Any]]:
        people = []
        for row in range(1, INVOLVED_ROWS + 1):
            person = self.cleaned_data.get(f"involved_{row}_person") or None
            name = self.cleaned_data.get(f"involved_{row}_name") or ""
            if person or name:
                people.append(
                    {
                        "person_id": person,
                        "name": "" if person else name,
                        "involvement": self.cleaned_data.get(f"involved_{row}_involvement"),
                    }
                )
        return people


class EntryForm(OnceOnlyMixin, AccountFields):
    """An update, or a correction of an earlier entry (which stays as it was)."""

    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=[(k.value, k.label) for k in (EntryKind.UPDATE, EntryKind.CORRECTION)],
        widget=forms.RadioSelect,
        error_messages={"required": "Select an update or a correction"},
    )
    corrects = forms.ChoiceField(
        label="Entry it corrects",
        help_text="Only for a correction. The entry it corrects stays as it was written.",
        required=False,
    )
    field_order = ["kind", "corrects", *AccountFields.ACCOUNT]

    def __init__(self, *args: Any, entries: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["corrects"].choices = [  # type: ignore[attr-defined]
            ("", "Not a correction"),
            *((str(k), v) for k, v in entries),
        ]
        self.fields["seen_and_heard"].label = "What was seen and heard"
        self.fields[
            "seen_and_heard"
        ].help_text = "What is new, or what the earlier entry should have said, as facts."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == EntryKind.CORRECTION and not data.get("corrects"):
            self.add_error("corrects", CORRECTS_WHICH)
        return data

    def values(self) -> dict[str, Any]:
        corrects = self.cleaned_data.get("corrects")
        return {
            "kind": self.cleaned_data["kind"],
            "corrects_id": corrects if self.cleaned_data["kind"] == EntryKind.CORRECTION else None,
            **self.account(),
        }


class TriageForm(GovukForm):
    grade = forms.ChoiceField(
        label="Grade",
        choices=Grade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED["grade"]},
    )
    rationale = _rationale(
        "Reason for the grade", "What you weighed: the risk, who is at risk, how soon."
    )


class DetailsForm(CategoryFields):
    """The lead's correction of the category, the member of staff, or when it happened."""

    happened_on = _happened_on()
    happened_at = _happened_at()
    rationale = _rationale("Reason for the change")
    version = VersionField()

    field_order = ["category", "about_staff", "happened_on", "happened_at", "rationale"]

    def __init__(self, *args: Any, staff: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._staff(staff)

    def changes(self) -> dict[str, Any]:
        return {
            "category": self.cleaned_data["category"],
            "about_staff_id": self.cleaned_data.get("about_staff") or None,
            "happened_on": self.cleaned_data["happened_on"],
            "happened_at": self.cleaned_data.get("happened_at"),
            "rationale": self.cleaned_data["rationale"],
        }


class InvolvedForm(GovukForm):
    """Someone else involved, linked by the lead with a reason."""

    person = forms.ChoiceField(label="One of the client's people", required=False)
    name = forms.CharField(
        label="Or their name, or who they are",
        help_text="If they are not one of the client's people.",
        max_length=limit_of(Involved, "name"),
        required=False,
    )
    involvement = forms.ChoiceField(
        label="How are they involved?",
        choices=Involvement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED["involvement"]},
    )
    rationale = _rationale("Reason for linking them")

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            ("", "Not one of them"),
            *((str(k), v) for k, v in people),
        ]

    def values(self) -> dict[str, Any]:
        person = self.cleaned_data.get("person") or None
        return {
            "person_id": person,
            "name": "" if person else self.cleaned_data.get("name", ""),
            "involvement": self.cleaned_data["involvement"],
            "rationale": self.cleaned_data["rationale"],
        }


class ReasonForm(GovukForm):
    """Closing, reopening, unlinking someone: a reason, kept as a decision."""

    rationale = _rationale()

    def __init__(self, *args: Any, label: str = "Reason", help_text: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["rationale"].label = label
        self.fields["rationale"].help_text = help_text


class DecisionForm(OnceOnlyMixin, GovukForm):
    kind = forms.ChoiceField(
        label="Decision",
        choices=[(k.value, k.label) for k in (DecisionKind.NOT_REFER, DecisionKind.ACTION)],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    rationale = _rationale(
        "Reason for the decision",
        "For another action: what is being done, by whom. For not referring: why not.",
    )


class ReferralForm(OnceOnlyMixin, GovukForm):
    service = forms.ChoiceField(
        label="Service referred to",
        choices=StatutoryService.choices,
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED["service"]},
    )
    made_on = GovukDateField(
        label="Date of the referral", rule=REFERRED_ON, required_message=REQUIRED["made_on"]
    )
    reference = forms.CharField(
        label="Their reference number",
        help_text="If you have it yet; you can add it when it comes.",
        max_length=limit_of(StatutoryReferral, "reference"),
        required=False,
    )
    rationale = _rationale("Reason for referring")


class ReferralEditForm(GovukForm):
    reference = forms.CharField(
        label="Their reference number",
        max_length=limit_of(StatutoryReferral, "reference"),
        required=False,
    )
    feedback_on = GovukDateField(label="Date feedback came back", rule=FEEDBACK_ON, required=False)
    feedback = _text("Their feedback", required=False)
    version = VersionField()

    def changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name) for name in ("reference", "feedback_on", "feedback")
        }
