"""Outcomes a client achieves, the kinds of outcome an organisation records, and the indicators
funding streams count them against (results are never stored: `selectors.stream_results`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wingman.accounts.models import Organisation
from wingman.accounts.scope import ReferenceQuerySet, ScopedQuerySet
from wingman.casework.models import Journey
from wingman.core.dates import when
from wingman.core.models import VersionedModel
from wingman.core.pathways import Pathway
from wingman.core.validation import LONG_TEXT
from wingman.people.models import Client
from wingman.referrals.models import FundingStream

from .choices import Direction, Measure, OutcomeStatus


class OutcomeTypeQuerySet(ReferenceQuerySet):
    organisation_path = "organisation_id"

    def active(self) -> "OutcomeTypeQuerySet":
        return self.filter(active=True)


class OutcomeType(models.Model):
    """A kind of outcome an organisation records ("Training started", "ID obtained"), on one
    pathway. Retired kinds are made inactive, so outcomes already recorded keep their name."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="outcome_types"
    )
    name = models.CharField(_("name"), max_length=100)
    pathway = models.CharField(_("pathway"), max_length=32, choices=Pathway.choices)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to stop new outcomes of this kind.")
    )

    objects = OutcomeTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome type")
        verbose_name_plural = _("outcome types")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="outcome_type_once")
        ]

    def __str__(self) -> str:
        return self.name


class OutcomeQuerySet(ScopedQuerySet):
    def counted(self) -> "OutcomeQuerySet":
        """Outcomes that count: every one but those withdrawn as recorded in error."""
        return self.filter(status=OutcomeStatus.RECORDED)


class Outcome(VersionedModel):
    """Something a client achieved, on a date, with the evidence for it. Never deleted: one
    recorded in error is withdrawn, with the reason."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="outcomes")
    journey = models.ForeignKey(
        Journey,
        on_delete=models.PROTECT,
        related_name="outcomes",
        null=True,
        blank=True,
        help_text=_("The client's journey on the date it was achieved, if one was open."),
    )
    outcome_type = models.ForeignKey(
        OutcomeType,
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name=_("outcome"),
    )
    achieved_on = models.DateField(_("date achieved"))
    evidence = models.TextField(_("evidence"), max_length=LONG_TEXT)
    status = models.CharField(
        _("status"), max_length=16, choices=OutcomeStatus.choices, default=OutcomeStatus.RECORDED
    )
    withdrawn_reason = models.TextField(_("why it was withdrawn"), max_length=LONG_TEXT, blank=True)
    withdrawn_on = models.DateField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="outcomes_recorded"
    )

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-achieved_on", "-id"]
        indexes = [
            models.Index(fields=["client", "achieved_on"], name="outcome_client_date"),
            models.Index(fields=["outcome_type", "achieved_on"], name="outcome_type_date"),
        ]

    def __str__(self) -> str:
        return f"{self.outcome_type} on {when(self.achieved_on)}"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == OutcomeStatus.WITHDRAWN


class IndicatorDefinitionQuerySet(ReferenceQuerySet):
    organisation_path = "organisation_id"


class IndicatorDefinition(models.Model):
    """What a funder measures: outcomes of one or more types, counted one by one or as the
    number of clients achieving at least one of them."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=150)
    outcome_types = models.ManyToManyField(
        OutcomeType,
        related_name="indicators",
        verbose_name=_("outcome types counted"),
    )
    measure = models.CharField(
        _("what it counts"), max_length=16, choices=Measure.choices, default=Measure.CLIENTS
    )
    unit = models.CharField(
        _("unit"),
        max_length=50,
        default="young people",
        help_text=_('How the result is read: "young people", "outcomes", "placements".'),
    )

    objects = IndicatorDefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="indicator_once")
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorAssignmentQuerySet(ReferenceQuerySet):
    organisation_path = "indicator__organisation_id"


class IndicatorAssignment(models.Model):
    """An indicator a funding stream counts, with its target, baseline and direction for one
    period (both days included)."""

    indicator = models.ForeignKey(
        IndicatorDefinition, on_delete=models.PROTECT, related_name="assignments"
    )
    funding_stream = models.ForeignKey(
        FundingStream, on_delete=models.PROTECT, related_name="indicator_assignments"
    )
    target = models.PositiveIntegerField(_("target"))
    baseline = models.PositiveIntegerField(
        _("baseline"), null=True, blank=True, help_text=_("Where things stood before, if known.")
    )
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.INCREASE
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))

    objects = IndicatorAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator of a funding stream")
        verbose_name_plural = _("indicators of funding streams")
        ordering = ["funding_stream", "indicator__name", "period_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="indicator_period_in_order",
            ),
            models.UniqueConstraint(
                fields=["indicator", "funding_stream", "period_start"],
                name="indicator_assignment_once",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator} for {self.funding_stream.name}, "
            f"{when(self.period_start, year=True)} to {when(self.period_end, year=True)}"
        )
