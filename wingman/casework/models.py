"""The journey: stages, the release-day checklist, contacts, tasks and partner referrals."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wingman.accounts.scope import ScopedQuerySet
from wingman.core.dates import when
from wingman.core.models import VersionedModel
from wingman.core.pathways import pathway_labels
from wingman.core.validation import LONG_TEXT
from wingman.people.models import Client
from wingman.referrals.models import FundingStream, Referral

from .choices import (
    PARTNER_REFERRAL_TRANSITIONS,
    ChecklistItem,
    ChecklistStatus,
    ClosureReason,
    ContactType,
    PartnerReferralStatus,
    PartnerType,
    Stage,
    TaskKind,
)


class JourneyQuerySet(ScopedQuerySet):
    def open(self) -> "JourneyQuerySet":
        return self.exclude(stage=Stage.CLOSED)


class Journey(VersionedModel):
    """One piece of support, from an accepted referral to closure. Funded by one funding stream,
    or recorded honestly as unfunded."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="journeys")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="journey")
    funding_stream = models.ForeignKey(
        FundingStream, on_delete=models.PROTECT, related_name="journeys", null=True, blank=True
    )
    unfunded_reason = models.TextField(
        _("why the work is unfunded"), max_length=LONG_TEXT, blank=True
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    stage_since = models.DateField(_("in this stage since"), default=date.today)
    opened_on = models.DateField(_("opened"), default=date.today)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closing"), max_length=32, choices=ClosureReason.choices, blank=True
    )
    establishment = models.CharField(_("prison or YOI"), max_length=150, blank=True)
    expected_release_date = models.DateField(_("expected release date"), null=True, blank=True)
    released_on = models.DateField(
        _("actual release date"),
        null=True,
        blank=True,
        help_text=_("Set by the move to release day; cleared when a new time in custody starts."),
    )
    rotl_unparsed = models.TextField(
        _("ROTL dates recorded as text"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_(
            "Kept from when ROTL dates were free text, where a line could not be read as dates: "
            "enter them as periods, then remove this."
        ),
    )

    objects = JourneyQuerySet.as_manager()

    class Meta:
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["stage", "expected_release_date"], name="journey_release"),
            models.Index(fields=["funding_stream", "stage"], name="journey_stream"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=~models.Q(stage=Stage.CLOSED),
                name="journey_one_open_per_client",
                violation_error_message=_("This client already has an open journey."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.get_stage_display()}"

    @property
    def is_unfunded(self) -> bool:
        return self.funding_stream_id is None

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED


class StageChangeQuerySet(ScopedQuerySet):
    client_path = "journey__client__"


class StageChange(models.Model):
    """A dated move from one stage to the next; re-opening a closed journey is one too."""

    journey = models.ForeignKey(Journey, on_delete=models.PROTECT, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=LONG_TEXT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or 'start'} -> {self.to_stage} on {self.on}"


class RotlPeriodQuerySet(ScopedQuerySet):
    client_path = "journey__client__"


class RotlPeriod(models.Model):
    """Days out of prison on release on temporary licence (ROTL), past or planned: one day or a
    run of days."""

    journey = models.ForeignKey(Journey, on_delete=models.PROTECT, related_name="rotl_periods")
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = RotlPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("ROTL period")
        verbose_name_plural = _("ROTL periods")
        ordering = ["first_day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="rotl_period_in_order",
            )
        ]

    def __str__(self) -> str:
        if self.first_day == self.last_day:
            return f"ROTL on {self.first_day}"
        return f"ROTL {self.first_day} to {self.last_day}"

    @property
    def client_id(self) -> int:
        """The client whose journey this is, for the audit trail."""
        return int(self.journey.client_id)


class ChecklistEntryQuerySet(ScopedQuerySet):
    client_path = "journey__client__"


class ChecklistEntry(models.Model):
    """One item of the release-day checklist for one journey."""

    journey = models.ForeignKey(Journey, on_delete=models.PROTECT, related_name="checklist")
    item = models.CharField(_("item"), max_length=32, choices=ChecklistItem.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ChecklistStatus.choices,
        default=ChecklistStatus.OUTSTANDING,
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    objects = ChecklistEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("release-day checklist item")
        verbose_name_plural = _("release-day checklist")
        constraints = [
            models.UniqueConstraint(fields=["journey", "item"], name="checklist_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.get_status_display()}"


class ContactQuerySet(ScopedQuerySet):
    pass


class Contact(VersionedModel):
    """One piece of work with or for a client, with the minutes it took."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="contacts")
    journey = models.ForeignKey(
        Journey, on_delete=models.PROTECT, related_name="contacts", null=True, blank=True
    )
    occurred_on = models.DateField(_("date"))
    # The time of day, where it matters (a crisis call at 00:40); many contacts have none.
    occurred_at = models.TimeField(_("time"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"))
    contact_type = models.CharField(
        _("type of contact"), max_length=20, choices=ContactType.choices
    )
    place = models.CharField(_("place"), max_length=150, blank=True)
    present = models.CharField(_("who was present"), max_length=255, blank=True)
    pathways = models.JSONField(_("pathways"), default=list, blank=True)
    note = models.TextField(_("note"), max_length=LONG_TEXT, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts_written"
    )
    # Further funding streams this piece of work served, beside the journey's own: its minutes
    # are split between them all in the monthly report (`reports.hours`).
    also_for = models.ManyToManyField(
        FundingStream, related_name="contacts_also", blank=True, verbose_name=_("also served")
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["client", "occurred_on"], name="contact_client_date")]

    def __str__(self) -> str:
        return f"{self.get_contact_type_display()} on {when(self.occurred_on)} ({self.minutes} min)"

    def pathway_labels(self) -> list[str]:
        return pathway_labels(self.pathways)


class ContactRevisionQuerySet(ScopedQuerySet):
    client_path = "contact__client__"


class ContactRevision(models.Model):
    """An earlier version of a contact, kept whenever the contact is edited."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="revisions")
    version = models.PositiveIntegerField()
    values = models.JSONField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    objects = ContactRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact revision")
        verbose_name_plural = _("contact revisions")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "version"], name="contact_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} v{self.version}"


class TaskQuerySet(ScopedQuerySet):
    def outstanding(self) -> "TaskQuerySet":
        return self.filter(done_at__isnull=True)

    def overdue(self, today: date) -> "TaskQuerySet":
        return self.outstanding().filter(due_on__lt=today)


class Task(VersionedModel):
    """A reminder: a release date, a court date, an appointment or a follow-up."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="tasks")
    journey = models.ForeignKey(
        Journey, on_delete=models.PROTECT, related_name="tasks", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TaskKind.choices)
    title = models.CharField(_("what"), max_length=200)
    due_on = models.DateField(_("due"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasks"
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["assigned_to", "done_at", "due_on"], name="task_due"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (due {when(self.due_on)})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class PartnerReferralQuerySet(ScopedQuerySet):
    pass


class PartnerReferral(VersionedModel):
    """A referral out to a partner: a drug service, a helpline, housing, a course, an employer."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="partner_referrals")
    journey = models.ForeignKey(
        Journey, on_delete=models.PROTECT, related_name="partner_referrals", null=True, blank=True
    )
    partner_type = models.CharField(
        _("kind of partner"), max_length=24, choices=PartnerType.choices
    )
    partner_name = models.CharField(_("partner"), max_length=150)
    made_on = models.DateField(_("date made"))
    starts_on = models.DateField(
        _("start or appointment date"),
        null=True,
        blank=True,
        help_text=_(
            "The day a course starts or the first appointment; it puts a task on the list."
        ),
    )
    appointment_task = models.ForeignKey(
        "Task",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The task the start or appointment date put on the caseworker's list."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PartnerReferralStatus.choices,
        default=PartnerReferralStatus.MADE,
    )
    outcome = models.TextField(_("outcome"), max_length=LONG_TEXT, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = PartnerReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner referral")
        verbose_name_plural = _("partner referrals")
        ordering = ["-made_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_partner_type_display()}: {self.partner_name}"

    @property
    def next_statuses(self) -> list[PartnerReferralStatus]:
        """Where its status may move next, in the order of the list."""
        allowed = PARTNER_REFERRAL_TRANSITIONS[self.status]
        return [s for s in PartnerReferralStatus if s in allowed]
