"""A form sent twice (a double click, a resend after a dropped signal) makes one record; the same
token sent with something else is refused rather than answered with the first record."""

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction

from .errors import ServiceError
from .models import FormSubmission

M = TypeVar("M", bound=models.Model)

KEY_REUSED_WITH_ANOTHER_BODY = (
    "This Idempotency-Key was already used for a request with a different body. Send a new "
    "UUID for a new record, or the same body to get the record the first request made."
)


def fingerprint_of(*parts: Any) -> str:
    """A hash of what was sent, the same however its keys were ordered or spaced."""
    canonical = json.dumps(
        parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _earlier(token: str, user: Any, fingerprint: str) -> FormSubmission | None:
    earlier = FormSubmission.objects.filter(token=token, user=user).first()
    if earlier is not None and earlier.fingerprint and fingerprint != earlier.fingerprint:
        raise ServiceError(KEY_REUSED_WITH_ANOTHER_BODY, field="Idempotency-Key")
    return earlier


def once(
    *,
    token: str | None,
    user: Any,
    model: type[M],
    create: Callable[[], M],
    fingerprint: str = "",
) -> tuple[M, bool]:
    """Run `create` unless this token was used before; returns (record, created). A token used
    before with another `fingerprint` (what was sent) is refused with a ServiceError."""
    if token:
        earlier = _earlier(token, user, fingerprint)
        if earlier is not None:
            return model._default_manager.get(pk=earlier.object_id), False
    try:
        with transaction.atomic():
            obj = create()
            if token:
                FormSubmission.objects.create(
                    token=token,
                    user=user,
                    object_type=model._meta.label_lower,
                    object_id=str(obj.pk),
                    fingerprint=fingerprint,
                )
    except IntegrityError:
        if not token:
            raise
        earlier = _earlier(token, user, fingerprint)
        if earlier is None:
            raise ServiceError(
                "This form has already been used. Open it again and resend."
            ) from None
        return model._default_manager.get(pk=earlier.object_id), False
    return obj, True
