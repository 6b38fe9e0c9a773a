"""A form sent twice (a double click, a resend after a dropped signal) makes one record."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

from .errors import ServiceError
from .models import FormSubmission

M = TypeVar("M", bound=models.Model)


def once(
    *, token: str | None, user: Any, model: type[M], create: Callable[[], M]
) -> tuple[M, bool]:
    """Run `create` unless this token was used before; returns (record, created)."""
    if token:
        earlier = FormSubmission.objects.filter(token=token, user=user).first()
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
                )
    except IntegrityError:
        if not token:
            raise
        earlier = FormSubmission.objects.filter(token=token, user=user).first()
        if earlier is None:
            raise ServiceError(
                "This form has already been used. Open it again and resend."
            ) from None
        return model._default_manager.get(pk=earlier.object_id), False
    return obj, True
