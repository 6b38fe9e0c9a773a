"""Session limits for signed-in staff: 10 hours at most, only in licensed hours, two-factor."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from .services import SIGNED_IN_AT

OPEN_PATHS = ("/sign-in/", "/sign-out/", "/static/", "/healthz", "/api/", "/favicon.ico")


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            too_long = (
                started is None
                or timezone.now().timestamp() - float(started)
                > settings.WINGMAN_SESSION_ABSOLUTE_SECONDS
            )
            outside_hours = not user.within_access_windows()
            if too_long or outside_hours:
                logout(request)
                messages.warning(
                    request,
                    "You have been signed out: your licensed working hours have ended."
                    if outside_hours
                    else "You have been signed out after 10 hours. Sign in again to carry on.",
                )
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """No page but sign-in is served to a session that has not passed two-factor sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.WINGMAN_TWO_FACTOR_REQUIRED
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path.startswith(OPEN_PATHS)
        ):
            logout(request)
            return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware (`request.user.otp_device`, `is_verified()`), with the same check
    made from what `accounts.backends.StaffBackend` loaded with the user: the device this session
    was verified with must still be one of the account's confirmed authenticator apps. No query
    of its own; the device itself is loaded only if something reads it."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        confirmed = getattr(user, "confirmed_totp_ids", None)
        if confirmed is None:  # not loaded by StaffBackend, or signed out
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        label, _, pk = str(persistent_id or "").rpartition("/")
        if label == TOTPDevice.model_label() and pk in confirmed.split(","):
            user.otp_device = SimpleLazyObject(lambda: TOTPDevice.objects.get(pk=int(pk)))
        elif persistent_id is not None:
            del request.session[DEVICE_ID_SESSION_KEY]
        return user
