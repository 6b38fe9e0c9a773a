"""Support plan forms, in GOV.UK markup: one record a page."""

from typing import Any, cast

from django import forms
from django.utils import timezone

from wingman.casework.models import Contact, PartnerReferral
from wingman.core.dates import when
from wingman.core.forms import GovukDateField, GovukForm, OnceOnlyMixin
from wingman.core.pathways import Pathway
from wingman.core.validation import limit_of

from .choices import ActionOwner
from .models import Action, Goal
from .services import ACTION_DUE, PLAN_AGREED, PLAN_REVIEWED


class VersionField(forms.IntegerField):
    """The version of the record the form was opened on, so a stale save is caught."""

    def __init__(self) -> None:
        super().__init__(widget=forms.HiddenInput, min_value=0)


class PlanStartForm(OnceOnlyMixin, GovukForm):
    agreed_on = GovukDateField(
        label="Date agreed",
        rule=PLAN_AGREED,
        help_text="The day you and the young person agreed the plan. It can be an earlier date.",
        required_message="Enter the date the plan was agreed",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("agreed_on", timezone.localdate())


class PlanEditForm(GovukForm):
    agreed_on = GovukDateField(
        label="Date agreed", rule=PLAN_AGREED, required_message="Enter the date the plan was agreed"
    )
    reviewed_on = GovukDateField(
        label="Date last reviewed",
        rule=PLAN_REVIEWED,
        help_text="The day you last went through the plan together.",
        required=False,
    )
    version = VersionField()


class GoalForm(GovukForm):
    pathway = forms.ChoiceField(
        label="Pathway",
        choices=Pathway.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the pathway the goal is about"},
    )
    in_their_words = forms.CharField(
        label="The goal in their own words",
        help_text="Write it as they say it, for example: “I want my own place, away from the "
        "estate.”",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limit_of(Goal, "in_their_words"),
        error_messages={"required": "Enter the goal in their own words"},
    )


class GoalNewForm(OnceOnlyMixin, GoalForm):
    pass


class GoalEditForm(GoalForm):
    version = VersionField()


class ActionForm(GovukForm):
    what = forms.CharField(
        label="What needs doing",
        max_length=limit_of(Action, "what"),
        error_messages={"required": "Enter what needs doing"},
    )
    owner = forms.ChoiceField(
        label="Who does it",
        choices=ActionOwner.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who does it"},
    )
    partner_name = forms.CharField(
        label="Partner's name",
        help_text="Only when a partner does it: the service, course or employer.",
        max_length=limit_of(Action, "partner_name"),
        required=False,
    )
    due_on = GovukDateField(
        label="Due date", rule=ACTION_DUE, required_message="Enter the date it is due"
    )

    field_order = ["what", "owner", "partner_name", "due_on"]

    def action_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.field_order}


class ActionNewForm(OnceOnlyMixin, ActionForm):
    pass


class ActionEditForm(ActionForm):
    version = VersionField()


class ActionStatusForm(GovukForm):
    status = forms.ChoiceField(
        label="Where is it now?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the action is now"},
    )
    from_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("from_status", action.status)
        status = cast(forms.ChoiceField, self.fields["status"])
        status.choices = [(s.value, s.label) for s in action.next_statuses]
        status.widget.choices = status.choices


class ActionLinksForm(GovukForm):
    contacts = forms.MultipleChoiceField(
        label="Contacts that served it",
        help_text="The client's latest contacts.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partner_referrals = forms.MultipleChoiceField(
        label="Partner referrals that served it",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        contacts: list[Contact],
        partner_referrals: list[PartnerReferral],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choices(
            "contacts",
            [
                (str(c.pk), f"{when(c.occurred_on)}: {c.get_contact_type_display()}")
                for c in contacts
            ],
        )
        self._choices(
            "partner_referrals",
            [(str(p.pk), f"{p.partner_name}, made {when(p.made_on)}") for p in partner_referrals],
        )

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = cast(forms.MultipleChoiceField, self.fields[name])
        field.choices = choices
        field.widget.choices = choices
        if not choices:
            del self.fields[name]

    def ids(self, name: str) -> list[int]:
        return [int(v) for v in self.cleaned_data.get(name) or []]
