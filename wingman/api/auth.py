"""Bearer tokens for integrations. A token acts as the member of staff it was issued for, with that
person's role and scope; it is refused when they could not take data out of the system now."""

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from wingman.accounts import permissions
from wingman.accounts.models import ApiToken, User, hash_token
from wingman.audit.services import record_denial

F = Callable[..., Any]

KEY_FORMAT = re.compile(r"wm_[A-Za-z0-9_-]{16,128}")

NOT_PERMITTED = (
    "This token's account cannot use the API: its role, a temporary licence or its licensed "
    "working hours do not allow data to leave the system."
)


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer wm_...`, checked against the stored hash of each token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        token = token.strip()
        if not KEY_FORMAT.fullmatch(token):
            return None
        api_token = (
            ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        )
        if api_token is None:
            return None
        user = api_token.user
        if not api_token.is_usable() or not user.is_active:
            record_denial(actor=user, model=ApiToken, object_id=api_token.pk)
            return None
        if not permissions.may_export(user) or not user.within_access_windows():
            record_denial(actor=user, model=ApiToken, object_id=api_token.pk)
            raise AuthorizationError(message=NOT_PERMITTED)
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = user
        return user


def actor_of(request: HttpRequest) -> Any:
    """The member of staff the request's token acts as."""
    return request.auth  # type: ignore[attr-defined]


def requires(check: Callable[[Any], bool], message: str) -> Callable[[F], F]:
    """Refuse (403, logged) a token whose role fails `check`, before any record is looked at:
    the same order as the pages, so a role that may never do this learns nothing more."""

    def decorator(operation: F) -> F:
        @wraps(operation)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = actor_of(request)
            if not check(user):
                ids = [v for k, v in kwargs.items() if k.endswith("_id") and isinstance(v, int)]
                record_denial(
                    actor=user, model=f"api:{operation.__name__}", object_id=ids[0] if ids else ""
                )
                raise AuthorizationError(message=message)
            return operation(request, *args, **kwargs)

        return checked

    return decorator


READS_CLIENTS = "Your role does not work with client records."
RECORDS_CASEWORK = "Your role cannot record casework."
TAKES_REFERRALS = "Your role cannot take referrals."
DECIDES_REFERRALS = "Your role cannot decide referrals."
