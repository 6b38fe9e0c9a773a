"""Single records come only through `access_object`: out of scope and missing answer the same 404,
the refusal is logged, and a successful read is audited in the same transaction."""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from wingman.audit.services import record_denial, record_view

M = TypeVar("M", bound=models.Model)


def client_id_of(obj: models.Model) -> int | None:
    if obj._meta.label_lower == "people.client":
        return int(obj.pk)
    return getattr(obj, "client_id", None)


def access_object(
    model: type[M],
    user: Any,
    pk: Any,
    *,
    queryset: "models.QuerySet[M] | None" = None,
    audit: bool = True,
) -> M:
    qs = queryset if queryset is not None else model._default_manager.all()
    try:
        obj = qs.visible_to(user).get(pk=pk)  # type: ignore[attr-defined]
    except (ObjectDoesNotExist, ValueError, TypeError):
        record_denial(actor=user, model=model, object_id=pk)
        raise Http404("Not found") from None
    if audit:
        record_view(actor=user, obj=obj, client_id=client_id_of(obj))
    return obj
