"""The support plan written with the young person: goals per pathway in their own words, and the
actions that get each goal done, with who does them, by when, and how far they have got."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wingman.accounts.scope import ScopedQuerySet
from wingman.casework.models import Contact, Journey, PartnerReferral
from wingman.core.models import VersionedModel
from wingman.core.pathways import Pathway
from wingman.people.models import Client

from .choices import (
    ACTION_TRANSITIONS,
    IN_PLAIN_WORDS,
    OPEN_ACTION_STATUSES,
    STATUS_IN_PLAIN_WORDS,
    ActionOwner,
    ActionStatus,
)


class SupportPlanQuerySet(ScopedQuerySet):
    pass


class SupportPlan(VersionedModel):
    """What a young person and their caseworker agreed to work on together, for one journey (or,
    before a journey opens, for the walk-in being seen now)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="support_plans")
    journey = models.ForeignKey(
        Journey, on_delete=models.PROTECT, related_name="support_plans", null=True, blank=True
    )
    agreed_on = models.DateField(_("date agreed"))
    reviewed_on = models.DateField(_("date last reviewed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = SupportPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        ordering = ["-agreed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["journey"],
                condition=models.Q(journey__isnull=False),
                name="support_plan_one_per_journey",
                violation_error_message=_("This journey already has a support plan."),
            )
        ]

    def __str__(self) -> str:
        return f"Support plan for {self.client}"


class GoalQuerySet(ScopedQuerySet):
    client_path = "plan__client__"


class Goal(VersionedModel):
    """One thing the young person wants, on one pathway, written in their own words."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="goals")
    pathway = models.CharField(_("pathway"), max_length=32, choices=Pathway.choices)
    in_their_words = models.TextField(_("the goal in their own words"), max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.in_their_words[:80]

    @property
    def client_id(self) -> int:
        """The client whose plan this is, for the audit trail."""
        return int(self.plan.client_id)

    @property
    def in_plain_words(self) -> str:
        """The goal's pathway as "my plan" names it."""
        return IN_PLAIN_WORDS.get(self.pathway, "")


class ActionQuerySet(ScopedQuerySet):
    client_path = "goal__plan__client__"

    def open(self) -> "ActionQuerySet":
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue(self, today: date) -> "ActionQuerySet":
        return self.open().filter(due_on__lt=today)


class Action(VersionedModel):
    """One step towards a goal: what, who does it (the client, the caseworker or a named
    partner), by when, and its status. It links to the contacts and partner referrals that served
    it, of the same client only."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="actions")
    what = models.CharField(_("what needs doing"), max_length=300)
    owner = models.CharField(_("who does it"), max_length=16, choices=ActionOwner.choices)
    partner_name = models.CharField(_("partner's name"), max_length=150, blank=True)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.TO_DO
    )
    done_on = models.DateField(_("done"), null=True, blank=True)
    contacts = models.ManyToManyField(Contact, related_name="plan_actions", blank=True)
    partner_referrals = models.ManyToManyField(
        PartnerReferral, related_name="plan_actions", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="plan_action_due")]

    def __str__(self) -> str:
        return self.what

    @property
    def client_id(self) -> int:
        """The client whose plan this is, for the audit trail."""
        return int(self.goal.plan.client_id)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    @property
    def next_statuses(self) -> list[ActionStatus]:
        allowed = ACTION_TRANSITIONS[self.status]
        return [s for s in ActionStatus if s in allowed]

    @property
    def status_in_plain_words(self) -> str:
        return STATUS_IN_PLAIN_WORDS.get(self.status, "")

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on < today

    @property
    def owner_words(self) -> str:
        """Who does it, for staff: "The caseworker", "Brief Intervention Service (partner)"."""
        if self.owner == ActionOwner.PARTNER:
            return f"{self.partner_name} (partner)"
        return str(ActionOwner(self.owner).label)
