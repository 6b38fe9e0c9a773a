from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    IN_CUSTODY = "in_custody", _("In custody")
    RELEASE_DAY = "release_day", _("Release day")
    COMMUNITY = "community", _("In the community")
    SUSTAINMENT = "sustainment", _("Sustainment")
    CLOSED = "closed", _("Closed")


OPEN_STAGES = (Stage.IN_CUSTODY, Stage.RELEASE_DAY, Stage.COMMUNITY, Stage.SUSTAINMENT)

# Where a journey may go from each stage. Leaving CLOSED is re-opening; the history keeps both.
STAGE_TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.IN_CUSTODY: frozenset({Stage.RELEASE_DAY, Stage.CLOSED}),
    Stage.RELEASE_DAY: frozenset({Stage.COMMUNITY, Stage.IN_CUSTODY, Stage.CLOSED}),
    Stage.COMMUNITY: frozenset({Stage.SUSTAINMENT, Stage.IN_CUSTODY, Stage.CLOSED}),
    Stage.SUSTAINMENT: frozenset({Stage.COMMUNITY, Stage.IN_CUSTODY, Stage.CLOSED}),
    Stage.CLOSED: frozenset({Stage.IN_CUSTODY, Stage.COMMUNITY}),
}


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals met")
    MOVED_AWAY = "moved_away", _("Moved away")
    DISENGAGED = "disengaged", _("Disengaged")
    RETURNED_TO_CUSTODY = "returned_to_custody", _("Returned to custody")
    TRANSFERRED = "transferred", _("Transferred to another service")
    DIED = "died", _("Died")
    OTHER = "other", _("Other")


class ChecklistItem(models.TextChoices):
    """The release-day (through the gate) checklist."""

    MET_AT_GATE = "met_at_gate", _("Met at the gate")
    SOMEWHERE_TO_SLEEP = "somewhere_to_sleep", _("Somewhere to sleep tonight")
    DISCHARGE_GRANT = "discharge_grant", _("Discharge grant received")
    BENEFITS_CLAIM = "benefits_claim", _("Benefits claim made")
    PROBATION_APPOINTMENT = "probation_appointment", _("Probation appointment known")
    GP = "gp", _("Registered with a GP")
    ID = "id", _("Identification")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    PHONE = "phone", _("Phone")


class ChecklistStatus(models.TextChoices):
    OUTSTANDING = "outstanding", _("Outstanding")
    DONE = "done", _("Done")
    NOT_NEEDED = "not_needed", _("Not needed")


class ContactType(models.TextChoices):
    PRISON_VISIT = "prison_visit", _("Prison visit")
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    MESSAGE = "message", _("Text or message")
    RELEASE_DAY_MEET = "release_day_meet", _("Release-day meet")
    COURT = "court", _("Court")
    OFFICE = "office", _("Office")
    CRISIS_CALL = "crisis_call", _("Out-of-hours crisis call")
    FAMILY_SESSION = "family_session", _("Family session")
    GROUP_SESSION = "group_session", _("Group session")


class TaskKind(models.TextChoices):
    RELEASE_DATE = "release_date", _("Release date")
    COURT_DATE = "court_date", _("Court date")
    APPOINTMENT = "appointment", _("Appointment")
    FOLLOW_UP = "follow_up", _("Follow-up")
    OTHER = "other", _("Other")


class PartnerType(models.TextChoices):
    DRUGS_ALCOHOL = "drugs_alcohol", _("Drug and alcohol service")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic-violence helpline")
    HOUSING = "housing", _("Housing")
    TRAINING = "training", _("Training course")
    EMPLOYER = "employer", _("Employer")
    GP = "gp", _("GP")
    BENEFITS = "benefits", _("Benefits")
    MENTAL_HEALTH = "mental_health", _("Mental health service")
    OTHER = "other", _("Other")


class PartnerReferralStatus(models.TextChoices):
    MADE = "made", _("Made")
    ACCEPTED = "accepted", _("Accepted")
    ATTENDED = "attended", _("Attended")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")


# Where a partner referral's status may go from each status. Completed and declined are where a
# referral ends; a referral declined or completed in error is recorded as a new one.
PARTNER_REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    PartnerReferralStatus.MADE: frozenset(
        {PartnerReferralStatus.ACCEPTED, PartnerReferralStatus.DECLINED}
    ),
    PartnerReferralStatus.ACCEPTED: frozenset(
        {PartnerReferralStatus.ATTENDED, PartnerReferralStatus.DECLINED}
    ),
    PartnerReferralStatus.ATTENDED: frozenset({PartnerReferralStatus.COMPLETED}),
    PartnerReferralStatus.COMPLETED: frozenset(),
    PartnerReferralStatus.DECLINED: frozenset(),
}
