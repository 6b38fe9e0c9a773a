"""Staff roles. What each role may see is decided in `scope`, what it may do in `permissions`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SENIOR_CASEWORKER = "senior_caseworker", _("Senior caseworker (team lead)")
    MANAGER = "manager", _("Manager")
    VOLUNTEER = "volunteer", _("Volunteer")
    SAFEGUARDING_LEAD = "safeguarding_lead", _("Safeguarding lead")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")
    FUNDER = "funder", _("Funder")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
