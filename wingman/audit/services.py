"""Writing the audit trail. Change and read events are written in the caller's transaction, so
they commit or roll back with the work they describe. Refusals are kept aside during a request
and written after it, because a refused request's transaction is rolled back. Every write is
inside a transaction (the caller's, or one of its own), whose commit seals the rows into the
audit chain (`chain.py`)."""

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from . import context
from .models import AccessEvent, AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The stored values of a record's own columns, ready for an audit row."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _type(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def _text(value: Any, length: int) -> str:
    """Text either database can store: no NUL, no lone surrogate, at most `length` long."""
    text = str(value or "").replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")[:length]


def _where() -> dict[str, Any]:
    ctx = context.current()
    return {"ip_address": ctx.ip_address, "channel": ctx.channel, "path": _text(ctx.path, 255)}


@transaction.atomic(savepoint=False)
def record_change(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    client_id: int | None,
    changes: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=_type(obj),
        object_id=str(obj.pk),
        client_id=client_id,
        changes=changes or {},
        summary=summary[:255],
        **_where(),
    )


@transaction.atomic(savepoint=False)
def record_security(*, actor: Any, action: str, summary: str) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type="accounts.user",
        object_id=str(getattr(actor, "pk", "") or ""),
        summary=summary[:255],
        **_where(),
    )


@transaction.atomic(savepoint=False)
def record_view(*, actor: Any, obj: models.Model, client_id: int | None) -> AccessEvent:
    return AccessEvent.objects.create(
        actor=actor,
        kind=AccessEvent.Kind.VIEW,
        object_type=_type(obj),
        object_id=str(obj.pk),
        client_id=client_id,
        **_where(),
    )


@transaction.atomic(savepoint=False)
def record_export(*, actor: Any, obj: models.Model, client_id: int | None = None) -> AccessEvent:
    """A file taken out of the system: a report, a workbook, an extract. An extract naming
    clients also records each of them with `record_list(kind=EXPORT)`."""
    return AccessEvent.objects.create(
        actor=actor,
        kind=AccessEvent.Kind.EXPORT,
        object_type=_type(obj),
        object_id=str(obj.pk),
        client_id=client_id,
        **_where(),
    )


@transaction.atomic(savepoint=False)
def record_list(
    *, actor: Any, client_ids: Iterable[int], kind: str = AccessEvent.Kind.LIST
) -> None:
    """One row per client shown in a list or an export."""
    where = _where()
    AccessEvent.objects.bulk_create(
        [
            AccessEvent(
                actor=actor,
                kind=kind,
                object_type="people.client",
                object_id=str(cid),
                client_id=cid,
                **where,
            )
            for cid in dict.fromkeys(client_ids)
        ]
    )


def record_denial(*, actor: Any, model: type[models.Model] | str, object_id: Any) -> None:
    """A refused read or change. Inside a request it is written after the response."""
    row = {
        "actor": actor if getattr(actor, "pk", None) else None,
        "kind": AccessEvent.Kind.DENIED,
        "object_type": model if isinstance(model, str) else _type(model),
        "object_id": _text(object_id, 64),
        **_where(),
    }
    if context.in_request():
        context.current().pending_denials.append(row)
    else:
        with transaction.atomic(savepoint=False):
            AccessEvent.objects.create(**row)


def flush_denials() -> None:
    """Write the refusals kept aside during a request, in a transaction of their own (so they
    are sealed into the chain); a request with none opens no transaction (on SQLite, every
    transaction takes the one write lock)."""
    ctx = context.current()
    if ctx.pending_denials:
        with transaction.atomic(savepoint=False):
            AccessEvent.objects.bulk_create([AccessEvent(**row) for row in ctx.pending_denials])
        ctx.pending_denials.clear()
