"""Every sign-in, by whatever path (the sign-in pages, the test client, a future single sign-on),
records its session, so that the database can end all of an account's sessions when it is
disabled (see migration 0003 of this app)."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from wingman.audit.client_ip import client_ip

from .models import StaffSession, User


@receiver(user_logged_in, dispatch_uid="record-staff-session")
def record_staff_session(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    StaffSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "ip_address": client_ip(request)},
    )
