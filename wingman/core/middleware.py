"""What every answer shares: nothing is kept in a cache, and input that is not readable text is
refused at the door."""

import json
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from wingman.audit.services import record_denial

from . import error_pages

NO_STORE = "no-store"
BROKEN_BYTE = re.compile(r"%[89A-F][0-9A-F]")
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page and API answer, so that a shared computer keeps
    no client's record in its browser cache after sign-out, and no proxy keeps one either.
    Static files are answered before this (whitenoise) and keep their long cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if NO_STORE not in response.get("Cache-Control", ""):
            response["Cache-Control"] = NO_STORE
        return response


def _wsgi_bytes(value: str) -> bytes:
    """The bytes a WSGI string stands for (PEP 3333 carries them as latin-1)."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


def _readable(raw: bytes) -> bool:
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _storable(text: str) -> bool:
    """No NUL and no lone surrogate (from a JSON `\\ud800`): neither database can store them."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unstorable_in(value: Any, where: str = "") -> Iterator[str]:
    """The place of each string in a JSON document that cannot be stored."""
    if isinstance(value, str):
        if not _storable(value):
            yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            place = f"{where}.{key}" if where else str(key)
            if not _storable(str(key)):
                yield where or "(a key)"
            yield from _unstorable_in(item, place)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_in(item, f"{where}.{index}" if where else str(index))


class RefuseUnreadableInputMiddleware:
    """NUL characters, and bytes that are not UTF-8, in the path, the query string, a header or
    cookie, form fields or a JSON body answer 400 before anything reads them: the product's page,
    or JSON under /api/. No field needs either, PostgreSQL cannot store NUL, and Django would
    otherwise turn undecodable bytes into U+FFFD silently. The refusal is logged like any other
    (`AuditContextMiddleware`, outside this, writes it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = self.problem(request)
        if problem is None:
            return self.get_response(request)
        channel, field = problem
        record_denial(actor=None, model="request:unreadable", object_id=channel)
        if request.path.startswith("/api/"):
            where = f"{field}: " if field else ""
            return JsonResponse(
                {
                    "detail": f"{where}Text must be UTF-8 without NUL characters ({channel}).",
                    "field": field,
                },
                status=400,
            )
        return error_pages.bad_request(request)

    @staticmethod
    def problem(request: HttpRequest) -> tuple[str, str | None] | None:
        """(channel, field) of the first unreadable input, or None."""
        meta = request.META
        # Django has already decoded the path, writing bytes that are not UTF-8 as %XX escapes
        # (no address of ours has a "%" in it).
        if "\x00" in request.path_info or BROKEN_BYTE.search(request.path_info):
            return "path", None
        if not _readable(unquote_to_bytes(_wsgi_bytes(meta.get("QUERY_STRING", "")))):
            return "query string", None
        for key, value in meta.items():
            if (key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH")) and (
                "\x00" in str(value)
            ):
                return "header", None
        if not _readable(_wsgi_bytes(meta.get("HTTP_COOKIE", ""))) or any(
            "\x00" in name or "\x00" in value for name, value in request.COOKIES.items()
        ):
            return "cookie", None
        content_type = request.content_type or ""
        json_body = content_type == "application/json" or content_type.endswith("+json")
        if content_type not in FORMS and not json_body:
            return None
        try:
            body = request.body  # read once and kept, so the view can still parse it
        except RequestDataTooBig:
            return None  # the view answers 413
        if content_type == "multipart/form-data":
            # Django decodes multipart fields itself, putting U+FFFD for bytes that are not UTF-8.
            for name, values in request.POST.lists():
                if any(not _storable(v) or "\ufffd" in v for v in [name, *values]):
                    return "form", name
            return None
        if content_type == "application/x-www-form-urlencoded":
            if not _readable(unquote_to_bytes(body.replace(b"+", b" "))):
                return "form", None
            return None
        if not _readable(body):
            return "JSON body", None
        try:
            document = json.loads(body)
        except ValueError:
            return None  # not JSON: the API explains what it expected
        except RecursionError:
            return None
        for place in _unstorable_in(document):
            return "JSON body", place or None
        return None
