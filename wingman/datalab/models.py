"""Consent to send a client to the Justice Data Lab, and each file made for the Lab."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wingman.accounts.models import Borough
from wingman.accounts.scope import ScopedQuerySet
from wingman.core.validation import LONG_TEXT
from wingman.people.models import Client
from wingman.referrals.models import FundingStream


class DataLabConsentQuerySet(ScopedQuerySet):
    pass


class DataLabConsent(models.Model):
    """One answer a client gave: consent given, or withdrawn. The latest answer counts; earlier
    ones stay, so the record shows when it changed."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="datalab_consents")
    given = models.BooleanField(_("consent given"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    on = models.DateField(_("date they said so"))
    note = models.TextField(_("note"), max_length=LONG_TEXT, blank=True)

    objects = DataLabConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Justice Data Lab consent")
        verbose_name_plural = _("Justice Data Lab consents")
        ordering = ["client", "-on", "-id"]
        indexes = [models.Index(fields=["client", "on"], name="datalab_consent_client")]

    def __str__(self) -> str:
        return f"{'given' if self.given else 'withdrawn'} on {self.on}"


class DataLabExport(models.Model):
    """A file made for the Justice Data Lab: who made it, for which journeys, how many people."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    funding_stream = models.ForeignKey(
        FundingStream, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    started_from = models.DateField()
    started_to = models.DateField()
    people = models.PositiveIntegerField()
    with_identifiers = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Justice Data Lab file")
        verbose_name_plural = _("Justice Data Lab files")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Justice Data Lab file of {self.people} people"
