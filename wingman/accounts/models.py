"""Organisations, boroughs, teams and the staff who work in them."""

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wingman.core.dates import when

from . import permissions
from .choices import Role, Weekday
from .scope import ReferenceQuerySet

# Live clients a caseworker carries at once unless the back office sets otherwise: the service's
# caseworkers see 30 to 40 clients a year, each for some months, so about a dozen at a time.
DEFAULT_CASELOAD_CAPACITY = 12


class Organisation(models.Model):
    """The charity running the service. It works across many boroughs."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BoroughQuerySet(ReferenceQuerySet):
    organisation_path = "organisation_id"


class Borough(models.Model):
    """A local authority area that commissions, funds and evaluates its own part of the service."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="boroughs"
    )
    name = models.CharField(_("name"), max_length=100)

    objects = BoroughQuerySet.as_manager()

    class Meta:
        verbose_name = _("borough")
        verbose_name_plural = _("boroughs")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="borough_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class TeamQuerySet(ReferenceQuerySet):
    organisation_path = "borough__organisation_id"


class Team(models.Model):
    """A team of caseworkers, led by a senior caseworker, working in one borough."""

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=100)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["borough__name", "name"]
        constraints = [models.UniqueConstraint(fields=["borough", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.borough})"


class StaffManager(UserManager["User"]):
    """Accounts made from code or the command line. `is_staff` and `is_superuser` follow the
    role (Django's manager would set them apart from it); `createsuperuser` makes an
    administrator."""

    def create_user(  # type: ignore[override]
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        return self._create_user(username, email, password, **extra)  # type: ignore[attr-defined]

    def create_superuser(  # type: ignore[override]
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("role", Role.ADMINISTRATOR)
        return self.create_user(username, email, password, **extra)


def _follows_role(flag: str) -> property:
    """Django admin's `is_staff` / `is_superuser`, derived from the role (see
    `permissions.BACK_OFFICE_ROLES`) and never stored, so no form, shell or SQL can set them
    apart from it. Setting one to the value the role gives is allowed (and does nothing);
    setting it to anything else is a mistake and raises."""

    def get(self: "User") -> bool:
        return self.role in permissions.BACK_OFFICE_ROLES

    def set(self: "User", value: Any) -> None:
        if bool(value) != get(self):
            raise ValueError(
                f"{flag} follows the role: only the roles that run the back office have it "
                f"({', '.join(sorted(permissions.BACK_OFFICE_ROLES))})"
            )

    return property(get, set)


class User(AbstractUser):
    """A member of staff or a volunteer, or a funder's reader. Never a client."""

    is_staff = _follows_role("is_staff")  # type: ignore[assignment]
    is_superuser = _follows_role("is_superuser")  # type: ignore[assignment]

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    funded_borough = models.ForeignKey(
        Borough,
        on_delete=models.PROTECT,
        related_name="funders",
        null=True,
        blank=True,
        verbose_name=_("borough funded (funders only)"),
    )
    lived_experience = models.BooleanField(
        _("has lived experience of prison or gangs"), default=False
    )
    on_temporary_licence = models.BooleanField(
        _("on release on temporary licence (ROTL)"),
        default=False,
        help_text=_("Still serving a sentence: may work only within the access windows below."),
    )
    caseload_capacity = models.PositiveSmallIntegerField(
        _("caseload capacity"),
        default=DEFAULT_CASELOAD_CAPACITY,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "How many live clients this person can carry at once (the team lead's dashboard "
            "shows their caseload against it). 12 unless set: about 30 to 40 clients a year."
        ),
    )

    objects = StaffManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def borough_id(self) -> int | None:
        return self.team.borough_id if self.team is not None else None

    def within_access_windows(self, at: datetime | None = None) -> bool:
        """Whether this account may be signed in now. Accounts with no windows are unrestricted,
        except that an account on temporary licence with no window may never sign in."""
        # `has_access_windows` comes with users loaded for a request (accounts.backends).
        if getattr(self, "has_access_windows", True) is False:
            return not self.on_temporary_licence
        windows = list(self.access_windows.all())
        if not windows:
            return not self.on_temporary_licence
        local = timezone.localtime(at or timezone.now())
        return any(window.covers(local) for window in windows)


class AccessWindow(models.Model):
    """A licensed working period: on these days, between these hours, until an end date."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_windows")
    weekdays = models.JSONField(
        _("days"), default=list, help_text=_("Days of the week, 0 = Monday to 6 = Sunday.")
    )
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    valid_until = models.DateField(_("last day"), null=True, blank=True)

    class Meta:
        verbose_name = _("access window")
        verbose_name_plural = _("access windows")

    def __str__(self) -> str:
        days = ", ".join(str(Weekday(d).label) for d in sorted(self.weekdays))
        return f"{days} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"

    def covers(self, local: datetime) -> bool:
        if self.valid_until and local.date() > self.valid_until:
            return False
        return local.weekday() in self.weekdays and self.starts_at <= local.time() < self.ends_at


class StaffSession(models.Model):
    """A signed-in browser session, so that every session of an account can be ended at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("staff session")
        verbose_name_plural = _("staff sessions")

    def __str__(self) -> str:
        return f"{self.user} since {when(self.started_at)}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for an integration, acting as one member of staff. Only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def new_key() -> str:
        return "wm_" + secrets.token_urlsafe(32)

    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class EnrolmentCode(models.Model):
    """A one-time code that lets a person set up their sign-in: a new account, or one whose
    password or two-factor sign-in was reset. It is asked for by an administrator and handed
    over by someone else: the person's team lead or manager, or a second administrator (see
    `permissions.may_hand_over_to`). The code exists only from the moment it is shown to the
    person handing it over; only its hash is kept. See docs/adr/0009."""

    class Reason(models.TextChoices):
        NEW_ACCOUNT = "new_account", _("New account")
        PASSWORD = "password", _("Password reset")
        TWO_FACTOR = "two_factor", _("Two-factor sign-in reset")
        BOTH = "both", _("Password and two-factor sign-in reset")

    class State(models.TextChoices):
        AWAITING = "awaiting", _("Waiting to be handed over")
        ISSUED = "issued", _("Handed over, not used yet")
        USED = "used", _("Used")
        CANCELLED = "cancelled", _("Replaced by a newer reset")
        EXPIRED = "expired", _("Expired")

    OPEN_STATES = (State.AWAITING, State.ISSUED)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_codes")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.AWAITING
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    issued_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    code_hash = models.CharField(max_length=128, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    completed_at = models.DateTimeField(_("sign-in set up"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(state__in=["awaiting", "issued"]),
                name="one_open_enrolment_code_per_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} for {self.user} ({self.get_state_display()})"

    def is_live(self, at: datetime | None = None) -> bool:
        return self.state in self.OPEN_STATES and self.expires_at > (at or timezone.now())


class SignInNotice(models.Model):
    """Something that happened to an account's sign-in, told to its holder on the page after
    they next sign in (and by email when they have an address)."""

    class Kind(models.TextChoices):
        RESET = "reset", _("Sign-in reset")
        HANDED_OVER = "handed_over", _("Enrolment code handed over")
        USED = "used", _("Enrolment code used")
        REFUSED = "refused", _("Enrolment code refused")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_notices")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.CharField(max_length=400)
    created_at = models.DateTimeField(default=timezone.now)
    shown_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in notice")
        verbose_name_plural = _("sign-in notices")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["user", "shown_at"], name="notice_user_shown")]

    def __str__(self) -> str:
        return self.text
