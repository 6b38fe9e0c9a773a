from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionOwner(models.TextChoices):
    """Who does an action: the young person, their caseworker, or a partner (named)."""

    CLIENT = "client", _("The client")
    CASEWORKER = "caseworker", _("The caseworker")
    PARTNER = "partner", _("A partner")


class ActionStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_NEEDED = "not_needed", _("No longer needed")


OPEN_ACTION_STATUSES = (ActionStatus.TO_DO, ActionStatus.IN_PROGRESS)

# Where an action may go from each status. An action marked done or no longer needed by mistake
# goes back to in progress or to do; the audit trail keeps each move.
ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.TO_DO: frozenset(
        {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.NOT_NEEDED}
    ),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.DONE, ActionStatus.NOT_NEEDED}),
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.NOT_NEEDED: frozenset({ActionStatus.TO_DO}),
}


# Each pathway as "my plan" names it to the young person: plain words, no service terms.
IN_PLAIN_WORDS: dict[str, str] = {
    "accommodation": "Somewhere to live",
    "attitudes": "How you think and how you act",
    "family": "Your family and the people around you",
    "drugs_alcohol": "Drugs and alcohol",
    "ete": "School, training and work",
    "finance": "Money and ID",
    "health": "Your health and how you feel",
    "safety": "Feeling safe",
    "gang_exit": "Moving on from the gang",
    "identity": "Who you are",
    "abuse": "Help with what happened to you",
}

# Where an action is, as "my plan" says it.
STATUS_IN_PLAIN_WORDS: dict[str, str] = {
    "to_do": "Not started yet",
    "in_progress": "Started",
    "done": "Done",
    "not_needed": "Not needed now",
}
