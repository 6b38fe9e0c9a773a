"""Issuing API tokens. Only the hash of a token is stored; the key is shown once, when issued."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.choices import Role
from wingman.accounts.models import ApiToken, User, hash_token
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_security
from wingman.core.dates import when
from wingman.core.errors import NotAllowed, ServiceError

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100


def _may_issue(actor: User | None, user: User) -> bool:
    """Tokens are issued from the command line (no actor), by administrators, or by staff to
    themselves."""
    if actor is None:
        return True
    if not actor.is_active:
        return False
    return actor.pk == user.pk or actor.is_superuser or actor.role == Role.ADMINISTRATOR


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
