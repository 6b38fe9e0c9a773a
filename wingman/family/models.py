"""The people around a client as people of their own, their link to each client, who took part
in a family session, and signposting someone who is not the client.

A person may be linked to several clients (siblings share a mother), perhaps in different teams.
The person is visible when any of their clients is; each link, with its notes, only to those
who may see that link's client (ADR 0014)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wingman.accounts.scope import ScopedQuerySet
from wingman.casework.models import Contact, Journey
from wingman.core.models import VersionedModel
from wingman.core.pathways import Pathway
from wingman.core.validation import LONG_TEXT
from wingman.people.models import Client

from .choices import RelationshipKind


class PersonQuerySet(ScopedQuerySet):
    client_path = "relationships__client__"
    many_clients = True


class Person(VersionedModel):
    """Someone in a client's life who is not the client: a parent, a carer, a brother or sister, a
    partner, a child. What is written here is shared by everyone who works with any of their
    clients; what concerns one client belongs on that client's relationship."""

    given_name = models.CharField(_("first name"), max_length=100)
    family_name = models.CharField(_("last name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    note = models.TextField(_("note about them"), max_length=LONG_TEXT, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "id"]
        indexes = [models.Index(fields=["family_name", "given_name"], name="person_name")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def age_on(self, day: date) -> int | None:
        if not self.date_of_birth:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class RelationshipQuerySet(ScopedQuerySet):
    def at_risk(self) -> "RelationshipQuerySet":
        return self.filter(at_risk=True)


class Relationship(VersionedModel):
    """One person's link to one client: who they are to the client, whether the client lives with
    them, whether they are the emergency contact, and a flag for prevention work when they are
    at risk of being recruited (a younger brother, a cousin). Seen only by those who may see the
    client."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="relationships")
    kind = models.CharField(
        _("who they are to the client"), max_length=24, choices=RelationshipKind.choices
    )
    described_as = models.CharField(
        _("in the client's words"),
        max_length=100,
        blank=True,
        help_text=_("For example: mum, little brother, baby mother."),
    )
    lives_with_client = models.BooleanField(_("lives with the client"), default=False)
    emergency_contact = models.BooleanField(_("emergency contact"), default=False)
    note = models.TextField(_("note"), max_length=LONG_TEXT, blank=True)
    at_risk = models.BooleanField(_("at risk of recruitment"), default=False)
    at_risk_note = models.TextField(_("why they are at risk"), max_length=LONG_TEXT, blank=True)
    at_risk_since = models.DateField(_("date flagged"), null=True, blank=True)
    family_sessions = models.ManyToManyField(
        Contact,
        through="SessionParticipant",
        related_name="relatives_present",
        blank=True,
        verbose_name=_("family sessions taken part in"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["client", "person__family_name", "person__given_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "client"], name="relationship_once"),
            models.CheckConstraint(
                condition=models.Q(at_risk=True) | models.Q(at_risk_since__isnull=True),
                name="relationship_risk_dated_only_when_flagged",
            ),
        ]
        indexes = [models.Index(fields=["client", "at_risk"], name="relationship_risk")]

    def __str__(self) -> str:
        return f"{self.person}: {self.describe()}"

    def describe(self) -> str:
        """Who they are to the client, in the client's words where there are some."""
        return self.described_as or str(self.get_kind_display())


class SessionParticipantQuerySet(ScopedQuerySet):
    client_path = "contact__client__"


class SessionParticipant(models.Model):
    """A relative who took part in a family session (a contact of that type) with the client."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="+")

    objects = SessionParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("family session participant")
        verbose_name_plural = _("family session participants")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "relationship"], name="session_participant_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.relationship_id} at {self.contact_id}"


class SignpostingQuerySet(ScopedQuerySet):
    pass


class Signposting(VersionedModel):
    """Someone who is not the client pointed to help, in the course of the client's work: the
    girlfriend given a domestic-violence helpline number. Never a partner referral of the
    client's, and never counted as one."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="signposting")
    journey = models.ForeignKey(
        Journey, on_delete=models.PROTECT, related_name="signposting", null=True, blank=True
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="signposting",
        null=True,
        blank=True,
        verbose_name=_("person signposted"),
    )
    name = models.CharField(
        _("name of the person signposted"),
        max_length=150,
        blank=True,
        help_text=_("When they are not among the client's people."),
    )
    relation = models.CharField(
        _("who they are to the client"),
        max_length=100,
        blank=True,
        help_text=_("For example: girlfriend, neighbour, friend's mother."),
    )
    organisation = models.CharField(_("organisation"), max_length=150)
    service = models.CharField(_("service"), max_length=150, blank=True)
    contact_given = models.CharField(_("number or address given"), max_length=150, blank=True)
    pathway = models.CharField(_("why"), max_length=32, choices=Pathway.choices)
    given_on = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=LONG_TEXT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = SignpostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("signposting")
        verbose_name_plural = _("signposting")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["client", "given_on"], name="signposting_client_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(name=""),
                name="signposting_names_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.who} to {self.organisation}"

    @property
    def who(self) -> str:
        return self.person.display_name if self.person_id and self.person else self.name
