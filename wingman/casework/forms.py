"""Casework forms: one question or one record a page, in GOV.UK markup."""

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone

from wingman.accounts.models import User
from wingman.core.forms import GovukDateField, GovukForm, GovukTimeField, OnceOnlyMixin
from wingman.core.pathways import Pathway
from wingman.core.validation import limit_of, too_long
from wingman.referrals.models import FundingStream, Referral

from .choices import (
    PARTNER_REFERRAL_TRANSITIONS,
    STAGE_TRANSITIONS,
    ChecklistStatus,
    ClosureReason,
    ContactType,
    PartnerReferralStatus,
    PartnerType,
    Stage,
    TaskKind,
)
from .models import ChecklistEntry, Contact, Journey, PartnerReferral, RotlPeriod, StageChange, Task
from .services import (
    CONTACT_DATE,
    EXPECTED_RELEASE,
    MINUTES_MESSAGE,
    MOVE_DATE,
    PARTNER_REFERRAL_MADE,
    PARTNER_REFERRAL_STARTS,
    ROTL_FIRST_DAY,
    ROTL_LAST_DAY,
    TASK_DUE,
    UNFUNDED_LABEL,
)

DECISION_TEXT = limit_of(Referral, "decision_reason")

START_STAGES = [
    (Stage.IN_CUSTODY.value, Stage.IN_CUSTODY.label),
    (Stage.COMMUNITY.value, Stage.COMMUNITY.label),
]


class VersionField(forms.IntegerField):
    """The version of the record the form was opened on, so a stale save is caught."""

    def __init__(self) -> None:
        super().__init__(widget=forms.HiddenInput, min_value=0)


class JourneyMoveForm(GovukForm):
    to = forms.ChoiceField(
        label="Move the journey to",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the journey moves to"},
    )
    on = GovukDateField(
        label="Date of the move",
        rule=MOVE_DATE,
        help_text="It can be an earlier date, but not a date in the future.",
        required_message="Enter the date of the move",
    )
    closure_reason = forms.ChoiceField(
        label="Reason for closing",
        help_text="Only when closing the journey.",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    unfunded_reason = forms.CharField(
        label="Re-open without funding",
        help_text="Only if its funding stream no longer fits or has no place left: say why the "
        "work goes on unfunded.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=limit_of(Journey, "unfunded_reason"),
        error_messages={
            "max_length": too_long(UNFUNDED_LABEL, limit_of(Journey, "unfunded_reason"))
        },
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limit_of(StageChange, "note"),
    )
    from_stage = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, stage: str, funded: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())
        self.initial.setdefault("from_stage", stage)
        allowed = STAGE_TRANSITIONS[stage]
        reopening = stage == Stage.CLOSED
        to = cast(forms.ChoiceField, self.fields["to"])
        to.choices = [
            (value, f"Re-open: {str(label).lower()}" if reopening else label)
            for value, label in Stage.choices
            if value in allowed
        ]
        if reopening:
            to.label = "Re-open the journey in"
            del self.fields["closure_reason"]
        if not (reopening and funded):
            del self.fields["unfunded_reason"]


class CustodyForm(GovukForm):
    establishment = forms.CharField(
        label="Prison or young offender institution",
        max_length=limit_of(Journey, "establishment"),
        required=False,
    )
    expected_release_date = GovukDateField(
        label="Expected release date", rule=EXPECTED_RELEASE, required=False
    )
    remove_rotl_text = forms.BooleanField(
        label="Remove the ROTL dates kept as text",
        required=False,
    )
    version = VersionField()

    def __init__(self, *args: Any, rotl_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if rotl_text:
            self.fields["remove_rotl_text"].help_text = (
                f"Kept from before ROTL dates were recorded as dates: “{rotl_text}”. Remove it "
                "once its dates are entered as ROTL periods."
            )
        else:
            del self.fields["remove_rotl_text"]


class RotlPeriodForm(OnceOnlyMixin, GovukForm):
    first_day = GovukDateField(
        label="First day", rule=ROTL_FIRST_DAY, required_message="Enter the first day"
    )
    last_day = GovukDateField(
        label="Last day",
        rule=ROTL_LAST_DAY,
        required=False,
        help_text="Leave it empty for a single day.",
    )
    note = forms.CharField(
        label="Note",
        help_text="For example: day release to work, or a home visit.",
        max_length=limit_of(RotlPeriod, "note"),
        required=False,
    )


class ChecklistItemForm(GovukForm):
    status = forms.ChoiceField(
        label="Status",
        choices=[
            (ChecklistStatus.DONE, ChecklistStatus.DONE.label),
            (ChecklistStatus.NOT_NEEDED, ChecklistStatus.NOT_NEEDED.label),
            (ChecklistStatus.OUTSTANDING, ChecklistStatus.OUTSTANDING.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose done, not needed or outstanding"},
    )
    note = forms.CharField(
        label="Note", max_length=limit_of(ChecklistEntry, "note"), required=False
    )


class ContactForm(GovukForm):
    occurred_on = GovukDateField(
        label="Date of the contact",
        rule=CONTACT_DATE,
        help_text="It can be an earlier date, but not a date in the future.",
        required_message="Enter the date of the contact",
    )
    occurred_at = GovukTimeField(label="Time of the contact")
    minutes = forms.IntegerField(
        label="Minutes",
        help_text="Time spent with or for the client, including travel for a visit.",
        min_value=1,
        max_value=24 * 60,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many minutes the contact took",
            "invalid": MINUTES_MESSAGE,
            "min_value": MINUTES_MESSAGE,
            "max_value": MINUTES_MESSAGE,
        },
    )
    contact_type = forms.ChoiceField(
        label="Type of contact",
        choices=ContactType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of contact"},
    )
    place = forms.CharField(label="Place", max_length=limit_of(Contact, "place"), required=False)
    present = forms.CharField(
        label="Who was present",
        help_text="For example: the client, his mother, a probation officer.",
        max_length=limit_of(Contact, "present"),
        required=False,
    )
    pathways = forms.MultipleChoiceField(
        label="Pathways",
        help_text="Select all the needs this contact worked on.",
        choices=Pathway.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=limit_of(Contact, "note"),
    )

    field_order = [
        "occurred_on",
        "occurred_at",
        "minutes",
        "contact_type",
        "place",
        "present",
        "pathways",
        "note",
    ]

    def __init__(self, *args: Any, client: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("occurred_on", timezone.localdate())
        streams = _other_streams(client) if client is not None else []
        if streams:
            self.fields["also_for"] = forms.TypedMultipleChoiceField(
                label="Also served",
                help_text=(
                    "Other funding streams this work was for, besides the client's own. Its"
                    " minutes are shared between them by your organisation's rule."
                ),
                choices=streams,
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def contact_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.field_order}
        if "also_for" in self.fields:
            data["also_for"] = self.cleaned_data["also_for"]
        return data


def _other_streams(client: Any) -> list[tuple[int, str]]:
    """The organisation's live funding streams other than the client's current journey's."""
    if client.team_id is None:
        return []
    today = timezone.localdate()
    own = (
        client.journeys.filter(closed_on__isnull=True)
        .exclude(funding_stream__isnull=True)
        .values_list("funding_stream_id", flat=True)
    )
    streams = (
        FundingStream.objects.filter(borough__organisation_id=client.team.borough.organisation_id)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(pk__in=list(own))
        .select_related("borough")
        .order_by("borough__name", "name")
    )
    return [(s.pk, f"{s.name} ({s.borough.name})") for s in streams]


class ContactNewForm(OnceOnlyMixin, ContactForm):
    pass


class ContactEditForm(ContactForm):
    version = VersionField()


class TaskForm(OnceOnlyMixin, GovukForm):
    kind = forms.ChoiceField(
        label="Kind of task",
        choices=TaskKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of task"},
    )
    title = forms.CharField(
        label="What needs doing",
        max_length=limit_of(Task, "title"),
        error_messages={"required": "Enter what needs doing"},
    )
    due_on = GovukDateField(
        label="Due date", rule=TASK_DUE, required_message="Enter the date it is due"
    )


STARTS_ON_HELP = (
    "The day a course starts or the first appointment, if it is known. It puts a task on the "
    "caseworker's list."
)


class PartnerReferralForm(OnceOnlyMixin, GovukForm):
    partner_type = forms.ChoiceField(
        label="Kind of partner",
        choices=PartnerType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of partner"},
    )
    partner_name = forms.CharField(
        label="Partner's name",
        help_text="The service, helpline, course or employer.",
        max_length=limit_of(PartnerReferral, "partner_name"),
        error_messages={"required": "Enter the partner's name"},
    )
    made_on = GovukDateField(
        label="Date made",
        rule=PARTNER_REFERRAL_MADE,
        help_text="It can be an earlier date, but not a date in the future.",
        required_message="Enter the date the referral was made",
    )
    starts_on = GovukDateField(
        label="Start or appointment date",
        rule=PARTNER_REFERRAL_STARTS,
        help_text=STARTS_ON_HELP,
        required=False,
    )
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limit_of(PartnerReferral, "outcome"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("made_on", timezone.localdate())


class PartnerReferralEditForm(GovukForm):
    """How a referral is going. Its status offers only where it may move next from where it is,
    or staying as it is."""

    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a status"},
    )
    starts_on = GovukDateField(
        label="Start or appointment date",
        rule=PARTNER_REFERRAL_STARTS,
        help_text=STARTS_ON_HELP,
        required=False,
    )
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limit_of(PartnerReferral, "outcome"),
    )
    version = VersionField()

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = PARTNER_REFERRAL_TRANSITIONS[current]
        label = PartnerReferralStatus(current).label
        status = cast(forms.ChoiceField, self.fields["status"])
        status.choices = [(current, f"Still {str(label).lower()}")] + [
            (value, text) for value, text in PartnerReferralStatus.choices if value in allowed
        ]
        status.widget.choices = status.choices
        if not allowed:
            status.help_text = f"{label}: the referral has ended, so its status stays."


# Accepting a referral and allocating a caseworker ----------------------------------------


START_STAGE_REQUIRED = {
    "required": "Choose whether the journey starts in custody or in the community"
}


class AcceptForm(GovukForm):
    stream = forms.ChoiceField(
        label="Funding stream",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a funding stream"},
    )
    stage = forms.ChoiceField(
        label="Where is the journey starting?",
        choices=START_STAGES,
        widget=forms.RadioSelect,
        error_messages=START_STAGE_REQUIRED,
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=DECISION_TEXT,
    )

    def __init__(self, *args: Any, stream_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stream"].choices = stream_choices  # type: ignore[attr-defined]


class AcceptUnfundedForm(GovukForm):
    reason = forms.CharField(
        label="Why is the work going ahead without funding?",
        help_text="For example: no stream covers her borough or age, and she needs seeing today.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=DECISION_TEXT,
        error_messages={
            "required": "Enter why the work goes ahead without funding",
            "max_length": too_long(UNFUNDED_LABEL, DECISION_TEXT),
        },
    )
    stage = forms.ChoiceField(
        label="Where is the journey starting?",
        choices=START_STAGES,
        widget=forms.RadioSelect,
        error_messages=START_STAGE_REQUIRED,
    )


class AllocateForm(GovukForm):
    caseworker = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Caseworker",
        empty_label="Choose a caseworker",
        error_messages={"required": "Choose a caseworker"},
    )

    def __init__(self, *args, caseworkers, labels: dict[int, str], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["caseworker"]
        field.queryset = caseworkers  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: labels.get(u.pk, str(u))  # type: ignore[attr-defined]
