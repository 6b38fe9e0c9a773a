from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import context
from .client_ip import client_ip
from .services import flush_denials


class AuditContextMiddleware:
    """Sets where the request comes from for audit rows, and writes refusals once the view's
    transaction is over (a 404 rolls it back)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ctx = context.RequestContext(
            ip_address=client_ip(request),
            path=request.path.replace("\x00", ""),  # PostgreSQL text cannot hold NUL
            channel="api" if request.path.startswith("/api/") else "web",
        )
        token = context.begin(ctx)
        try:
            response = self.get_response(request)
            flush_denials()
            return response
        finally:
            context.end(token)
