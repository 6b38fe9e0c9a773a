"""Unit costs: what a prison place, a caseworker or an offence costs, with where the figure comes
from and its price year. A new figure is a new version (a new row valid from a date); a row is
never changed, so every table drawn from it can say exactly which figure it used."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wingman.audit.models import AppendOnlyModel, AppendOnlyQuerySet


class UnitCostQuerySet(AppendOnlyQuerySet):
    def valid_on(self, day: date) -> dict[str, "UnitCost"]:
        """The version of each key valid on `day`: the latest valid from that day or before."""
        found: dict[str, UnitCost] = {}
        for cost in self.filter(valid_from__lte=day).order_by("key", "valid_from", "id"):
            found[cost.key] = cost  # type: ignore[assignment,attr-defined]
        return found


class UnitCost(AppendOnlyModel):
    key = models.SlugField(_("key"), max_length=64)
    label = models.CharField(_("label"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=100, help_text=_("For example: a place a year."))
    source = models.CharField(_("source"), max_length=500)
    price_year = models.CharField(
        _("price year"), max_length=16, help_text=_("For example: 2022/23.")
    )
    valid_from = models.DateField(_("valid from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitCostQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("unit cost")
        verbose_name_plural = _("unit costs")
        ordering = ["key", "-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="unit_cost_one_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.label}: £{self.amount:,} ({self.price_year} prices, from {self.valid_from})"
