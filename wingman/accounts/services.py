"""State changes to staff accounts and their sign-in sessions."""

from typing import Any

from django.contrib.auth import login
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from wingman.audit.models import AuditEvent
from wingman.audit.services import record_security
from wingman.core.client_ip import client_ip

from .models import StaffSession, User

SIGNED_IN_AT = "wingman_signed_in_at"
STAFF_BACKEND = "wingman.accounts.backends.StaffBackend"


def staff_sign_in(*, request: HttpRequest, user: User, device: Any = None) -> None:
    """Start a session (Django rotates the session id), remember when it began, and log it."""
    with transaction.atomic():
        login(request, user, backend=STAFF_BACKEND)
        if device is not None:
            from django_otp import login as otp_login

            otp_login(request, device)
        request.session[SIGNED_IN_AT] = timezone.now().timestamp()
        request.session.save()
        StaffSession.objects.update_or_create(
            session_key=request.session.session_key,
            defaults={"user": user, "ip_address": client_ip(request)},
        )
        record_security(actor=user, action=AuditEvent.Action.SIGN_IN, summary="Signed in")


def staff_sessions_end(*, user: User) -> int:
    """End every live session of an account (disabled, or outside its licensed hours)."""
    keys = list(StaffSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    StaffSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


def staff_disable(*, actor: User, user: User) -> User:
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        staff_sessions_end(user=user)
        record_security(actor=actor, action=AuditEvent.Action.SECURITY, summary=f"Disabled {user}")
    return user
