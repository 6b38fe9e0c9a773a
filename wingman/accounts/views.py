"""Sign-in: password, then a TOTP code from an authenticator app. An authenticator app is set up
only with a one-time enrolment code (a new account, or a reset), never with the password alone;
the code is handed over by the person's team lead or manager, or an administrator other than
the one who asked for it (docs/adr/0009). Five failures for one username from one address
(password, security code or enrolment code alike) -> 15 minutes' cool-off. A wrong username and
a wrong password get the same answer."""

from base64 import b32encode
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout, user_login_failed
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from wingman.audit.models import AuditEvent
from wingman.audit.services import record_denial, record_security
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import actor_of, role_required, safe_next, show_service_error

from . import permissions
from .forms import ChoosePasswordForm, CodeForm, ConfirmPasswordForm, EnrolForm, SignInForm
from .models import EnrolmentCode, User
from .selectors import handovers_for
from .services import (
    EnrolmentRefused,
    OutsideLicensedHours,
    enrolment_authenticator_set_up,
    enrolment_code_issue,
    enrolment_code_use,
    enrolment_in_progress,
    enrolment_password_choose,
    enrolment_password_confirm,
    has_authenticator,
    notices_take,
    staff_sign_in,
)

PENDING = "wingman_pending_user"
NEXT = "wingman_next"
ENROLMENT = "wingman_enrolment"
FAILED = "The username or password is not right"
NEEDS_ENROLMENT = (
    "Your account does not have two-factor sign-in set up yet. You need an enrolment code: ask "
    "your team lead, your manager or an administrator for one, then choose "
    "“Set up your sign-in with an enrolment code” below."
)


def _describe_windows(user: User) -> str:
    windows = list(user.access_windows.all())
    if not windows:
        return "No licensed hours are set for your account. Ask your manager."
    return "Your licensed hours are: " + "; ".join(str(w) for w in windows) + "."


def _signed_in(request: HttpRequest, user: User, device: TOTPDevice | None) -> HttpResponse:
    """Start the session, then tell the person what happened to their sign-in meanwhile."""
    next_url = request.session.pop(NEXT, None) or safe_next(request)
    staff_sign_in(request=request, user=user, device=device)
    for text in notices_take(user=user):
        messages.warning(request, text)
    return redirect(next_url)


def _failed(request: HttpRequest, username: str) -> bool:
    """Count a failure towards the pause, as a wrong password does; True if now paused."""
    credentials = {"username": username}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return AxesProxyHandler.is_locked(request, credentials)


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
            return _signed_in(request, user, None)
        elif not has_authenticator(user):
            record_security(
                actor=user,
                action=AuditEvent.Action.SECURITY,
                summary="Sign-in refused: no authenticator app set up, an enrolment code is needed",
            )
            form.add_error(None, NEEDS_ENROLMENT)
        else:
            request.session.cycle_key()
            request.session[PENDING] = user.pk
            request.session[NEXT] = safe_next(request)
            return redirect("accounts:code")
    return render(request, "accounts/sign_in.html", {"form": form})


def _pending_user(request: HttpRequest) -> User | None:
    pk = request.session.get(PENDING)
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


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
            if _failed(request, user.username):
                return locked_out(request)
            form.add_error("code", "Wait a few seconds after a wrong code, then enter the new code")
            return render(request, "accounts/code.html", {"form": form})
        if device is not None and device.verify_token(form.cleaned_data["code"]):
            return _signed_in(request, user, device)
        if _failed(request, user.username):
            return locked_out(request)
        form.add_error(
            "code", "The code is not right. Check your app and enter the code it shows now"
        )
    return render(request, "accounts/code.html", {"form": form})


# Setting up sign-in with an enrolment code --------------------------------------------------------


def _enrolment(request: HttpRequest) -> EnrolmentCode | None:
    data = request.session.get(ENROLMENT) or {}
    return enrolment_in_progress(user_pk=data.get("user"), code_pk=data.get("code"))


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Step 1: username and enrolment code. The code is used up here, once."""
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if AxesProxyHandler.is_locked(request, {"username": username}):
            return locked_out(request)
        try:
            code = enrolment_code_use(username=username, entered=form.cleaned_data["code"])
        except EnrolmentRefused as refusal:
            if not isinstance(refusal, OutsideLicensedHours) and _failed(request, username):
                return locked_out(request)
            form.add_error("code", refusal.message)
        else:
            if request.user.is_authenticated:
                logout(request)
            request.session.cycle_key()
            request.session.pop(PENDING, None)
            request.session[ENROLMENT] = {"user": code.user_id, "code": code.pk, "password": False}
            return redirect("accounts:enrol-password")
    return render(request, "accounts/enrol.html", {"form": form})


@sensitive_post_parameters("password", "new_password1", "new_password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def enrol_password(request: HttpRequest) -> HttpResponse:
    """Step 2: choose a password (it was reset, or never set), or enter the one they have (after
    a two-factor reset, so that the code alone cannot set up a new authenticator app)."""
    enrolment = _enrolment(request)
    if enrolment is None:
        return redirect("accounts:enrol")
    user = enrolment.user
    if request.session[ENROLMENT].get("password"):
        return redirect("accounts:set-up-code")
    choosing = not user.has_usable_password()
    form: Any = (
        ChoosePasswordForm(user, request.POST or None)
        if choosing
        else ConfirmPasswordForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        if choosing:
            try:
                enrolment_password_choose(
                    code=enrolment, password=form.cleaned_data["new_password1"]
                )
            except ServiceError as error:
                show_service_error(form, error)
            else:
                return _after_password(request, enrolment)
        else:
            if AxesProxyHandler.is_locked(request, {"username": user.username}):
                return locked_out(request)
            if enrolment_password_confirm(code=enrolment, password=form.cleaned_data["password"]):
                return _after_password(request, enrolment)
            if _failed(request, user.username):
                return locked_out(request)
            form.add_error("password", "The password is not right")
    return render(
        request,
        "accounts/enrol_password.html",
        {"form": form, "choosing": choosing, "person": user},
    )


def _after_password(request: HttpRequest, enrolment: EnrolmentCode) -> HttpResponse:
    user = User.objects.get(pk=enrolment.user_id)
    if not settings.WINGMAN_TWO_FACTOR_REQUIRED:
        request.session.pop(ENROLMENT, None)
        return _signed_in(request, user, None)
    if has_authenticator(user):
        # A password reset: the authenticator app they kept is asked for, as at every sign-in.
        request.session.pop(ENROLMENT, None)
        request.session[PENDING] = user.pk
        request.session[NEXT] = "/"
        return redirect("accounts:code")
    request.session[ENROLMENT] = {**request.session[ENROLMENT], "password": True}
    return redirect("accounts:set-up-code")


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def set_up_code(request: HttpRequest) -> HttpResponse:
    """Step 3: set up the authenticator app. Reached only through steps 1 and 2."""
    enrolment = _enrolment(request)
    if enrolment is None or not request.session[ENROLMENT].get("password"):
        return redirect("accounts:enrol")
    user = enrolment.user
    if AxesProxyHandler.is_locked(request, {"username": user.username}):
        return locked_out(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name="Authenticator app")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            enrolment_authenticator_set_up(code=enrolment, device=device)
            request.session.pop(ENROLMENT, None)
            request.session[NEXT] = "/"
            return _signed_in(request, user, device)
        if _failed(request, user.username):
            return locked_out(request)
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


# Handing over enrolment codes --------------------------------------------------------------------


@role_required(permissions.hands_over_enrolment_codes)
@require_GET
def handovers(request: HttpRequest) -> HttpResponse:
    codes = handovers_for(actor_of(request))
    return render(request, "accounts/handover_list.html", {"codes": codes})


@role_required(permissions.hands_over_enrolment_codes)
@never_cache
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    """Check it is the person, then show their code, this once."""
    actor = actor_of(request)
    code = handovers_for(actor).filter(pk=pk).first()
    if code is None:
        if EnrolmentCode.objects.filter(pk=pk, issued_by=actor).exists():
            messages.info(
                request,
                "You have been shown that code already: it is never shown again. If it is lost, "
                "ask an administrator to reset the account again.",
            )
            return redirect("accounts:handovers")
        record_denial(actor=actor, model=EnrolmentCode, object_id=pk)
        raise Http404("Not found")
    error = None
    if request.method == "POST":
        try:
            raw = enrolment_code_issue(actor=actor, code=code)
        except ServiceError as refusal:
            error = refusal.message
        else:
            code.refresh_from_db()
            return render(request, "accounts/handover_code.html", {"code": code, "raw": raw})
    return render(request, "accounts/handover_confirm.html", {"code": code, "error": error})


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
