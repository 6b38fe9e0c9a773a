"""What every page view shares: role checks that log refusals, service errors shown on the form,
the edit-conflict screen, saving an edit made from an earlier version, and one view serving both
a full page and its htmx partial."""

from collections.abc import Callable
from datetime import date, time
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from wingman.audit.services import record_denial

from .dates import when
from .errors import EditConflict, ServiceError

if TYPE_CHECKING:
    from wingman.accounts.models import User


def role_required(check: Callable[[Any], bool]) -> Callable[..., Any]:
    """Refuse (403, logged) a signed-in user whose role fails `check`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                record_denial(
                    actor=request.user,
                    model=f"view:{view.__name__}",
                    object_id=kwargs.get("pk", ""),
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def actor_of(request: HttpRequest) -> "User":
    """The signed-in member of staff (views behind `role_required` always have one)."""
    return cast("User", request.user)


def safe_next(request: HttpRequest, fallback: str = "/") -> str:
    """The `next` parameter if it is a path on this site, otherwise `fallback`."""
    value = request.POST.get("next") or request.GET.get("next") or ""
    if (
        value.startswith("/")
        and not value.startswith("//")
        and url_has_allowed_host_and_scheme(value, {request.get_host()}, request.is_secure())
    ):
        return value
    return fallback


def show_service_error(form: forms.BaseForm, error: ServiceError) -> None:
    """A service's refusal on the field it names (the API's `borough_id` is the form's
    `borough`), or above the form when it names none the form has."""
    field = error.field
    if field and field not in form.fields and field.removesuffix("_id") in form.fields:
        field = field.removesuffix("_id")
    form.add_error(field if field in form.fields else None, error.message)


def readable(field: forms.Field | None, value: Any) -> Any:
    """A stored or submitted value as a person reads it: choice labels, dates in words."""
    choices = dict(getattr(field, "choices", None) or [])
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if isinstance(value, date):
        return when(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if value is None:
        return ""
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    return value


def render_conflict(
    request: HttpRequest, *, conflict: EditConflict, form: forms.BaseForm
) -> HttpResponse:
    """Both versions side by side, in words: what is saved now, and what this person tried to
    save. The form keeps their entries, now based on the saved version."""
    rows = []
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        saved = readable(field, getattr(conflict.current, name, ""))
        mine = readable(field, conflict.submitted.get(name, ""))
        rows.append({"label": field.label, "saved": saved, "mine": mine, "differs": saved != mine})
    data = form.data.copy()  # type: ignore[attr-defined]
    data["version"] = str(conflict.current.version)
    form.data = data
    return render(
        request,
        "core/conflict.html",
        {"rows": rows, "form": form, "message": conflict.message, "current": conflict.current},
        status=409,
    )


def save_edit(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[int], object],
    *,
    saved: str,
    then: str,
) -> HttpResponse | None:
    """Save an edit from a valid form that carries the version it was made from.

    `save` is called with that version. A newer saved version gives the 409 conflict screen; a
    refusal from the service goes on the form, and None is returned so the view shows it again;
    success says `saved` and redirects to `then`.
    """
    try:
        save(form.cleaned_data["version"])
    except EditConflict as conflict:
        return render_conflict(request, conflict=conflict, form=form)
    except ServiceError as error:
        show_service_error(form, error)
        return None
    messages.success(request, saved)
    return redirect(then)


def page_or_partial(
    request: HttpRequest, template: str, context: dict[str, Any], *, partial: str, status: int = 200
) -> HttpResponse:
    """htmx requests get the named partial; everyone else the full page (no JavaScript needed)."""
    if getattr(request, "htmx", False):
        return render(request, partial, context, status=status)
    return render(request, template, context, status=status)
