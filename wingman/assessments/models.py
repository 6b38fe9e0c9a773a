"""Needs assessments: instruments (named, versioned sets of questions with scales), assessments of
a client at intake and at reviews, their answers, and how often each organisation reviews."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wingman.accounts.models import Organisation
from wingman.accounts.scope import ScopedQuerySet, organisation_of
from wingman.casework.models import Journey
from wingman.core.dates import when
from wingman.core.models import VersionedModel
from wingman.core.pathways import Pathway
from wingman.people.models import Client

from .choices import AssessmentKind, AssessmentState, NeedStatus, ScaleKind

DEFAULT_REVIEW_WEEKS = 12


class InstrumentQuerySet(models.QuerySet):
    def usable_by(self, user: object) -> "InstrumentQuerySet":
        """The active instruments someone may assess with: Wingman's own, and their
        organisation's."""
        organisation = organisation_of(user)
        mine = Q(organisation__isnull=True)
        if organisation is not None:
            mine |= Q(organisation_id=organisation)
        return self.filter(mine, active=True)


class Instrument(models.Model):
    """A named set of questions with scales, in numbered versions. Wingman's own (no
    organisation) is the Wingman needs ladder; an organisation adds its own in the back office,
    an age-banded one for under-18s or a questionnaire it holds a licence for. Once a version
    has been answered its questions never change: a change makes a new version."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="instruments",
        null=True,
        blank=True,
        help_text=_("Leave empty only for Wingman's own instrument."),
    )
    name = models.CharField(_("name"), max_length=150)
    version = models.PositiveIntegerField(_("version"), default=1)
    active = models.BooleanField(
        _("offered for new assessments"),
        default=True,
        help_text=_("Turn off to stop offering this version; assessments made with it stay."),
    )
    description = models.TextField(_("what it is for"), max_length=2000, blank=True)
    min_age = models.PositiveSmallIntegerField(_("youngest age it is for"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest age it is for"), null=True, blank=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "version"],
                name="instrument_one_version_number",
                violation_error_message=_(
                    "This instrument already has a version with that number."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def fits_age(self, age: int | None) -> bool:
        if age is None:
            return True
        if self.min_age is not None and age < self.min_age:
            return False
        return self.max_age is None or age <= self.max_age


class Question(models.Model):
    """One question of an instrument: tied to a pathway or not, scored on the needs ladder or
    by a set of answer options."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("hint"), max_length=500, blank=True)
    pathway = models.CharField(
        _("pathway"), max_length=32, choices=Pathway.choices, blank=True, default=""
    )
    scale = models.CharField(
        _("scale"), max_length=16, choices=ScaleKind.choices, default=ScaleKind.LADDER
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def on_ladder(self) -> bool:
        return self.scale == ScaleKind.LADDER


class AnswerOption(models.Model):
    """One answer a question with a set of options offers, and what it scores."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    label = models.CharField(_("answer"), max_length=200)
    score = models.SmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.score})"


class AssessmentQuerySet(ScopedQuerySet):
    def recorded(self) -> "AssessmentQuerySet":
        return self.filter(state=AssessmentState.RECORDED)


class Assessment(VersionedModel):
    """A needs assessment of a client with one instrument version: at intake or at a review."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assessments")
    journey = models.ForeignKey(
        Journey, on_delete=models.PROTECT, related_name="assessments", null=True, blank=True
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=16, choices=AssessmentKind.choices)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=AssessmentState.choices,
        default=AssessmentState.STARTED,
    )
    assessed_on = models.DateField(_("date of the assessment"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments_made"
    )
    note = models.TextField(_("summary"), max_length=2000, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["client", "state", "assessed_on"], name="assessment_client_date")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {when(self.assessed_on)}"

    @property
    def is_recorded(self) -> bool:
        return self.state == AssessmentState.RECORDED


class AnswerQuerySet(ScopedQuerySet):
    client_path = "assessment__client__"


class Answer(models.Model):
    """The answer to one question of an assessment: the pathway's status, the caseworker's
    score, the young person's own score, and a short note of the evidence."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    status = models.CharField(_("status"), max_length=24, choices=NeedStatus.choices, blank=True)
    option = models.ForeignKey(
        AnswerOption, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    score = models.SmallIntegerField(_("caseworker's score"), null=True, blank=True)
    own_score = models.SmallIntegerField(_("young person's own score"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.score}"

    @property
    def client_id(self) -> int:
        """The client assessed, for the audit trail."""
        return int(self.assessment.client_id)


class ReviewSettings(models.Model):
    """How often an organisation reviews each client's needs (every 12 weeks unless set)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="review_settings"
    )
    review_weeks = models.PositiveSmallIntegerField(
        _("weeks between reviews"),
        default=DEFAULT_REVIEW_WEEKS,
        help_text=_("A review falls due this many weeks after the last assessment."),
    )

    class Meta:
        verbose_name = _("review interval")
        verbose_name_plural = _("review intervals")

    def __str__(self) -> str:
        return f"{self.organisation}: every {self.review_weeks} weeks"
