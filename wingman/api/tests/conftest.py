import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client as HttpClient

from testing.helpers import audit_triggers_lifted_on_sqlite as lift_audit_triggers
from wingman.api.services import api_token_issue


class ApiClient:
    """Calls the API as an integration would: a bearer token, JSON bodies, CSRF enforced."""

    def __init__(self, key: str | None) -> None:
        self.http = HttpClient(enforce_csrf_checks=True)
        self.key = key

    def call(
        self, method: str, path: str, body: Any = None, *, headers: dict[str, str] | None = None
    ) -> Any:
        sent = dict(headers or {})
        if self.key:
            sent.setdefault("Authorization", f"Bearer {self.key}")
        kwargs: dict[str, Any] = {"headers": sent}
        if body is not None:
            kwargs["data"] = body if isinstance(body, str | bytes) else json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.http, method)(path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("get", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("post", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("patch", path, body, **kwargs)


@pytest.fixture
def key_for(db):
    """A new API token's key for a member of staff."""

    def issue(user: Any, **kwargs: Any) -> str:
        _token, key = api_token_issue(actor=None, user=user, name="Integration", **kwargs)
        return key

    return issue


@pytest.fixture
def api_as(key_for):
    """An API client acting as a member of staff through a token of their own."""

    def make(user: Any) -> ApiClient:
        return ApiClient(key_for(user))

    return make


@pytest.fixture(scope="module")
def audit_triggers_lifted(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with lift_audit_triggers(django_db_blocker):
        yield


@pytest.fixture
def served(audit_triggers_lifted: None, live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The live server, answering without Nagle's algorithm: a response written in pieces
    otherwise waits for the client's delayed acknowledgement, 40 ms a request."""
    monkeypatch.setattr(WSGIRequestHandler, "disable_nagle_algorithm", True)
    return live_server
