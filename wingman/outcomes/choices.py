"""The states of an outcome, what an indicator counts, and the outcome types every organisation
starts with."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wingman.core.pathways import Pathway


class OutcomeStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    # Recorded in error: kept, with the reason, and counted nowhere.
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Where an outcome may go from each state. A withdrawn outcome stays withdrawn: if it was right
# after all, it is recorded again.
OUTCOME_TRANSITIONS: dict[str, frozenset[str]] = {
    OutcomeStatus.RECORDED: frozenset({OutcomeStatus.WITHDRAWN}),
    OutcomeStatus.WITHDRAWN: frozenset(),
}


class Measure(models.TextChoices):
    OUTCOMES = "outcomes", _("Outcomes achieved (each one counts)")
    CLIENTS = "clients", _("Clients achieving at least one")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase: the result should reach the target")
    DECREASE = "decrease", _("Decrease: the result should stay at or below the target")


# Every organisation has these from the start (a data migration for those there were, and a
# receiver for each new one); an administrator adds others in the back office.
STANDARD_OUTCOME_TYPES: tuple[tuple[str, str], ...] = (
    ("Accommodation secured", Pathway.ACCOMMODATION),
    ("Accommodation sustained", Pathway.ACCOMMODATION),
    ("Training started", Pathway.EDUCATION_EMPLOYMENT),
    ("Training completed", Pathway.EDUCATION_EMPLOYMENT),
    ("Qualification gained", Pathway.EDUCATION_EMPLOYMENT),
    ("Employment started", Pathway.EDUCATION_EMPLOYMENT),
    ("Employment sustained 13 weeks", Pathway.EDUCATION_EMPLOYMENT),
    ("Employment sustained 26 weeks", Pathway.EDUCATION_EMPLOYMENT),
    ("Back in education", Pathway.EDUCATION_EMPLOYMENT),
    ("Drug or alcohol treatment engaged", Pathway.DRUGS_ALCOHOL),
    ("Drug or alcohol treatment completed", Pathway.DRUGS_ALCOHOL),
    ("Benefits in payment", Pathway.FINANCE),
    ("ID obtained", Pathway.FINANCE),
    ("Bank account opened", Pathway.FINANCE),
    ("Family contact restored", Pathway.FAMILY),
    ("Safely left the gang", Pathway.GANG_EXIT),
)
