"""Issuing API tokens. Only the hash of a token is stored; the key is shown once, when issued."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import ApiToken, User, hash_token
from wingman.audit.models import AuditEvent
from wingman.audit.services import diff, record_change, record_security, snapshot
from wingman.core.dates import when
from wingman.core.errors import NotAllowed, ServiceError

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100


def _may_issue(actor: User | None, user: User) -> bool:
    """Tokens are issued from the command line (no actor) or by staff to themselves. Never by
    anyone for someone else, administrators included: a token acts as its account, so it
    would let them read that person's clients under that person's name."""
    if actor is None:
        return True
    return actor.is_active and actor.pk == user.pk


def api_token_issue(
    *, actor: User | None, user: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Issue a token acting as `user`; returns the token and its key, which is never kept."""
    if not _may_issue(actor, user):
        raise NotAllowed("You cannot issue API tokens for other staff.")
    if not user.is_active:
        raise ServiceError(f"{user.username} is disabled", field="user")
    if not permissions.may_export(user):
        raise ServiceError(
            f"{user.username} cannot use the API: their role, or their temporary licence, does "
            "not allow data to leave the system",
            field="user",
        )
    name = name.strip()
    if not name:
        raise ServiceError(
            "Enter a name for the token, such as the system that will use it", field="name"
        )
    if len(name) > NAME_MAX_LENGTH:
        raise ServiceError(f"The name must be {NAME_MAX_LENGTH} characters or fewer", field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise ServiceError("The expiry must be in the future", field="expires_at")
    raw = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, key_hash=hash_token(raw), expires_at=expires_at
        )
        expiry = f", expires {when(expires_at, year=True)}" if expires_at else ""
        record_security(
            actor=actor,
            action=AuditEvent.Action.SECURITY,
            summary=f'API token {token.pk} "{name}" issued for {user.username}{expiry}',
        )
    return token, raw


TOKEN_COLUMNS = ["expires_at", "revoked_at"]


def _may_manage_tokens(actor: User) -> None:
    if not permissions.runs_back_office(actor):
        raise NotAllowed("Only administrators revoke tokens or change their expiry.")


def _record_token_change(*, actor: User, token: ApiToken, before: dict, summary: str) -> None:
    record_change(
        actor=actor,
        action=AuditEvent.Action.SECURITY,
        obj=token,
        client_id=None,
        changes=diff(before, snapshot(token, TOKEN_COLUMNS)),
        summary=summary,
    )


def check_token_expiry(expires_at: datetime | None) -> None:
    if expires_at is not None and expires_at <= timezone.now():
        raise ServiceError(
            "The expiry must be in the future. To stop the token now, revoke it",
            field="expires_at",
        )


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Stop a token working, for good (a revoked token is never revived)."""
    _may_manage_tokens(actor)
    with transaction.atomic():
        stored = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if stored.revoked_at is not None:
            return stored
        before = snapshot(stored, TOKEN_COLUMNS)
        stored.revoked_at = timezone.now()
        stored.save(update_fields=["revoked_at"])
        _record_token_change(
            actor=actor,
            token=stored,
            before=before,
            summary=f'API token {stored.pk} "{stored.name}" of {stored.user.username} revoked',
        )
    return stored


def api_token_set_expiry(*, actor: User, token: ApiToken, expires_at: datetime | None) -> ApiToken:
    """Change when a token stops working (None: it does not expire). To stop it now, revoke it."""
    _may_manage_tokens(actor)
    check_token_expiry(expires_at)
    with transaction.atomic():
        stored = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if stored.expires_at == expires_at:
            return stored
        before = snapshot(stored, TOKEN_COLUMNS)
        stored.expires_at = expires_at
        stored.save(update_fields=["expires_at"])
        when = f"{expires_at:%Y-%m-%d %H:%M}" if expires_at else "never"
        _record_token_change(
            actor=actor,
            token=stored,
            before=before,
            summary=f'API token {stored.pk} "{stored.name}" of {stored.user.username} now '
            f"expires {when}",
        )
    return stored
