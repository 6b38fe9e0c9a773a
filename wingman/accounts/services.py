"""State changes to staff accounts: sign-in and sessions; the back office's changes to role, team,
licence, access windows and disabling (each audited with old and new values, and none allowed
on one's own account); and resets of a person's sign-in with one-time enrolment codes, which the
administrator who asks never sees (docs/adr/0009)."""

import logging
import secrets
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import login, password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import formats, timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from wingman.audit.models import AuditEvent
from wingman.audit.services import diff, record_change, record_security, snapshot
from wingman.core.errors import NotAllowed, ServiceError

from . import permissions
from .choices import Role, Weekday
from .models import AccessWindow, EnrolmentCode, SignInNotice, StaffSession, User

logger = logging.getLogger(__name__)

SIGNED_IN_AT = "wingman_signed_in_at"
STAFF_BACKEND = "wingman.accounts.backends.StaffBackend"


# Sign-in and sessions ---------------------------------------------------------------------------


def staff_sign_in(*, request: HttpRequest, user: User, device: Any = None) -> None:
    """Start a session (Django rotates the session id), remember when it began, and log it.
    The session is recorded for its account by `signals.record_staff_session`."""
    with transaction.atomic():
        login(request, user, backend=STAFF_BACKEND)
        if device is not None:
            from django_otp import login as otp_login

            otp_login(request, device)
        request.session[SIGNED_IN_AT] = timezone.now().timestamp()
        request.session.save()
        record_security(actor=user, action=AuditEvent.Action.SIGN_IN, summary="Signed in")


def staff_sessions_end(*, user: User) -> int:
    """End every live session of an account (reset, or outside its licensed hours). Disabling
    an account ends them in the database itself (migration 0003 of this app)."""
    keys = list(StaffSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    StaffSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


# Staff accounts, changed in the back office ------------------------------------------------------

# What the back office may set on an account: never a password, never Django's staff flags
# (they follow the role: `User.is_staff`).
STAFF_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "organisation",
    "team",
    "funded_borough",
    "lived_experience",
    "on_temporary_licence",
    "is_active",
    "caseload_capacity",
)
# What no one may change on their own account: who they are to the service and what they see.
OWN_ACCOUNT_LOCKED = {
    "role": "You cannot change your own role: ask another administrator",
    "is_active": "You cannot disable your own account",
    "team": "You cannot change your own team: ask another administrator",
    "organisation": "You cannot change your own organisation: ask another administrator",
    "funded_borough": "You cannot change your own borough: ask another administrator",
    "on_temporary_licence": "You cannot change your own temporary licence",
}
TEAM_ROLES = frozenset({Role.CASEWORKER, Role.VOLUNTEER, Role.SENIOR_CASEWORKER, Role.MANAGER})
ORGANISATION_ROLES = frozenset({Role.SAFEGUARDING_LEAD, Role.DATA_PROTECTION_OFFICER})
ACCOUNT_COLUMNS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "organisation_id",
    "team_id",
    "funded_borough_id",
    "lived_experience",
    "on_temporary_licence",
    "is_active",
    "caseload_capacity",
]


def _may_run_back_office(actor: Any) -> None:
    if not permissions.runs_back_office(actor):
        raise NotAllowed("Only administrators change staff accounts and their sign-in.")


def _name(person: User | None) -> str:
    if person is None:
        return "the service's operators, from the server"
    return person.get_full_name() or person.username


def _check_placement(state: dict[str, Any]) -> None:
    """Where an account sits must make sense for its role (the scope rule reads it)."""
    role = state.get("role")
    if role not in Role.values:
        raise ServiceError("Choose a role", field="role")
    label = Role(role).label.lower()
    team, organisation = state.get("team"), state.get("organisation")
    if role in TEAM_ROLES and team is None:
        raise ServiceError(f"Choose the team a {label} works in", field="team")
    if role == Role.FUNDER and state.get("funded_borough") is None:
        raise ServiceError("Choose the borough this funder funds", field="funded_borough")
    if role != Role.FUNDER and state.get("funded_borough") is not None:
        raise ServiceError("Only funders have a borough funded", field="funded_borough")
    if role in ORGANISATION_ROLES and organisation is None and team is None:
        raise ServiceError(f"Choose the organisation a {label} works across", field="organisation")
    if (
        team is not None
        and organisation is not None
        and team.borough.organisation_id != organisation.pk
    ):
        raise ServiceError("That team belongs to another organisation", field="team")


def check_staff_change(*, actor: Any, user: User | None, changes: dict[str, Any]) -> None:
    """Raise `ServiceError` (with the field to fix) for a change to `user` (None: a new account)
    that may not be made. Changes nothing; the back office's forms call it to show the refusal
    on the form, and `staff_create` / `staff_update` call it again before saving."""
    _may_run_back_office(actor)
    unknown = sorted(set(changes) - set(STAFF_FIELDS))
    if unknown:
        raise ServiceError(f"{', '.join(unknown)} cannot be set in the back office")
    stored = User.objects.filter(pk=user.pk).first() if user is not None and user.pk else None
    if stored is not None and stored.pk == actor.pk:
        for name, message in OWN_ACCOUNT_LOCKED.items():
            if name in changes and changes[name] != getattr(stored, name):
                raise ServiceError(message, field=name)
    state = {name: getattr(stored, name) for name in STAFF_FIELDS} if stored else {}
    state.update(changes)
    _check_placement(state)


def _fill_organisation(user: User) -> None:
    if user.organisation_id is None and user.team is not None:
        user.organisation = user.team.borough.organisation


def _describe_change(user: User, before: dict[str, Any], after: dict[str, Any]) -> str:
    parts = []
    for column in ACCOUNT_COLUMNS:
        if before.get(column) == after.get(column):
            continue
        if column == "role":
            parts.append(f"role from {Role(before['role']).label} to {Role(after['role']).label}")
        elif column == "is_active":
            parts.append("enabled" if after["is_active"] else "disabled")
        else:
            field = User._meta.get_field(column.removesuffix("_id"))
            parts.append(str(field.verbose_name))  # type: ignore[union-attr]
    return f"Account {user.username}: " + ", ".join(parts)


def staff_create(*, actor: User, user: User) -> User:
    """Save a new account (an unsaved `User` carrying the `STAFF_FIELDS`). It has no usable
    password: its holder sets up their sign-in with an enrolment code that someone other than
    `actor` hands over."""
    check_staff_change(
        actor=actor, user=None, changes={name: getattr(user, name) for name in STAFF_FIELDS}
    )
    with transaction.atomic():
        _fill_organisation(user)
        user.set_unusable_password()
        user.save()
        after = snapshot(user, ACCOUNT_COLUMNS)
        record_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=user,
            client_id=None,
            changes={k: [None, v] for k, v in after.items() if v not in (None, "")},
            summary=f"Account {user.username} created ({Role(user.role).label})",
        )
        enrolment_reset(actor=actor, user=user, reason=EnrolmentCode.Reason.NEW_ACCOUNT)
    return user


def staff_update(*, actor: User, user: User, changes: dict[str, Any]) -> User:
    """Change an account's `STAFF_FIELDS`, with the old and new values in one audit row.
    Disabling ends every session of the account (the database does it) and cancels any
    enrolment code not yet used."""
    with transaction.atomic():
        stored = User.objects.select_for_update().get(pk=user.pk)
        changes = {k: v for k, v in changes.items() if getattr(stored, k, object()) != v}
        check_staff_change(actor=actor, user=stored, changes=changes)
        if not changes:
            return stored
        before = snapshot(stored, ACCOUNT_COLUMNS)
        for name, value in changes.items():
            setattr(stored, name, value)
        _fill_organisation(stored)
        stored.save()
        after = snapshot(stored, ACCOUNT_COLUMNS)
        changed = diff(before, after)
        if before["is_active"] and not after["is_active"]:
            cancelled = _cancel_open_codes(stored)
            if cancelled:
                changed["enrolment_codes_cancelled"] = [None, cancelled]
        record_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=stored,
            client_id=None,
            changes=changed,
            summary=_describe_change(stored, before, after),
        )
    return stored


def staff_set_active(*, actor: User, user: User, active: bool) -> User:
    return staff_update(actor=actor, user=user, changes={"is_active": active})


# Access windows (licensed working hours of staff on temporary licence) ---------------------------

WINDOW_COLUMNS = ["user_id", "weekdays", "starts_at", "ends_at", "valid_until"]


def check_access_window(
    *, weekdays: list[Any], starts_at: time | None, ends_at: time | None
) -> list[int]:
    """The days as stored (sorted numbers), or `ServiceError` naming the field to fix."""
    try:
        days = sorted({int(day) for day in weekdays or []})
    except (TypeError, ValueError):
        raise ServiceError("Choose days from Monday to Sunday", field="weekdays") from None
    if not days:
        raise ServiceError("Choose at least one day", field="weekdays")
    if any(day not in Weekday.values for day in days):
        raise ServiceError("Choose days from Monday to Sunday", field="weekdays")
    if starts_at is None:
        raise ServiceError("Enter the time the window starts", field="starts_at")
    if ends_at is None:
        raise ServiceError("Enter the time the window ends", field="ends_at")
    if starts_at >= ends_at:
        raise ServiceError("The end time must be after the start time", field="ends_at")
    return days


def check_access_windows_change(*, actor: Any, user: User) -> None:
    _may_run_back_office(actor)
    if user.pk is not None and user.pk == actor.pk:
        raise ServiceError("You cannot change your own licensed hours: ask another administrator")


def access_window_add(
    *,
    actor: User,
    user: User,
    weekdays: list[Any],
    starts_at: time,
    ends_at: time,
    valid_until: date | None = None,
) -> AccessWindow:
    check_access_windows_change(actor=actor, user=user)
    days = check_access_window(weekdays=weekdays, starts_at=starts_at, ends_at=ends_at)
    with transaction.atomic():
        window = AccessWindow.objects.create(
            user=user, weekdays=days, starts_at=starts_at, ends_at=ends_at, valid_until=valid_until
        )
        record_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=window,
            client_id=None,
            changes={k: [None, v] for k, v in snapshot(window, WINDOW_COLUMNS).items()},
            summary=f"Licensed hours of {user.username}: added {window}",
        )
    return window


def access_window_change(
    *,
    actor: User,
    window: AccessWindow,
    weekdays: list[Any],
    starts_at: time,
    ends_at: time,
    valid_until: date | None = None,
) -> AccessWindow:
    with transaction.atomic():
        stored = AccessWindow.objects.select_for_update().select_related("user").get(pk=window.pk)
        check_access_windows_change(actor=actor, user=stored.user)
        days = check_access_window(weekdays=weekdays, starts_at=starts_at, ends_at=ends_at)
        before = snapshot(stored, WINDOW_COLUMNS)
        old = str(stored)
        stored.weekdays, stored.starts_at, stored.ends_at = days, starts_at, ends_at
        stored.valid_until = valid_until
        stored.save()
        changes = diff(before, snapshot(stored, WINDOW_COLUMNS))
        if changes:
            record_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=stored,
                client_id=None,
                changes=changes,
                summary=f"Licensed hours of {stored.user.username}: {old} changed to {stored}",
            )
    return stored


def access_window_remove(*, actor: User, window: AccessWindow) -> None:
    with transaction.atomic():
        stored = AccessWindow.objects.select_for_update().select_related("user").get(pk=window.pk)
        check_access_windows_change(actor=actor, user=stored.user)
        record_change(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=stored,
            client_id=None,
            changes={k: [v, None] for k, v in snapshot(stored, WINDOW_COLUMNS).items()},
            summary=f"Licensed hours of {stored.user.username}: removed {stored}",
        )
        stored.delete()


# Enrolment codes: resetting a person's sign-in ----------------------------------------------------

# 32 letters and digits with no 0/O or 1/I to misread: 12 of them are 60 random bits.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
NOT_RIGHT = "The username or enrolment code is not right"
WHAT_WAS_RESET: dict[str, str] = {
    EnrolmentCode.Reason.PASSWORD: "password",
    EnrolmentCode.Reason.TWO_FACTOR: "two-factor sign-in",
    EnrolmentCode.Reason.BOTH: "password and two-factor sign-in",
}


class EnrolmentRefused(ServiceError):
    """An enrolment code that does not let this person in (wrong, used, expired, replaced)."""


class OutsideLicensedHours(EnrolmentRefused):
    """A right code, kept for the licensed hours of its holder (on temporary licence)."""


def code_lifetime() -> timedelta:
    return timedelta(hours=settings.WINGMAN_ENROLMENT_CODE_HOURS)


def enrolment_time_to_finish() -> timedelta:
    """How long after a code is accepted its holder may take to choose a password and set up
    the authenticator app, in the same browser."""
    return timedelta(minutes=settings.WINGMAN_ENROLMENT_FINISH_MINUTES)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_code(entered: str) -> str:
    return "".join(ch for ch in entered.upper() if ch.isalnum())


def _when(at: datetime) -> str:
    return formats.date_format(timezone.localtime(at), r"j F \a\t H:i")


def _sign_in_state(user: User) -> dict[str, Any]:
    return {
        "password": "set" if user.has_usable_password() else "not set",
        "authenticator_apps": TOTPDevice.objects.filter(user=user, confirmed=True).count(),
    }


def _record_enrolment(
    *, actor: Any, user: User, summary: str, changes: dict[str, Any] | None = None
) -> None:
    """Enrolment events are recorded against the account, so its history reads in one place."""
    record_change(
        actor=actor,
        action=AuditEvent.Action.SECURITY,
        obj=user,
        client_id=None,
        changes=changes or {},
        summary=summary,
    )


def _email(address: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [address])
    except Exception:
        # The notice on the next sign-in still tells them; the failure must not be silent.
        logger.exception("Could not send the email %r to an account holder", subject)


def _tell(*, user: User, kind: str, text: str, subject: str, on_sign_in: bool = True) -> None:
    """Tell the account holder: by email (after the change commits) and on their next sign-in.
    Refused attempts are told once until the holder has seen the notice, so that someone
    guessing codes cannot flood their inbox."""
    if (
        kind == SignInNotice.Kind.REFUSED
        and SignInNotice.objects.filter(user=user, kind=kind, shown_at__isnull=True).exists()
    ):
        return
    if on_sign_in:
        SignInNotice.objects.create(user=user, kind=kind, text=text)
    if user.email:
        body = (
            f"{text}\n\nThis email is from Wingman. No one from the service will ever ask you "
            "for your password, your enrolment code or a security code."
        )
        transaction.on_commit(partial(_email, user.email, subject, body))


def _cancel_open_codes(user: User) -> list[int]:
    """Codes not yet used, or accepted but not finished with: a newer reset replaces them."""
    codes = EnrolmentCode.objects.filter(user=user, state__in=EnrolmentCode.OPEN_STATES)
    unfinished = EnrolmentCode.objects.filter(
        user=user, state=EnrolmentCode.State.USED, completed_at__isnull=True
    )
    pks = sorted(
        set(codes.values_list("pk", flat=True)) | set(unfinished.values_list("pk", flat=True))
    )
    EnrolmentCode.objects.filter(pk__in=pks).update(state=EnrolmentCode.State.CANCELLED)
    return pks


def enrolment_reset(*, actor: User | None, user: User, reason: str) -> EnrolmentCode:
    """Reset `user`'s sign-in and open an enrolment code for someone else to hand over.

    A password reset makes the password unusable (the authenticator app stays, and will be asked
    for); a two-factor reset removes the authenticator apps (the password stays, and will be
    asked for); both does both. Every session of the account ends. `actor` None is the command
    line (`manage.py issue_enrolment_code`)."""
    if actor is not None:
        _may_run_back_office(actor)
    if reason not in EnrolmentCode.Reason.values:
        raise ServiceError("Choose what to reset", field="reason")
    if not user.is_active:
        raise ServiceError("This account is disabled: enable it first", field="reason")
    now = timezone.now()
    with transaction.atomic():
        stored = User.objects.select_for_update().get(pk=user.pk)
        cancelled = _cancel_open_codes(stored)
        before = _sign_in_state(stored)
        if reason in (EnrolmentCode.Reason.PASSWORD, EnrolmentCode.Reason.BOTH):
            stored.set_unusable_password()
            stored.save(update_fields=["password"])
        if reason in (EnrolmentCode.Reason.TWO_FACTOR, EnrolmentCode.Reason.BOTH):
            TOTPDevice.objects.filter(user=stored).delete()
        ended = staff_sessions_end(user=stored)
        code = EnrolmentCode.objects.create(
            user=stored,
            reason=reason,
            requested_by=actor,
            requested_at=now,
            expires_at=now + code_lifetime(),
        )
        changes: dict[str, Any] = {
            **diff(before, _sign_in_state(stored)),
            "enrolment_code": [None, code.pk],
        }
        if cancelled:
            changes["enrolment_codes_cancelled"] = [None, cancelled]
        if ended:
            changes["sessions_ended"] = [None, ended]
        label = EnrolmentCode.Reason(reason).label
        _record_enrolment(
            actor=actor,
            user=stored,
            changes=changes,
            summary=f"{label} for {stored.username}: enrolment code {code.pk} waiting to be "
            "handed over",
        )
        if reason == EnrolmentCode.Reason.NEW_ACCOUNT:
            _tell(
                user=stored,
                kind=SignInNotice.Kind.RESET,
                subject="Your Wingman account",
                text=f"A Wingman account was made for you on {_when(now)} by {_name(actor)}. "
                "Your team lead, your manager or an administrator will give you an enrolment "
                "code to set up your sign-in.",
                on_sign_in=False,
            )
        else:
            _tell(
                user=stored,
                kind=SignInNotice.Kind.RESET,
                subject="Your Wingman sign-in was reset",
                text=f"Your {WHAT_WAS_RESET[reason]} was reset on {_when(now)} by "
                f"{_name(actor)}. If this was not you, tell your manager.",
            )
    return code


def enrolment_code_issue(*, actor: User | None, code: EnrolmentCode) -> str:
    """Make the code and return it, formatted, to be shown this once to `actor`, who hands it
    over: only its hash is kept. `actor` must be allowed to hand codes to the account holder
    and must not be who asked for the reset. `actor` None is the command line."""
    refusal: ServiceError | None = None
    now = timezone.now()
    with transaction.atomic():
        stored = EnrolmentCode.objects.select_for_update().select_related("user").get(pk=code.pk)
        user = stored.user
        if actor is not None:
            if not permissions.may_hand_over_to(actor, user):
                raise NotAllowed("You cannot hand over an enrolment code to this person.")
            if stored.requested_by_id == actor.pk:
                raise NotAllowed(
                    "You asked for this reset, so someone else must hand over the code."
                )
        if stored.state != EnrolmentCode.State.AWAITING:
            raise ServiceError(
                "This enrolment code has already been shown. It is never shown again: if it "
                "is lost, ask an administrator to reset the account again."
            )
        if not stored.is_live(now):
            EnrolmentCode.objects.filter(pk=stored.pk).update(state=EnrolmentCode.State.EXPIRED)
            _record_enrolment(
                actor=actor,
                user=user,
                changes={"enrolment_code": [stored.pk, None], "state": ["awaiting", "expired"]},
                summary=f"Enrolment code {stored.pk} for {user.username} expired before it "
                "was handed over",
            )
            refusal = ServiceError(
                "This reset was not handed over in time and has expired. Ask an administrator "
                "to reset the account again."
            )
        else:
            raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            expires_at = now + code_lifetime()
            updated = EnrolmentCode.objects.filter(
                pk=stored.pk, state=EnrolmentCode.State.AWAITING
            ).update(
                state=EnrolmentCode.State.ISSUED,
                code_hash=make_password(raw),
                issued_by=actor,
                issued_at=now,
                expires_at=expires_at,
            )
            if not updated:  # someone else showed it a moment ago
                raise ServiceError("This enrolment code has already been shown.")
            _record_enrolment(
                actor=actor,
                user=user,
                changes={"enrolment_code": [stored.pk, stored.pk], "state": ["awaiting", "issued"]},
                summary=f"Enrolment code {stored.pk} for {user.username} shown to "
                f"{_name(actor)} to hand over; it works once until {_when(expires_at)}",
            )
            SignInNotice.objects.filter(
                user=user, kind=SignInNotice.Kind.RESET, shown_at__isnull=True
            ).update(
                text=f"{_reset_notice_text(stored)} The enrolment code was handed over by "
                f"{_name(actor)}. If this was not you, tell your manager."
            )
            _tell(
                user=user,
                kind=SignInNotice.Kind.HANDED_OVER,
                subject="An enrolment code for your Wingman account was handed over",
                text=f"An enrolment code for your Wingman account was given to {_name(actor)} "
                f"on {_when(now)} to hand to you. If you did not receive it, tell your manager.",
                on_sign_in=False,
            )
    if refusal is not None:
        raise refusal
    return format_code(raw)


def _reset_notice_text(code: EnrolmentCode) -> str:
    if code.reason == EnrolmentCode.Reason.NEW_ACCOUNT:
        return f"Your account was made on {_when(code.requested_at)} by {_name(code.requested_by)}."
    return (
        f"Your {WHAT_WAS_RESET[code.reason]} was reset on {_when(code.requested_at)} by "
        f"{_name(code.requested_by)}."
    )


def enrolment_code_use(*, username: str, entered: str) -> EnrolmentCode:
    """Accept an enrolment code for `username`, once: from now its holder has
    `enrolment_time_to_finish()` to set up their sign-in in this browser. Anything else raises
    `EnrolmentRefused`, and is audited and told to the account holder; a code that does not
    match gets the same answer whether or not the username exists."""
    with transaction.atomic():
        result = _use_code(username=username, raw=normalise_code(entered), now=timezone.now())
    # Raised only now, so that the refusal's audit row and notice are kept.
    if isinstance(result, EnrolmentRefused):
        raise result
    return result


def _use_code(*, username: str, raw: str, now: datetime) -> EnrolmentCode | EnrolmentRefused:
    user = User.objects.filter(username=username).first()
    candidates = (
        list(
            EnrolmentCode.objects.filter(user=user, issued_at__gte=now - timedelta(days=30))
            .exclude(code_hash="")
            .order_by("-issued_at")[:3]
        )
        if user is not None and len(raw) == CODE_LENGTH
        else []
    )
    match = next((c for c in candidates if check_password(raw, c.code_hash)), None)
    if not candidates:
        make_password(raw)  # the same time taken whether or not the account exists
    if user is None:
        record_security(
            actor=None,
            action=AuditEvent.Action.SECURITY,
            summary=f"Enrolment code refused: no account {username[:40]!r}",
        )
        return EnrolmentRefused(NOT_RIGHT, field="code")
    if match is None or not user.is_active:
        _refused(user, "it was not right" if match is None else "the account is disabled")
        return EnrolmentRefused(NOT_RIGHT, field="code")
    if match.is_live(now) and not user.within_access_windows():
        # Kept for later: staff on temporary licence set up their sign-in in licensed hours.
        _record_enrolment(
            actor=user,
            user=user,
            summary=f"Enrolment code {match.pk} not used yet: outside licensed hours",
        )
        return OutsideLicensedHours(
            "Your account can be used only in your licensed working hours. Your code still "
            "works: use it then.",
            field="code",
        )
    if match.is_live(now):
        used = EnrolmentCode.objects.filter(pk=match.pk, state=EnrolmentCode.State.ISSUED).update(
            state=EnrolmentCode.State.USED, used_at=now
        )
        match.refresh_from_db()
        if used:
            _record_enrolment(
                actor=user,
                user=user,
                changes={"enrolment_code": [match.pk, match.pk], "state": ["issued", "used"]},
                summary=f"Enrolment code {match.pk} used by {user.username}",
            )
            _tell(
                user=user,
                kind=SignInNotice.Kind.USED,
                subject="Your Wingman enrolment code was used",
                text=f"Your enrolment code was used on {_when(now)} to set up your sign-in. "
                "If this was not you, tell your manager now.",
                on_sign_in=False,
            )
            return match
    if match.state == EnrolmentCode.State.USED:
        _refused(user, f"code {match.pk} had already been used")
        return EnrolmentRefused(
            "This enrolment code has already been used. Each code works once: ask your team "
            "lead, manager or an administrator for a new one.",
            field="code",
        )
    if match.state == EnrolmentCode.State.CANCELLED:
        _refused(user, f"code {match.pk} had been replaced by a newer reset")
        return EnrolmentRefused(
            "This enrolment code was replaced by a newer one. Use the newest code you were given.",
            field="code",
        )
    EnrolmentCode.objects.filter(pk=match.pk, state=EnrolmentCode.State.ISSUED).update(
        state=EnrolmentCode.State.EXPIRED
    )
    _refused(user, f"code {match.pk} had expired")
    return EnrolmentRefused(
        "This enrolment code has expired. Ask your team lead, manager or an administrator for a "
        "new one.",
        field="code",
    )


def _refused(user: User, why: str) -> None:
    _record_enrolment(
        actor=None, user=user, summary=f"Enrolment code for {user.username} refused: {why}"
    )
    _tell(
        user=user,
        kind=SignInNotice.Kind.REFUSED,
        subject="Someone tried to set up your Wingman sign-in",
        text=f"On {_when(timezone.now())} someone tried to set up your sign-in with an "
        "enrolment code that did not work. If this was not you, tell your manager.",
    )


def enrolment_in_progress(*, user_pk: Any, code_pk: Any) -> EnrolmentCode | None:
    """The code this browser's holder is setting up their sign-in with, if it still may."""
    if not user_pk or not code_pk:
        return None
    return (
        EnrolmentCode.objects.select_related("user")
        .filter(
            pk=code_pk,
            user_id=user_pk,
            user__is_active=True,
            state=EnrolmentCode.State.USED,
            completed_at__isnull=True,
            used_at__gt=timezone.now() - enrolment_time_to_finish(),
        )
        .first()
    )


def _finish_enrolment(code: EnrolmentCode, summary: str) -> None:
    EnrolmentCode.objects.filter(pk=code.pk).update(completed_at=timezone.now())
    _record_enrolment(
        actor=code.user,
        user=code.user,
        changes={"enrolment_code": [code.pk, code.pk], "sign_in": ["not set up", "set up"]},
        summary=summary,
    )


def enrolment_password_choose(*, code: EnrolmentCode, password: str) -> User:
    """Set the password of an account whose password was reset (or never set), checked by
    Django's password validators. If the account keeps an authenticator app, or two-factor
    sign-in is off on this install, the enrolment is then finished."""
    user = code.user
    if user.has_usable_password():
        raise ServiceError("Your account already has a password: enter it", field="password")
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), field="new_password1") from None
    with transaction.atomic():
        stored = User.objects.select_for_update().get(pk=user.pk)
        stored.set_password(password)
        stored.save(update_fields=["password"])
        _record_enrolment(
            actor=stored,
            user=stored,
            changes={"password": ["not set", "set"]},
            summary=f"{stored.username} chose a password with enrolment code {code.pk}",
        )
        if not settings.WINGMAN_TWO_FACTOR_REQUIRED or has_authenticator(stored):
            _finish_enrolment(code, f"{stored.username} finished setting up their sign-in")
    code.user = stored
    return stored


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_password_confirm(*, code: EnrolmentCode, password: str) -> bool:
    """After a two-factor reset the password stays: its holder proves they know it, so the code
    alone (and whoever handed it over) cannot set up a new authenticator app."""
    if not code.user.check_password(password):
        return False
    if not settings.WINGMAN_TWO_FACTOR_REQUIRED:
        _finish_enrolment(code, f"{code.user.username} finished setting up their sign-in")
    return True


def enrolment_authenticator_set_up(*, code: EnrolmentCode, device: TOTPDevice) -> None:
    """The authenticator app has shown a right code: it becomes the account's only one."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=code.user).exclude(pk=device.pk).delete()
        _finish_enrolment(
            code, f"{code.user.username} set up an authenticator app with enrolment code {code.pk}"
        )


def notices_take(*, user: User) -> list[str]:
    """What the holder has not yet been told about their sign-in, once."""
    notices = list(SignInNotice.objects.filter(user=user, shown_at__isnull=True))
    if notices:
        SignInNotice.objects.filter(pk__in=[n.pk for n in notices]).update(shown_at=timezone.now())
    return [n.text for n in notices]


# Reference data in the back office ------------------------------------------------------

M = TypeVar("M", bound=models.Model)


def _reference_snapshot(obj: models.Model, m2m: list[str]) -> dict[str, Any]:
    values = snapshot(obj)
    for name in m2m:
        values[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return values


def reference_save(
    *, actor: Any, obj: M, m2m: dict[str, Iterable[models.Model]] | None = None
) -> M:
    """Save reference data changed in the back office (organisations, boroughs, teams, funding
    streams) with its many-to-many fields, and record the old and new values together."""
    if not permissions.runs_back_office(actor):
        raise NotAllowed("Only administrators change boroughs, teams and funding streams.")
    model = type(obj)
    names = sorted(m2m or {})
    with transaction.atomic():
        adding = obj._state.adding or obj.pk is None
        before = (
            {}
            if adding
            else _reference_snapshot(
                model._default_manager.select_for_update().get(pk=obj.pk), names
            )
        )
        obj.save()
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        after = _reference_snapshot(obj, names)
        changes = diff(before, after)
        if adding or changes:
            label = model._meta.verbose_name
            record_change(
                actor=actor,
                action=AuditEvent.Action.CREATE if adding else AuditEvent.Action.UPDATE,
                obj=obj,
                client_id=None,
                changes=changes,
                summary=f"{'Added' if adding else 'Changed'} {label} {obj}",
            )
    return obj


def reference_delete(*, actor: Any, obj: models.Model) -> None:
    """Remove reference data in the back office, keeping its last values in the audit trail."""
    if not permissions.runs_back_office(actor):
        raise NotAllowed("Only administrators change boroughs, teams and funding streams.")
    names = [f.name for f in obj._meta.many_to_many]
    with transaction.atomic():
        before = _reference_snapshot(obj, names)
        record_change(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=obj,
            client_id=None,
            changes={k: [v, None] for k, v in before.items()},
            summary=f"Removed {obj._meta.verbose_name} {obj}",
        )
        obj.delete()
