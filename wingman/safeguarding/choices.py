from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a concern is about. A client is often at risk and a risk to others at once: a concern
    has one category, and a second concern is raised for a second kind of harm."""

    SUICIDE = "suicide", _("Risk to self: suicide")
    SELF_HARM = "self_harm", _("Risk to self: self-harm")
    THREATS = "threats", _("Risk from others: threats")
    EXPLOITATION = "exploitation", _("Risk from others: exploitation")
    CHILD_CRIMINAL_EXPLOITATION = (
        "child_criminal_exploitation",
        _("Risk from others: child criminal exploitation"),
    )
    DOMESTIC_ABUSE_VICTIM = (
        "domestic_abuse_victim",
        _("Risk from others: domestic abuse, as a victim"),
    )
    SEXUAL_HARM = "sexual_harm", _("Risk from others: sexual harm")
    DOMESTIC_ABUSE_PERPETRATOR = (
        "domestic_abuse_perpetrator",
        _("Risk to others: domestic abuse, as the one causing harm"),
    )
    WEAPONS = "weapons", _("Risk to others: weapons")
    CHILD_AT_RISK = "child_at_risk", _("A child at risk")
    STAFF_ALLEGATION = (
        "staff_allegation",
        _("An allegation against a member of staff or a volunteer"),
    )


# The headings the categories are offered under, in order.
CATEGORY_GROUPS: tuple[tuple[str, tuple[Category, ...]], ...] = (
    ("Risk to self", (Category.SUICIDE, Category.SELF_HARM)),
    (
        "Risk from others",
        (
            Category.THREATS,
            Category.EXPLOITATION,
            Category.CHILD_CRIMINAL_EXPLOITATION,
            Category.DOMESTIC_ABUSE_VICTIM,
            Category.SEXUAL_HARM,
        ),
    ),
    ("Risk to others", (Category.DOMESTIC_ABUSE_PERPETRATOR, Category.WEAPONS)),
    ("A child at risk", (Category.CHILD_AT_RISK,)),
    ("About staff", (Category.STAFF_ALLEGATION,)),
)


class Grade(models.TextChoices):
    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")


class ConcernStatus(models.TextChoices):
    RAISED = "raised", _("Waiting for triage")
    TRIAGED = "triaged", _("Triaged")
    CLOSED = "closed", _("Closed")


class EntryKind(models.TextChoices):
    ACCOUNT = "account", _("Concern raised")
    UPDATE = "update", _("Update")
    CORRECTION = "correction", _("Correction")


class DecisionKind(models.TextChoices):
    TRIAGE = "triage", _("Triaged")
    REFER = "refer", _("Referred to a statutory service")
    NOT_REFER = "not_refer", _("Decided not to refer")
    ACTION = "action", _("Other action")
    DETAILS = "details", _("Details changed")
    CLOSE = "close", _("Closed")
    REOPEN = "reopen", _("Reopened")


class StatutoryService(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = (
        "childrens_social_care",
        _("Children's social care or the multi-agency safeguarding hub (MASH)"),
    )
    ADULT_SAFEGUARDING = "adult_safeguarding", _("Adult safeguarding")
    POLICE = "police", _("Police")
    MARAC = "marac", _("MARAC (multi-agency risk assessment conference)")
    CHANNEL = "channel", _("Channel")
    LADO = "lado", _("The local authority designated officer (LADO)")


class Involvement(models.TextChoices):
    HARMED = "harmed", _("Harmed or at risk")
    CAUSED_HARM = "caused_harm", _("Said to have caused harm")
    WITNESS = "witness", _("Saw or heard it")
    OTHER = "other", _("Involved in another way")


class FlagKind(models.TextChoices):
    DO_NOT_VISIT_ALONE = "do_not_visit_alone", _("Do not visit alone")
    HOSTILE_AREA = "hostile_area", _("Hostile area")
    SEE_CONCERN = "see_concern", _("See concern")
    OTHER = "other", _("Other risk")


class NotificationKind(models.TextChoices):
    CONCERN_RAISED = "concern_raised", _("A concern was raised")
    CRISIS_CALL = "crisis_call", _("A crisis call needs a concern")


# A concern moves only through these: triaged (and triaged again to change its grade), closed
# with a reason, reopened with a reason.
CONCERN_TRANSITIONS: dict[str, frozenset[str]] = {
    ConcernStatus.RAISED: frozenset({ConcernStatus.TRIAGED}),
    ConcernStatus.TRIAGED: frozenset({ConcernStatus.TRIAGED, ConcernStatus.CLOSED}),
    ConcernStatus.CLOSED: frozenset({ConcernStatus.TRIAGED}),
}
