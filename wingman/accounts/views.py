"""Sign-in: password, then a TOTP code from an authenticator app (set up at first sign-in).
Five failures for one username from one address -> 15 minutes' cool-off. A wrong username and a
wrong password get the same answer."""

from base64 import b32encode
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout, user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from wingman.audit.models import AuditEvent
from wingman.audit.services import record_security
from wingman.core.views_helpers import safe_next

from .forms import CodeForm, SignInForm
from .models import User
from .services import staff_sign_in

PENDING = "wingman_pending_user"
NEXT = "wingman_next"
FAILED = "The username or password is not right"


def _describe_windows(user: User) -> str:
    windows = list(user.access_windows.all())
    if not windows:
        return "No licensed hours are set for your account. Ask your manager."
    return "Your licensed hours are: " + "; ".join(str(w) for w in windows) + "."


@transaction.non_atomic_requests
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Outside a request-wide transaction: checking a password (argon2) takes a tenth of a
    second, and on SQLite a transaction holds the one write lock. What this writes (the
    lock-out's counts, the session, the audit row) commits in short transactions of its own."""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        if user is None:
            form.add_error(None, FAILED)
        elif not user.within_access_windows():
            record_security(
                actor=user,
                action=AuditEvent.Action.SECURITY,
                summary="Sign-in refused outside licensed hours",
            )
            form.add_error(
                None,
                "You cannot sign in now: your account can be used only in your licensed working "
                "hours. " + _describe_windows(user),
            )
        elif not settings.WINGMAN_TWO_FACTOR_REQUIRED:
            staff_sign_in(request=request, user=user)
            return redirect(safe_next(request))
        else:
            request.session.cycle_key()
            request.session[PENDING] = user.pk
            request.session[NEXT] = safe_next(request)
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect("accounts:code")
            return redirect("accounts:set-up-code")
    return render(request, "accounts/sign_in.html", {"form": form})


def _pending_user(request: HttpRequest) -> User | None:
    pk = request.session.get(PENDING)
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


def _code_failed(request: HttpRequest, user: User) -> None:
    user_login_failed.send(
        sender=__name__, credentials={"username": user.username}, request=request
    )


def _finish(request: HttpRequest, user: User, device: TOTPDevice) -> HttpResponse:
    next_url = request.session.get(NEXT) or "/"
    staff_sign_in(request=request, user=user, device=device)
    return redirect(next_url)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign-in")
    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        return locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Locked until the request's transaction ends, so that one code cannot be used twice
        # by requests racing each other (django-otp remembers the last code used on the row).
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and not device.verify_is_allowed()[0]:
            # Codes sent too fast after a wrong one are not checked, but still count.
            _code_failed(request, user)
            if AxesProxyHandler.is_locked(request, credentials):
                return locked_out(request)
            form.add_error("code", "Wait a few seconds after a wrong code, then enter the new code")
            return render(request, "accounts/code.html", {"form": form})
        if device is not None and device.verify_token(form.cleaned_data["code"]):
            return _finish(request, user, device)
        _code_failed(request, user)
        if AxesProxyHandler.is_locked(request, credentials):
            return locked_out(request)
        form.add_error(
            "code", "The code is not right. Check your app and enter the code it shows now"
        )
    return render(request, "accounts/code.html", {"form": form})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def set_up_code(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign-in")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:code")
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            record_security(
                actor=user, action=AuditEvent.Action.SECURITY, summary="Authenticator app set up"
            )
            return _finish(request, user, device)
        _code_failed(request, user)
        form.add_error(
            "code", "The code is not right. Check the app shows Wingman and try the new code"
        )
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/set_up_code.html",
        {"form": form, "secret": secret, "qr_svg": _qr_svg(device.config_url)},
    )


def _qr_svg(data: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@require_POST
@csrf_protect
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record_security(actor=request.user, action=AuditEvent.Action.SIGN_OUT, summary="Signed out")
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect("accounts:sign-in")


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    request.session.pop(PENDING, None)
    return render(request, "accounts/locked_out.html", status=429)
