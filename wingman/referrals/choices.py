from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    PRISON = "prison", _("Prison or young offender institution")
    POLICE = "police", _("Police")
    PROBATION = "probation", _("Probation")
    YOUTH_OFFENDING_TEAM = "yot", _("Youth offending team")
    SCHOOL = "school", _("School or pupil referral unit")
    COURT = "court", _("Court")
    FAMILY = "family", _("Family")
    CHARITY = "charity", _("Another charity")
    COUNCIL = "council", _("Council")
    SELF = "self", _("Walk-in or self-referral")


class Cohort(models.TextChoices):
    CUSTODY_LEAVERS = "custody_leavers", _("Custody leavers")
    COMMUNITY = "community", _("Community")
    AT_RISK_OF_EXPLOITATION = "at_risk", _("At risk of exploitation")


class ReferralState(models.TextChoices):
    RECEIVED = "received", _("Received")
    SCREENING = "screening", _("Screening")
    ACCEPTED = "accepted", _("Accepted")
    ACCEPTED_UNFUNDED = "accepted_unfunded", _("Accepted, unfunded")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_REFERRAL_STATES = (ReferralState.RECEIVED, ReferralState.SCREENING)

# The only moves a referral can make; each has one service in referrals.services.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralState.RECEIVED: frozenset(
        {
            ReferralState.SCREENING,
            ReferralState.ACCEPTED,
            ReferralState.ACCEPTED_UNFUNDED,
            ReferralState.DECLINED,
            ReferralState.WITHDRAWN,
        }
    ),
    ReferralState.SCREENING: frozenset(
        {
            ReferralState.ACCEPTED,
            ReferralState.ACCEPTED_UNFUNDED,
            ReferralState.DECLINED,
            ReferralState.WITHDRAWN,
        }
    ),
    ReferralState.ACCEPTED: frozenset(),
    ReferralState.ACCEPTED_UNFUNDED: frozenset(),
    ReferralState.DECLINED: frozenset(),
    ReferralState.WITHDRAWN: frozenset(),
}
