"""Safeguarding: concerns about a client or someone around them, written as safeguarding records
must be and never rewritten; the safeguarding lead's triage, decisions and referrals to statutory
services; risk flags on the client's record; the on-call rota; the notifications that tell the
lead a concern is waiting.

Concerns and everything hanging off them are **restricted records** (`accounts.scope`): narrower
than the client record, and an allegation against a member of staff narrower still and never seen
by the member of staff it is about. Risk flags are seen by everyone who sees the client, so that
the next person who visits alone knows; a flag linked to a concern shows that the concern exists,
never what it says."""

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wingman.accounts.choices import Role
from wingman.accounts.models import Organisation, Team
from wingman.accounts.scope import SAFEGUARDING_RESTRICTION, ScopedQuerySet
from wingman.audit.models import AppendOnlyModel, AppendOnlyQuerySet
from wingman.casework.models import Contact
from wingman.core.models import VersionedModel
from wingman.core.validation import LONG_TEXT
from wingman.family.models import Person
from wingman.people.models import Client

from .choices import (
    Category,
    ConcernStatus,
    DecisionKind,
    EntryKind,
    FlagKind,
    Grade,
    Involvement,
    NotificationKind,
    StatutoryService,
)

CONCERN_RESTRICTION = SAFEGUARDING_RESTRICTION


class ConcernQuerySet(ScopedQuerySet):
    restriction = CONCERN_RESTRICTION

    def open(self) -> "ConcernQuerySet":
        return self.exclude(status=ConcernStatus.CLOSED)

    def awaiting_triage(self) -> "ConcernQuerySet":
        return self.filter(status=ConcernStatus.RAISED)

    def triage_overdue(self, now: datetime) -> "ConcernQuerySet":
        return self.filter(status=ConcernStatus.RAISED, triage_due_at__lt=now)

    def action_overdue(self, now: datetime) -> "ConcernQuerySet":
        """Triaged, and no decision recorded since by the deadline its grade gave it."""
        return self.filter(
            status=ConcernStatus.TRIAGED, action_taken_at__isnull=True, action_due_at__lt=now
        )


class Concern(VersionedModel):
    """A safeguarding concern about a client (or someone around them, linked as involved). What
    was seen and heard is in its entries, which are never changed; the concern itself holds what
    the safeguarding lead may correct (category, when it happened, who is involved, each with a
    reason) and where it stands: triage, its deadline, closing."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="concerns")
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    about_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member of staff or volunteer it is about"),
    )
    happened_on = models.DateField(_("date it happened"))
    happened_at = models.TimeField(_("time it happened"), null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # As they were when the concern was written: a record must say who wrote it even after
    # their role or name changes.
    raised_by_name = models.CharField(_("raised by"), max_length=150)
    raised_by_role = models.CharField(_("their role"), max_length=32, choices=Role.choices)
    crisis_call = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("crisis call it was raised from"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.RAISED
    )
    triage_due_at = models.DateTimeField(_("triage due"))
    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices, blank=True)
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action_due_at = models.DateTimeField(_("action due"), null=True, blank=True)
    action_taken_at = models.DateTimeField(_("first action recorded"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        verbose_name = _("safeguarding concern")
        verbose_name_plural = _("safeguarding concerns")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["client", "status"], name="concern_client_status"),
            models.Index(fields=["status", "triage_due_at"], name="concern_triage_due"),
            models.Index(fields=["status", "action_due_at"], name="concern_action_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category=Category.STAFF_ALLEGATION, about_staff__isnull=False)
                | (
                    ~models.Q(category=Category.STAFF_ALLEGATION)
                    & models.Q(about_staff__isnull=True)
                ),
                name="concern_staff_named_only_for_allegations",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ConcernStatus.RAISED)
                | (models.Q(triaged_at__isnull=False) & ~models.Q(grade="")),
                name="concern_triaged_has_grade",
            ),
        ]

    def __str__(self) -> str:
        return f"Concern {self.pk}: {self.get_category_display()}"

    @property
    def is_allegation(self) -> bool:
        return self.category == Category.STAFF_ALLEGATION


class ConcernEntryQuerySet(AppendOnlyQuerySet, ScopedQuerySet):  # type: ignore[override]
    client_path = "concern__client__"
    restriction = CONCERN_RESTRICTION
    restriction_path = "concern__"


class ConcernEntry(AppendOnlyModel):
    """One dated entry in a concern's chronology: the account as first written, then updates and
    corrections. Never changed or removed, by the code or by the database (triggers, and no
    UPDATE or DELETE for the application's database role)."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    written_at = models.DateTimeField(_("written"), default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(_("written by"), max_length=150)
    author_role = models.CharField(_("their role"), max_length=32, choices=Role.choices)
    place = models.CharField(_("where it happened"), max_length=200, blank=True)
    seen_and_heard = models.TextField(_("what was seen and heard"), max_length=LONG_TEXT)
    own_words = models.TextField(_("in their own words"), max_length=LONG_TEXT, blank=True)
    action_taken = models.TextField(_("immediate action taken"), max_length=LONG_TEXT, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entry it corrects"),
    )

    objects = ConcernEntryQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("concern entry")
        verbose_name_plural = _("concern entries")
        ordering = ["written_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=EntryKind.CORRECTION, corrects__isnull=False)
                | (~models.Q(kind=EntryKind.CORRECTION) & models.Q(corrects__isnull=True)),
                name="concern_entry_correction_names_its_entry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on concern {self.concern_id}"


class InvolvedQuerySet(ScopedQuerySet):
    client_path = "concern__client__"
    restriction = CONCERN_RESTRICTION
    restriction_path = "concern__"

    def current(self) -> "InvolvedQuerySet":
        return self.filter(removed_at__isnull=True)


class Involved(models.Model):
    """Someone other than the client involved in a concern: one of the client's people, or a name
    only. Linked only where they are involved; their details stay as restricted as the concern.
    Unlinking keeps the row, with who unlinked them, when and why."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="involved")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name or description"), max_length=150, blank=True)
    involvement = models.CharField(_("how involved"), max_length=16, choices=Involvement.choices)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_reason = models.TextField(_("why they were unlinked"), max_length=LONG_TEXT, blank=True)

    objects = InvolvedQuerySet.as_manager()

    class Meta:
        verbose_name = _("person involved in a concern")
        verbose_name_plural = _("people involved in concerns")
        ordering = ["linked_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(name=""),
                name="involved_is_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_involvement_display()})"

    @property
    def display_name(self) -> str:
        return self.person.display_name if self.person_id and self.person else self.name


class DecisionQuerySet(AppendOnlyQuerySet, ScopedQuerySet):  # type: ignore[override]
    client_path = "concern__client__"
    restriction = CONCERN_RESTRICTION
    restriction_path = "concern__"


class Decision(AppendOnlyModel):
    """A decision on a concern with its reason, dated and never changed: triage, a referral or a
    decision not to refer, another action, a change to the concern's details, closing and
    reopening."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=16, choices=DecisionKind.choices)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by_name = models.CharField(_("decided by"), max_length=150)
    rationale = models.TextField(_("reason"), max_length=LONG_TEXT)
    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices, blank=True)
    # What a change of details changed, in words ("Category: … → …"); no account text.
    changed = models.TextField(_("what changed"), max_length=LONG_TEXT, blank=True)

    objects = DecisionQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("safeguarding decision")
        verbose_name_plural = _("safeguarding decisions")
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on concern {self.concern_id}"


class StatutoryReferralQuerySet(ScopedQuerySet):
    client_path = "concern__client__"
    restriction = CONCERN_RESTRICTION
    restriction_path = "concern__"


class StatutoryReferral(VersionedModel):
    """A referral to a statutory service, made on a decision to refer: when, their reference,
    and when their feedback came back."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="referrals")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="referral")
    service = models.CharField(_("service"), max_length=32, choices=StatutoryService.choices)
    made_on = models.DateField(_("date referred"))
    reference = models.CharField(_("their reference number"), max_length=64, blank=True)
    feedback_on = models.DateField(_("date feedback came back"), null=True, blank=True)
    feedback = models.TextField(_("their feedback"), max_length=LONG_TEXT, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = StatutoryReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral to a statutory service")
        verbose_name_plural = _("referrals to statutory services")
        ordering = ["made_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_service_display()} on {self.made_on}"


class RiskFlagQuerySet(ScopedQuerySet):
    def current(self) -> "RiskFlagQuerySet":
        return self.filter(removed_at__isnull=True)

    def review_due(self, today: date) -> "RiskFlagQuerySet":
        return self.current().filter(review_on__lte=today)


class RiskFlag(VersionedModel):
    """A risk everyone working with the client must know before they go: on the banner of every
    page of the client's record, for everyone who sees the client. A flag about a concern says
    that the concern exists and links to it; only those who may read the concern can open it."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="risk_flags")
    kind = models.CharField(_("kind of risk"), max_length=24, choices=FlagKind.choices)
    detail = models.CharField(
        _("detail"),
        max_length=150,
        blank=True,
        help_text=_("For example the area, or what the risk is."),
    )
    concern = models.ForeignKey(
        Concern, on_delete=models.PROTECT, null=True, blank=True, related_name="flags"
    )
    reason = models.TextField(_("reason"), max_length=LONG_TEXT)
    review_on = models.DateField(_("review date"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who reviews it"),
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_reason = models.TextField(_("why it was removed"), max_length=LONG_TEXT, blank=True)

    objects = RiskFlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk flag")
        verbose_name_plural = _("risk flags")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["client", "removed_at"], name="risk_flag_client"),
            models.Index(fields=["owner", "review_on"], name="risk_flag_review"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        kind = str(self.get_kind_display())
        return f"{kind}: {self.detail}" if self.detail else kind


class OnCallShiftQuerySet(models.QuerySet):
    def of_organisation(self, organisation_id: int | None) -> "OnCallShiftQuerySet":
        if organisation_id is None:
            return self.none()
        return self.filter(organisation_id=organisation_id)

    def on_at(self, moment: datetime) -> "OnCallShiftQuerySet":
        return self.filter(starts_at__lte=moment, ends_at__gt=moment)


class OnCallShift(VersionedModel):
    """Who is on call when: for one team, or for the whole organisation when no team is given.
    Shown to everyone on duty; a crisis call reaches whoever is on call."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="on_call_shifts"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="on_call_shifts"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="on_call_shifts",
        verbose_name=_("who is on call"),
    )
    phone = models.CharField(_("number to call"), max_length=32)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = OnCallShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("on-call shift")
        verbose_name_plural = _("on-call shifts")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["organisation", "ends_at"], name="on_call_current")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="on_call_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} on call"


class TriageDeadlines(models.Model):
    """How soon a concern must be triaged, and acted on by its grade, in one organisation.
    Without a row the defaults apply (settings.WINGMAN_TRIAGE_DEADLINES)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="triage_deadlines"
    )
    triage_hours = models.PositiveSmallIntegerField(_("hours to triage a new concern"))
    red_hours = models.PositiveSmallIntegerField(_("hours to act on a red concern"))
    amber_working_days = models.PositiveSmallIntegerField(
        _("working days to act on an amber concern")
    )
    green_working_days = models.PositiveSmallIntegerField(
        _("working days to act on a green concern")
    )

    class Meta:
        verbose_name = _("triage deadlines")
        verbose_name_plural = _("triage deadlines")

    def __str__(self) -> str:
        return f"Triage deadlines of {self.organisation}"


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user: object) -> "NotificationQuerySet":
        return self.filter(recipient_id=getattr(user, "pk", None))

    def unseen(self) -> "NotificationQuerySet":
        return self.filter(seen_at__isnull=True)

    def unsent(self) -> "NotificationQuerySet":
        return self.filter(emailed_at__isnull=True, email_wanted=True)


class Notification(models.Model):
    """An outbox row telling someone a concern waits for them. Written in the concern's own
    transaction (so a concern rolled back never notifies) and emailed after it commits. It
    carries no content: who raised it, the category, a link."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="notifications")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "seen_at"], name="notification_unseen")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}"
