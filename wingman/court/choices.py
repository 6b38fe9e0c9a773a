from django.db import models
from django.utils.translation import gettext_lazy as _


class HearingStage(models.TextChoices):
    FIRST_APPEARANCE = "first_appearance", _("First appearance")
    PLEA = "plea", _("Plea")
    TRIAL = "trial", _("Trial")
    SENTENCING = "sentencing", _("Sentencing")
    APPEAL = "appeal", _("Appeal")
    OTHER = "other", _("Other")


class HearingStatus(models.TextChoices):
    LISTED = "listed", _("Listed")
    AWAITING_RESULT = "awaiting_result", _("Heard, result not yet known")
    DECIDED = "decided", _("Heard, with a result")
    ADJOURNED = "adjourned", _("Adjourned")


# Where a hearing may go from each status. A listed hearing is heard (with a result, or with the
# result not yet known) or adjourned; a result not yet known can still come in, or the hearing
# turn out to have been adjourned. Decided and adjourned are final: an adjournment makes the
# next hearing, which starts listed.
HEARING_TRANSITIONS: dict[str, frozenset[str]] = {
    HearingStatus.LISTED: frozenset(
        {HearingStatus.AWAITING_RESULT, HearingStatus.DECIDED, HearingStatus.ADJOURNED}
    ),
    HearingStatus.AWAITING_RESULT: frozenset({HearingStatus.DECIDED, HearingStatus.ADJOURNED}),
    HearingStatus.DECIDED: frozenset(),
    HearingStatus.ADJOURNED: frozenset(),
}


class HearingResult(models.TextChoices):
    NOT_YET_KNOWN = "not_yet_known", _("Not yet known")
    CUSTODIAL = "custodial", _("Custodial sentence")
    COMMUNITY_ORDER = "community_order", _("Community sentence")
    FINE = "fine", _("Fine")
    DISCHARGE = "discharge", _("Discharge")
    NOT_GUILTY = "not_guilty", _("Not guilty, or the case was dropped")
    ADJOURNED = "adjourned", _("Adjourned")


# The status each result puts a hearing in.
RESULT_STATUS: dict[str, str] = {
    HearingResult.NOT_YET_KNOWN: HearingStatus.AWAITING_RESULT,
    HearingResult.CUSTODIAL: HearingStatus.DECIDED,
    HearingResult.COMMUNITY_ORDER: HearingStatus.DECIDED,
    HearingResult.FINE: HearingStatus.DECIDED,
    HearingResult.DISCHARGE: HearingStatus.DECIDED,
    HearingResult.NOT_GUILTY: HearingStatus.DECIDED,
    HearingResult.ADJOURNED: HearingStatus.ADJOURNED,
}
