"""Every refusal answers JSON with a `detail` a person can act on; bad input is never a 500."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from wingman.audit.services import record_denial, record_view
from wingman.core.access import client_id_of
from wingman.core.errors import EditConflict, InvalidTransition, NotAllowed, ServiceError

from .auth import actor_of

NOT_AUTHENTICATED = (
    "Send a valid API token in the Authorization header: 'Authorization: Bearer wm_...'. "
    "The token may be missing, mistyped, expired or revoked."
)
NOT_FOUND = "Not found"
LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}
HEADERS = {"Idempotency-Key"}


def _error(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    detail: str,
    field: str | None = None,
    **extra: Any,
) -> Any:
    return api.create_response(request, {"detail": detail, "field": field, **extra}, status=status)


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc and loc[0] in LOCATIONS else "body"
        # A body's location starts ("body", <parameter name>); the field a client sent follows.
        field = ".".join(loc[2:] if location == "body" else loc[1:]) or None
        message = str(error.get("msg", "Invalid value")).removeprefix("Value error, ")
        if location == "body" and field is None and error.get("type") != "value_error":
            message = f"Send a JSON object as the request body. {message}"
        out.append({"location": location, "field": field, "message": message})
    return out


def remember_record(request: HttpRequest, model: Any, pk: Any) -> None:
    """Note which record a request is about, so that a refusal can name it in the log."""
    request.api_record = (model, pk)  # type: ignore[attr-defined]


def _on(api: NinjaAPI, exc_class: type[Exception], handler: Callable[..., HttpResponse]) -> None:
    api.add_exception_handler(exc_class, handler)


def install(api: NinjaAPI) -> None:
    def authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = _error(api, request, 401, NOT_AUTHENTICATED)
        response["WWW-Authenticate"] = 'Bearer realm="Wingman API"'
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _error(api, request, exc.status_code, str(exc))

    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return _error(api, request, 413, "The request body is too large")

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, NOT_FOUND)

    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = _field_errors(exc.errors)
        first = errors[0] if errors else {"field": None, "message": "Invalid request"}
        where = f"{first['field']}: " if first["field"] else ""
        return _error(
            api,
            request,
            422,
            f"{where}{first['message']}",
            field=first["field"],
            errors=errors,
        )

    def not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
        model, pk = getattr(request, "api_record", ("api", ""))
        record_denial(actor=actor_of(request), model=model, object_id=pk)
        return _error(api, request, 403, exc.message, field=exc.field)

    def invalid_transition(request: HttpRequest, exc: InvalidTransition) -> HttpResponse:
        return _error(api, request, 409, exc.message, field=exc.field)

    def edit_conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
        return _error(
            api,
            request,
            409,
            exc.message,
            field="version",
            current_version=getattr(exc.current, "version", None),
        )

    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return _error(
            api,
            request,
            422,
            exc.message,
            field=exc.field,
            errors=[
                {
                    "location": "header" if exc.field in HEADERS else "body",
                    "field": exc.field,
                    "message": exc.message,
                }
            ],
        )

    _on(api, AuthenticationError, authentication)
    _on(api, HttpError, http_error)
    _on(api, RequestDataTooBig, too_big)
    _on(api, Http404, not_found)
    _on(api, ValidationError, validation)
    _on(api, NotAllowed, not_allowed)
    _on(api, InvalidTransition, invalid_transition)
    _on(api, EditConflict, edit_conflict)
    _on(api, ServiceError, service_error)


def conflict(
    request: HttpRequest, exc: EditConflict, *, submitted_version: int, current: Any
) -> dict[str, Any]:
    """The answer to an edit based on an old version: both versions, so nothing is lost. The
    current record is shown, so the read is logged."""
    record_view(actor=actor_of(request), obj=exc.current, client_id=client_id_of(exc.current))
    return {
        "detail": exc.message,
        "field": "version",
        "current_version": exc.current.version,
        "submitted_version": submitted_version,
        "current": current,
        "submitted": exc.submitted,
    }
