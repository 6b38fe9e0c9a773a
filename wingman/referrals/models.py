"""Referrals into the service and the funding streams that decide who it can take on."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wingman.accounts.models import Borough, Team
from wingman.accounts.scope import ReferenceQuerySet, ScopedQuerySet
from wingman.core.models import VersionedModel
from wingman.core.validation import LONG_TEXT
from wingman.people.models import Client

from .choices import Cohort, ReferralState, Source


class FundingStreamQuerySet(ReferenceQuerySet):
    organisation_path = "borough__organisation_id"


class FundingStream(models.Model):
    """Money from one borough's commissioner for one cohort, with its eligibility rules and a
    number of places."""

    borough = models.ForeignKey(
        Borough,
        on_delete=models.PROTECT,
        related_name="funding_streams",
        verbose_name=_("commissioning borough"),
    )
    name = models.CharField(_("name"), max_length=150)
    cohort = models.CharField(_("cohort"), max_length=32, choices=Cohort.choices)
    min_age = models.PositiveSmallIntegerField(_("youngest age"), default=10)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), default=25)
    residence_boroughs = models.ManyToManyField(
        Borough,
        related_name="eligible_streams",
        blank=True,
        verbose_name=_("boroughs of residence"),
        help_text=_("Leave empty to accept people living anywhere."),
    )
    capacity = models.PositiveIntegerField(_("places"))
    starts_on = models.DateField(_("starts"), default=date.today)
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    objects = FundingStreamQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding stream")
        verbose_name_plural = _("funding streams")
        ordering = ["borough__name", "name"]

    def __str__(self) -> str:
        return f"{self.borough}: {self.name}"

    def is_open_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class ReferralQuerySet(ScopedQuerySet):
    pass


class Referral(VersionedModel):
    """Someone asking the service to work with a young person."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(_("who referred"), max_length=16, choices=Source.choices)
    referrer_name = models.CharField(_("referrer's name"), max_length=150, blank=True)
    referrer_organisation = models.CharField(
        _("referrer's organisation"), max_length=150, blank=True
    )
    referrer_contact = models.CharField(_("referrer's phone or email"), max_length=150, blank=True)
    reason = models.TextField(_("reason for referral"), max_length=LONG_TEXT)
    cohort = models.CharField(
        _("cohort"),
        max_length=32,
        choices=Cohort.choices,
        blank=True,
        help_text=_(
            "Which group of young people this referral is about; funding streams are for one each."
        ),
    )
    received_on = models.DateField(_("date received"), default=date.today)
    state = models.CharField(
        _("state"), max_length=20, choices=ReferralState.choices, default=ReferralState.RECEIVED
    )
    funding_stream = models.ForeignKey(
        FundingStream, on_delete=models.PROTECT, related_name="referrals", null=True, blank=True
    )
    decision_reason = models.TextField(
        _("reason for the decision"), max_length=LONG_TEXT, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["state", "received_on"], name="referral_state")]

    def __str__(self) -> str:
        return f"Referral of {self.client} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in (ReferralState.RECEIVED, ReferralState.SCREENING)


class AllocationQuerySet(ScopedQuerySet):
    pass


class Allocation(models.Model):
    """A change of caseworker, kept as history."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="allocations")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField(default=timezone.now)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-allocated_at"]
        indexes = [models.Index(fields=["caseworker", "allocated_at"], name="allocation_cw")]

    def __str__(self) -> str:
        return f"{self.client} to {self.caseworker}"
