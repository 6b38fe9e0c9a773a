"""The words of an assessment: each pathway's status (the Resettlement Passport's words), the
Wingman needs ladder's ten steps (Wingman's own words), what kind of assessment it is and where it
stands."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedStatus(models.TextChoices):
    """Where the support on one pathway stands, in the Resettlement Passport's words."""

    NOT_STARTED = "not_started", _("Not started")
    SUPPORT_REQUIRED = "support_required", _("Support required")
    IN_PROGRESS = "in_progress", _("In progress")
    SUPPORT_NOT_REQUIRED = "support_not_required", _("Support not required")
    SUPPORT_DECLINED = "support_declined", _("Support declined")
    DONE = "done", _("Done")


class AssessmentKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    REVIEW = "review", _("Review")


class AssessmentState(models.TextChoices):
    """An assessment is started (chosen instrument, kind and date), then recorded with its
    answers; a recorded assessment can still be corrected, with its version."""

    STARTED = "started", _("Started")
    RECORDED = "recorded", _("Recorded")


# Where an assessment may go from each state: the only move is recording it.
ASSESSMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    AssessmentState.STARTED: frozenset({AssessmentState.RECORDED}),
    AssessmentState.RECORDED: frozenset(),
}


class ScaleKind(models.TextChoices):
    LADDER = "ladder", _("The Wingman needs ladder (1 to 10)")
    OPTIONS = "options", _("A set of answer options, each with a score")


LOWEST_SCORE = 1
HIGHEST_SCORE = 10

# The Wingman needs ladder: ten steps, named and defined by Wingman, written to the young
# person. The caseworker and the young person each say which step describes this part of
# their life now.
LADDER: tuple[tuple[int, str, str], ...] = (
    (1, "Not safe", "This part of your life is putting you at risk of harm right now."),
    (2, "Crisis", "Things are going badly wrong here and need help this week."),
    (3, "Hard going", "There are big problems here and little support around you yet."),
    (4, "First steps", "You and your caseworker have a plan for this and have started on it."),
    (5, "Some ground", "Some things are better, but a setback can still knock you back."),
    (6, "Holding on", "Things are steadier most weeks, with regular help."),
    (7, "Getting there", "Mostly steady: you sort out most things here with a little help."),
    (8, "Standing up", "Steady for a while now, and you know where to go if it goes wrong."),
    (9, "Strong", "This is going well and you are the one keeping it that way."),
    (10, "Secure", "Settled and safe here: you could show someone else how."),
)
LADDER_STEPS: dict[int, str] = {score: name for score, name, _meaning in LADDER}
LADDER_MEANINGS: dict[int, str] = {score: meaning for score, _name, meaning in LADDER}


def step_label(score: int | None) -> str:
    """A score as a person reads it: "4 – First steps"."""
    if score is None:
        return ""
    name = LADDER_STEPS.get(score)
    return f"{score} – {name}" if name else str(score)


# Wingman's own instrument, created by a migration: one question per pathway, on the ladder.
LADDER_NAME = "Wingman needs ladder"
LADDER_DESCRIPTION = (
    "Where each part of the young person's life stands now, on Wingman's own ten-step ladder "
    "(1 Not safe to 10 Secure), scored by the caseworker and by the young person."
)
# (pathway code, question, hint), in the order the form asks them.
LADDER_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("accommodation", "Accommodation", "Somewhere safe and settled to live, and to sleep tonight."),
    ("ete", "Education, skills and work", "School, college, training, a course or a job."),
    ("finance", "Finance and ID", "Money to live on, benefits, debts, a bank account and ID."),
    (
        "health",
        "Health, mental health included",
        "Your body and your mind: a GP, sleep, low moods, self-harm.",
    ),
    ("drugs_alcohol", "Drugs and alcohol", "What you use, how often, and what it costs you."),
    (
        "family",
        "Children, families and communities",
        "The people at home and around you, and your own children.",
    ),
    (
        "attitudes",
        "Attitudes, thinking and behaviour",
        "How you handle anger, pressure and the choices in front of you.",
    ),
    (
        "safety",
        "Safety and threats",
        "Whether you are safe where you live, study or work, and on the way there.",
    ),
    (
        "gang_exit",
        "Gang exit and exploitation",
        "How far you are from the gang, and whether anyone is using you or says you owe them.",
    ),
    (
        "identity",
        "Identity and self-esteem",
        "Who you are away from the gang, and how you feel about yourself.",
    ),
    (
        "abuse",
        "Abuse, as a victim",
        "Whether anyone is hurting you or has hurt you, and the support you have.",
    ),
)
