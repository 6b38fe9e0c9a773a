"""How an organisation's reports are made (which small counts are hidden, how a contact that
served several funding streams is split between them), and reports as they were issued: the three
files' bytes kept exactly as sent, never changed."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wingman.accounts.models import Borough, Organisation
from wingman.audit.models import AppendOnlyModel, AppendOnlyQuerySet
from wingman.referrals.models import FundingStream

from .suppression import Preset, Threshold


class PresetChoice(models.TextChoices):
    DEFAULT = "DEFAULT", _("Counts under 5 hidden")
    NHS = "NHS", _("Counts of 1 to 7 hidden (the NHS rule)")
    TEN = "TEN", _("Counts under 10 hidden")


class SplitRule(models.TextChoices):
    EQUAL = "equal", _("Split equally between the streams")
    BY_PLACES = "places", _("In proportion to each stream's places")


class ReportSettings(models.Model):
    """One organisation's choices for its reports; an organisation without a row has the
    defaults (counts under 5 hidden, hours split equally)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="report_settings"
    )
    preset = models.CharField(
        _("small counts hidden"),
        max_length=8,
        choices=PresetChoice.choices,
        default=PresetChoice.DEFAULT,
    )
    split_rule = models.CharField(
        _("hours of a contact for several streams"),
        max_length=8,
        choices=SplitRule.choices,
        default=SplitRule.EQUAL,
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return f"Report settings of {self.organisation}"

    @property
    def threshold(self) -> Threshold:
        return Preset[self.preset].value


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class IssuedReportQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user: object) -> "IssuedReportQuerySet":
        """A manager sees their organisation's issued reports; a funder its own borough's."""
        from wingman.accounts import permissions

        boroughs = permissions.issued_report_boroughs(user)
        if boroughs is None:
            return self.none()  # type: ignore[return-value]
        return self.filter(**boroughs)  # type: ignore[return-value]


class IssuedReport(AppendOnlyModel):
    """One issue of a borough's report for a period (perhaps of one funding stream). Issuing the
    same period again makes another; both are kept. `issued_by` None: the schedule issued it."""

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    funding_stream = models.ForeignKey(
        FundingStream, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    threshold = models.CharField(_("small numbers rule"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)
    xlsx = models.BinaryField()
    xlsx_sha256 = models.CharField(max_length=64)
    csv = models.BinaryField()
    csv_sha256 = models.CharField(max_length=64)

    objects = IssuedReportQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["-period_start", "-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_start:%B %Y})"

    def file(self, fmt: str) -> bytes:
        return bytes(getattr(self, fmt))
