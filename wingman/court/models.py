"""Court support: a client's hearings, the caseworker's attendance, a character reference and the
result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wingman.accounts.scope import ScopedQuerySet
from wingman.casework.models import Contact, Journey, Task
from wingman.core.dates import when
from wingman.core.models import VersionedModel
from wingman.core.validation import LONG_TEXT
from wingman.documents.models import Document
from wingman.people.models import Client

from .choices import HearingResult, HearingStage, HearingStatus


class HearingQuerySet(ScopedQuerySet):
    def listed(self) -> "HearingQuerySet":
        return self.filter(status=HearingStatus.LISTED)


class Hearing(VersionedModel):
    """A day in court for a client: where, when, on what charge and at what stage; whether their
    caseworker went with them, the character reference given, and what the court decided."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="hearings")
    journey = models.ForeignKey(
        Journey, on_delete=models.PROTECT, related_name="hearings", null=True, blank=True
    )
    court = models.CharField(_("court"), max_length=150)
    hearing_on = models.DateField(_("date of the hearing"))
    charge = models.CharField(_("charge"), max_length=255)
    stage = models.CharField(_("stage"), max_length=20, choices=HearingStage.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=HearingStatus.choices, default=HearingStatus.LISTED
    )
    follows = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        related_name="next_hearing",
        null=True,
        blank=True,
        verbose_name=_("the hearing this one follows"),
    )
    # Attendance: None until it is recorded.
    attended = models.BooleanField(_("caseworker attended"), null=True, blank=True)
    attendance_contact = models.OneToOneField(
        Contact, on_delete=models.PROTECT, related_name="hearing", null=True, blank=True
    )
    # The character reference: written here, or an uploaded letter, or both.
    reference_text = models.TextField(_("character reference"), max_length=LONG_TEXT, blank=True)
    reference_by = models.CharField(_("reference given by"), max_length=150, blank=True)
    reference_letter = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="hearings",
        null=True,
        blank=True,
        verbose_name=_("character reference letter"),
    )
    # The result.
    result = models.CharField(_("result"), max_length=20, choices=HearingResult.choices, blank=True)
    custody_months = models.PositiveIntegerField(
        _("length of custody in months"), null=True, blank=True
    )
    requirements = models.CharField(_("requirements of the order"), max_length=500, blank=True)
    result_note = models.TextField(_("note on the result"), max_length=LONG_TEXT, blank=True)
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    task = models.OneToOneField(
        Task, on_delete=models.PROTECT, related_name="hearing", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = HearingQuerySet.as_manager()

    class Meta:
        verbose_name = _("court hearing")
        verbose_name_plural = _("court hearings")
        ordering = ["-hearing_on", "-id"]
        indexes = [
            models.Index(fields=["client", "hearing_on"], name="hearing_client_date"),
            models.Index(fields=["status", "hearing_on"], name="hearing_due"),
        ]

    def __str__(self) -> str:
        return f"{self.court}, {when(self.hearing_on)}"

    @property
    def has_reference(self) -> bool:
        return bool(self.reference_text or self.reference_letter_id)

    @property
    def result_words(self) -> str:
        """The result as one line: "Custodial sentence, 18 months"."""
        if not self.result:
            return "Not yet known"
        words = str(HearingResult(self.result).label)
        if self.result == HearingResult.CUSTODIAL and self.custody_months:
            words += f", {self.custody_months} month{'s' if self.custody_months != 1 else ''}"
        elif self.result == HearingResult.COMMUNITY_ORDER and self.requirements:
            words += f": {self.requirements}"
        return words
