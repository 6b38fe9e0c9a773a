"""Organisations, boroughs, teams and the staff who work in them."""

import hashlib
import secrets
from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Role, Weekday


class Organisation(models.Model):
    """The charity running the service. It works across many boroughs."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Borough(models.Model):
    """A local authority area that commissions, funds and evaluates its own part of the service."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="boroughs"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("borough")
        verbose_name_plural = _("boroughs")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="borough_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team of caseworkers, led by a senior caseworker, working in one borough."""

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["borough__name", "name"]
        constraints = [models.UniqueConstraint(fields=["borough", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.borough})"


class User(AbstractUser):
    """A member of staff or a volunteer, or a funder's reader. Never a client."""

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
        return f"{self.user} since {self.started_at:%Y-%m-%d %H:%M}"


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
