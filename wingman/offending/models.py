"""A client's offending history: each offence, how it was dealt with, and where we learned of it.

It is the record proven reoffending and OGRS3 are worked out from (see `selectors`); it never
says who a young person is. Many of the people in it have been harmed as well."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wingman.accounts.scope import ScopedQuerySet
from wingman.core.dates import when
from wingman.core.models import VersionedModel
from wingman.people.models import Client

from .choices import Disposal, OffenceCategory, Source


class OffenceQuerySet(ScopedQuerySet):
    pass


class Offence(VersionedModel):
    """One offence on a client's record: when it was committed, what kind of offence it was (an
    OGRS3 category), how it was disposed of and when, whether it was a breach of an order,
    licence or bail, and where the service learned of it."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="offences")
    committed_on = models.DateField(_("offence date"))
    category = models.CharField(
        _("kind of offence"), max_length=32, choices=OffenceCategory.choices
    )
    disposal = models.CharField(_("outcome"), max_length=32, choices=Disposal.choices)
    disposal_on = models.DateField(_("date of the outcome"), null=True, blank=True)
    sentence = models.CharField(_("sentence"), max_length=200, blank=True)
    breach = models.BooleanField(
        _("breach"),
        default=False,
        help_text=_("A breach of a court order, licence or bail, rather than a new offence."),
    )
    source = models.CharField(_("where we learned of it"), max_length=24, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = OffenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("offence")
        verbose_name_plural = _("offences")
        ordering = ["-committed_on", "-id"]
        indexes = [models.Index(fields=["client", "committed_on"], name="offence_client_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(disposal_on__isnull=True)
                | models.Q(disposal_on__gte=models.F("committed_on")),
                name="offence_outcome_after_offence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} on {when(self.committed_on)}"

    @property
    def decided(self) -> bool:
        return self.disposal != Disposal.AWAITING
