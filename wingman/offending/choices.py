"""The words of an offending history: the OGRS3 offence categories, disposals and sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OffenceCategory(models.TextChoices):
    """The 20 OGRS3 offence categories. Each code is the lower-case name of the member of
    `wingman.evaluation.ogrs3.Offence` it stands for (which `ogrs3.parse_offence` reads), and
    each label its published name."""

    VIOLENCE = "violence", _("Violence")
    ROBBERY = "robbery", _("Robbery")
    PUBLIC_ORDER = "public_order", _("Public order")
    SEXUAL_NOT_AGAINST_CHILD = "sexual_not_against_child", _("Sexual (not against child)")
    SEXUAL_AGAINST_CHILD = "sexual_against_child", _("Sexual (against child)")
    SOLICITING_OR_PROSTITUTION = "soliciting_or_prostitution", _("Soliciting or prostitution")
    BURGLARY_DOMESTIC = "burglary_domestic", _("Burglary (domestic)")
    BURGLARY_OTHER = "burglary_other", _("Burglary (other)")
    THEFT_NON_MOTOR = "theft_non_motor", _("Theft (non-motor)")
    HANDLING_STOLEN_GOODS = "handling_stolen_goods", _("Handling stolen goods")
    FRAUD_AND_FORGERY = "fraud_and_forgery", _("Fraud and forgery")
    ABSCONDING_OR_BAIL = "absconding_or_bail", _("Absconding or bail offences")
    TAKING_AND_DRIVING_AWAY = "taking_and_driving_away", _("Taking and driving away and related")
    THEFT_FROM_VEHICLES = "theft_from_vehicles", _("Theft from vehicles")
    DRINK_DRIVING = "drink_driving", _("Drink driving")
    OTHER_MOTORING = "other_motoring", _("Other motoring")
    CRIMINAL_DAMAGE = "criminal_damage", _("Criminal damage")
    DRUG_IMPORT_EXPORT_PRODUCTION = (
        "drug_import_export_production",
        _("Drug import/export/production"),
    )
    DRUG_POSSESSION_SUPPLY = "drug_possession_supply", _("Drug possession/supply")
    OTHER = "other", _("Other offence")


class Disposal(models.TextChoices):
    """How an offence was dealt with. The first seven prove an offence (the Ministry of
    Justice's proving disposals, `wingman.evaluation.reoffending.PROVING_DISPOSALS`); the last
    two do not."""

    CONVICTION = "conviction", _("Conviction")
    CAUTION = "caution", _("Caution")
    CONDITIONAL_CAUTION = "conditional_caution", _("Conditional caution")
    YOUTH_CAUTION = "youth_caution", _("Youth caution")
    YOUTH_CONDITIONAL_CAUTION = "youth_conditional_caution", _("Youth conditional caution")
    REPRIMAND = "reprimand", _("Reprimand")
    FINAL_WARNING = "final_warning", _("Final warning")
    NOT_PROVEN = "not_proven", _("Not proven or no further action")
    AWAITING = "awaiting", _("Awaiting outcome")


#: Disposals that are not a decision yet: no disposal date goes with them.
UNDECIDED = frozenset({Disposal.AWAITING})


class Source(models.TextChoices):
    """Where the service learned of the offence."""

    PNC = "pnc", _("Police National Computer")
    YOUTH_OFFENDING_TEAM = "youth_offending_team", _("Youth offending team")
    PROBATION = "probation", _("Probation")
    SELF_REPORT = "self_report", _("Told us themselves")
    COURT = "court", _("Court")
