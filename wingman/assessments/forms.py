"""Assessment forms: starting one (instrument, intake or review, date) and recording it (every
question on one form: status, score, the young person's own score, evidence)."""

from typing import Any

from django import forms

from wingman.core.forms import GovukDateField, GovukForm, OnceOnlyMixin

from .choices import LADDER, AssessmentKind, NeedStatus
from .models import Instrument, Question
from .services import ASSESSED_ON, EVIDENCE_LIMIT, KIND_MESSAGE, NOTE_LIMIT, field_name

SCORE_CHOICES = [("", "Not scored")] + [(str(s), f"{s} – {name}") for s, name, _m in LADDER]
STATUS_CHOICES = [("", "Choose a status"), *NeedStatus.choices]


class VersionField(forms.IntegerField):
    def __init__(self) -> None:
        super().__init__(widget=forms.HiddenInput, min_value=0)


class StartForm(OnceOnlyMixin, GovukForm):
    instrument = forms.ChoiceField(
        label="Instrument",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an instrument"},
    )
    kind = forms.ChoiceField(
        label="Is this the intake or a review?",
        choices=AssessmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": KIND_MESSAGE},
    )
    assessed_on = GovukDateField(
        label="Date of the assessment",
        rule=ASSESSED_ON,
        help_text="The day you and the young person went through it.",
        required_message="Enter the date of the assessment",
    )

    def __init__(self, *args: Any, instruments: list[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument"]
        field.choices = [(str(i.pk), str(i)) for i in instruments]  # type: ignore[attr-defined]
        field.widget.choices = field.choices  # type: ignore[attr-defined]
        if len(instruments) == 1:
            # Nothing to choose: the one instrument goes with the form, and the page names it.
            field.widget = forms.HiddenInput()
            self.initial["instrument"] = str(instruments[0].pk)


class RecordForm(GovukForm):
    """Every question of the assessment's instrument, grouped by question."""

    assessed_on = GovukDateField(
        label="Date of the assessment",
        rule=ASSESSED_ON,
        required_message="Enter the date of the assessment",
    )
    version = VersionField()

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        self.questions = questions
        # This instrument's fields join the declared ones before the form is built, so that
        # every one is drawn and worded as GOV.UK forms are.
        self.base_fields = {**type(self).base_fields, **fields_for(questions)}  # type: ignore[misc]
        super().__init__(*args, **kwargs)

    def groups(self) -> list[dict[str, Any]]:
        return [
            {
                "question": q,
                "fields": [
                    self[field_name(q.pk, p)] for p in PARTS if field_name(q.pk, p) in self.fields
                ],
            }
            for q in self.questions
        ]

    def answers(self) -> dict[int, dict[str, Any]]:
        data = self.cleaned_data
        return {
            q.pk: {
                part: data.get(field_name(q.pk, part))
                for part in PARTS
                if field_name(q.pk, part) in self.fields
            }
            for q in self.questions
        }


PARTS = ("status", "score", "own_score", "option", "evidence")


def _select(label: str, choices: list[tuple[str, Any]]) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=False, widget=forms.Select)


def fields_for(questions: list[Question]) -> dict[str, forms.Field]:
    """The fields of these questions, in their order, then the summary."""
    attrs: dict[str, forms.Field] = {}
    for q in questions:
        if q.on_ladder:
            attrs[field_name(q.pk, "status")] = _select("Status", STATUS_CHOICES)
            attrs[field_name(q.pk, "score")] = _select("Caseworker's score", SCORE_CHOICES)
            attrs[field_name(q.pk, "own_score")] = _select(
                "Young person's own score", SCORE_CHOICES
            )
        else:
            attrs[field_name(q.pk, "option")] = forms.ChoiceField(
                label="Answer",
                choices=[(str(o.pk), o.label) for o in q.options.all()],
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose an answer to {q.text}"},
            )
        attrs[field_name(q.pk, "evidence")] = forms.CharField(
            label="Evidence",
            help_text="What you saw or heard that gives this score, in a line or two.",
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
            max_length=EVIDENCE_LIMIT,
        )
    attrs["note"] = forms.CharField(
        label="Summary",
        help_text="What you agreed together, in a few lines. The young person may read it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=NOTE_LIMIT,
    )
    return attrs


def initial_for(assessment: Any, answers: list[Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "assessed_on": assessment.assessed_on,
        "version": assessment.version,
        "note": assessment.note,
    }
    for a in answers:
        initial[field_name(a.question_id, "status")] = a.status
        initial[field_name(a.question_id, "score")] = "" if a.score is None else str(a.score)
        initial[field_name(a.question_id, "own_score")] = (
            "" if a.own_score is None else str(a.own_score)
        )
        initial[field_name(a.question_id, "option")] = str(a.option_id) if a.option_id else None
        initial[field_name(a.question_id, "evidence")] = a.evidence
    return initial


def carried_forward(answers: list[Any]) -> dict[str, Any]:
    """The statuses and scores of an earlier assessment with the same instrument, to start a
    review from (evidence and the young person's own score are asked afresh)."""
    initial: dict[str, Any] = {}
    for a in answers:
        initial[field_name(a.question_id, "status")] = a.status
        initial[field_name(a.question_id, "score")] = "" if a.score is None else str(a.score)
        initial[field_name(a.question_id, "option")] = str(a.option_id) if a.option_id else None
    return initial
