"""How an organisation's reports are made: which small counts are hidden, and how the minutes of
a contact that served several funding streams are split between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wingman.accounts.models import Organisation

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
