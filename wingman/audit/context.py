"""Where the current piece of work comes from (address, path, web or API), for audit rows, and
refusals waiting to be written once the request's transaction has rolled back."""

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RequestContext:
    ip_address: str | None = None
    path: str = ""
    channel: str = "system"
    pending_denials: list[dict[str, Any]] = field(default_factory=list)


_current: ContextVar[RequestContext | None] = ContextVar("wingman_audit_context", default=None)


def current() -> RequestContext:
    return _current.get() or RequestContext()


def begin(ctx: RequestContext) -> Any:
    return _current.set(ctx)


def end(token: Any) -> None:
    _current.reset(token)


def in_request() -> bool:
    return _current.get() is not None
