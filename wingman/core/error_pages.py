"""The product's own answers to 400, 403, 404 and 500: GOV.UK pages, or JSON under /api/.

The 500 page is rendered from a fixed context, without context processors or anything else that
reads the database, so that it still appears when the database or a context processor is what
failed. The others fall back to the same if their full rendering fails.
"""

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

MESSAGES = {
    400: "The request could not be read. Check what was sent and try again.",
    403: "Your role cannot do this.",
    404: "Not found",
    500: "Something went wrong on our side. Nothing was saved. Try again in a few minutes.",
}
LAST_RESORT = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service – Wingman</title></head><body><main>"
    "<h1>Sorry, there is a problem with the service</h1>"
    "<p>Nothing was saved. Try again in a few minutes.</p></main></body></html>"
)


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _plain(request: HttpRequest, template: str, status: int) -> HttpResponse:
    """The page from a fixed context: no context processors, no database."""
    context: dict[str, Any] = {
        "csp_nonce": getattr(request, "_csp_nonce", None),
        "two_factor_relaxed": not settings.WINGMAN_TWO_FACTOR_REQUIRED,
    }
    try:
        body = loader.get_template(template).render(context)
    except Exception:
        logger.exception("The %s page could not be rendered", status)
        body = LAST_RESORT
    return HttpResponse(body, status=status)


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": MESSAGES[status], "field": None}, status=status)
    try:
        return HttpResponse(loader.get_template(template).render({}, request), status=status)
    except Exception:
        logger.exception("The %s page could not be rendered with its context", status)
        return _plain(request, template, status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "404.html", 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": MESSAGES[500], "field": None}, status=500)
    return _plain(request, "500.html", 500)
