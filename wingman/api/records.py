"""Reading records for the API through the same scope and audit as the pages."""

from collections.abc import Callable, Iterable
from typing import Annotated, TypeVar
from uuid import UUID

from django.db import models
from django.http import HttpRequest
from ninja import Header, Schema

from wingman.audit.services import record_list
from wingman.core.access import access_object
from wingman.core.errors import ServiceError
from wingman.core.models import FormSubmission
from wingman.core.once import KEY_REUSED_WITH_ANOTHER_BODY, fingerprint_of
from wingman.people.models import Client

from .auth import actor_of
from .errors import remember_record
from .schemas import PageQuery

M = TypeVar("M", bound=models.Model)


def get_record(
    request: HttpRequest,
    model: type[M],
    pk: int,
    *,
    audit: bool = True,
    queryset: "models.QuerySet[M] | None" = None,
) -> M:
    """One record the token's user may see, or 404 (the same for missing and out of scope)."""
    remember_record(request, model, pk)
    return access_object(model, actor_of(request), pk, queryset=queryset, audit=audit)


def page_of(
    request: HttpRequest,
    qs: "models.QuerySet[M]",
    query: PageQuery,
    *,
    client_ids: Callable[[list[M]], Iterable[int]] | None = None,
) -> tuple[int, list[M]]:
    """One page of a list; every client shown on it is logged as seen."""
    count = qs.count()
    items = list(qs[query.offset : query.offset + query.limit])
    if client_ids is not None:
        record_list(actor=actor_of(request), client_ids=client_ids(items))
    return count, items


IDEMPOTENCY_KEY_HELP = (
    "A UUID you choose for this request. Sending the same key again with the same body (after a "
    "timeout, say) returns the record the first request made instead of making a second one; "
    "the same key with a different body is refused with 422."
)
KEY_REUSED = (
    "This Idempotency-Key was used for a different request. Send a new UUID for a new record."
)

IdempotencyKey = Annotated[
    UUID | None, Header(alias="Idempotency-Key", description=IDEMPOTENCY_KEY_HELP)
]


def idempotency(
    request: HttpRequest,
    key: UUID | None,
    model: type[models.Model],
    client: Client | None,
    payload: Schema,
) -> tuple[str | None, str]:
    """The request's Idempotency-Key as a once-only token, with the fingerprint of what was sent
    (the path and the body as validated, canonicalised). Refused when the key was used before
    for a different kind of record, another client, by someone else, or with another body."""
    if key is None:
        return None, ""
    fingerprint = fingerprint_of(request.path, payload.model_dump(mode="json"))
    earlier = FormSubmission.objects.filter(token=key).first()
    if earlier is not None:
        user = actor_of(request)
        same_record_kind = earlier.user_id == user.pk and earlier.object_type == _label(model)
        records = model._default_manager.filter(pk=earlier.object_id)
        if client is not None:
            path = getattr(records, "client_path", "client__")
            records = records.filter(**{f"{path}id": client.pk})
        if not (same_record_kind and records.exists()):
            raise ServiceError(KEY_REUSED, field="Idempotency-Key")
        if earlier.fingerprint and earlier.fingerprint != fingerprint:
            raise ServiceError(KEY_REUSED_WITH_ANOTHER_BODY, field="Idempotency-Key")
    return str(key), fingerprint


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower
