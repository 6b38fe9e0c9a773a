"""Clients: the young people the service works with."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wingman.accounts.models import Borough, Team
from wingman.accounts.scope import ScopedQuerySet
from wingman.core.models import VersionedModel
from wingman.core.validation import LONG_TEXT

from .choices import Ethnicity, Gender


class ClientQuerySet(ScopedQuerySet):
    client_path = ""


class Client(VersionedModel):
    """A young person the service works with. Many are victims as well as perpetrators; the
    record never files them as one or the other."""

    IDENTIFIER_FIELDS = ("prison_number", "pnc_number")

    given_name = models.CharField(_("first name"), max_length=100)
    family_name = models.CharField(_("last name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    aliases = models.TextField(
        _("other names and street names"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_("One a line."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(
        _("ethnicity"),
        max_length=32,
        choices=Ethnicity.choices,
        blank=True,
        help_text=_("Asked for equality monitoring only."),
    )
    borough = models.ForeignKey(
        Borough,
        on_delete=models.PROTECT,
        related_name="residents",
        null=True,
        blank=True,
        verbose_name=_("borough of residence"),
    )
    address = models.TextField(_("address"), max_length=2000, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    prison_number = models.CharField(_("prison number"), max_length=16, blank=True)
    pnc_number = models.CharField(_("PNC number"), max_length=20, blank=True)
    also_a_victim = models.BooleanField(
        _("also a victim"),
        default=False,
        help_text=_("Has been harmed, exploited or threatened: a victim as well as anything else."),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="clients", verbose_name=_("team")
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="caseload",
        null=True,
        blank=True,
        verbose_name=_("caseworker"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(fields=["caseworker", "family_name"], name="client_caseworker"),
            models.Index(fields=["team", "family_name"], name="client_team"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.given_name
        return f"{first} {self.family_name}".strip()

    def age_on(self, day: date) -> int | None:
        if not self.date_of_birth:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
