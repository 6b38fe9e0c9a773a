"""The audit chain: every audit row is sealed, when its transaction commits, by a link that holds a
digest of the row as stored and a hash over that digest and the link before. Changing, removing
or slipping in a row, or removing, moving or forging a link, breaks the chain somewhere
`audit_verify` can point to.

Both digests and hashes are HMAC-SHA256 keyed with WINGMAN_AUDIT_CHAIN_KEY, which lives in the
application's environment and never in the database: someone who can only reach the database
(its owner, a stolen backup, a leaked password) cannot write a link that verifies.

Links are written at commit time by Wingman's database backends (`wingman.audit.db`), one
transaction at a time: on PostgreSQL under a transaction-level advisory lock taken after every
other lock the transaction holds, on SQLite under the database's write lock. Why: ADR 0010.
"""

import functools
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.dateparse import parse_datetime

GENESIS = "0" * 64
# pg_advisory_xact_lock key for "one transaction links at a time" (the bytes of "WINGMAN").
LOCK_KEY = 0x57494E474D414E
READ_CHUNK = 500
INSERT_CHUNK = 200

Key = tuple[str, int]  # (table, row id)


@functools.cache
def chained_models() -> dict[str, type[models.Model]]:
    """Every table whose rows are sealed into the chain, by table name."""
    from .models import ChainedModel

    return {
        model._meta.db_table: model
        for model in apps.get_models()
        if issubclass(model, ChainedModel)
    }


def chain_key() -> bytes:
    key = getattr(settings, "WINGMAN_AUDIT_CHAIN_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "WINGMAN_AUDIT_CHAIN_KEY must be set: it seals the audit trail (see README)."
        )
    return str(key).encode()


def _plain(value: Any) -> Any:
    """A stored value as JSON that reads the same on SQLite and PostgreSQL."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def _stored(field: models.Field, value: Any) -> Any:
    """A column's value as the database driver returned it, in the one form both databases give:
    SQLite returns datetimes and JSON as text, and booleans as integers."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        if isinstance(value, str):
            value = parse_datetime(value)
        return _plain(value)
    if isinstance(field, models.DateField):
        return value if isinstance(value, str) else _plain(value)
    if isinstance(field, models.JSONField):
        return _plain(json.loads(value) if isinstance(value, str | bytes) else value)
    if isinstance(field, models.BooleanField):
        return bool(value)
    return _plain(value)


def canonical(table: str, values: Mapping[str, Any]) -> bytes:
    """The canonical form of a stored row: its table, id and non-null columns as JSON with sorted
    keys, datetimes in UTC. Null columns are left out, so a nullable column added later does
    not change the form of rows written before it."""
    fields = {name: _plain(v) for name, v in values.items() if name != "id" and v is not None}
    document = {"table": table, "id": values["id"], "fields": fields}
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def row_digest(form: bytes, key: bytes) -> str:
    return hmac.new(key, b"wingman-audit-row\x00" + form, hashlib.sha256).hexdigest()


def link_hash(previous: str, table: str, row_id: int, digest: str, key: bytes) -> str:
    message = "\x00".join(("wingman-audit-link", previous, table, str(int(row_id)), digest))
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def stored_values(
    connection: Any, tables: Mapping[str, type[models.Model]], keys: Iterable[Key]
) -> dict[Key, dict[str, Any]]:
    """The rows as the database holds them now, by column, in canonical form (rows that no
    longer exist are absent). Plain SQL, so that what is sealed and checked is what is stored."""
    ids_by_table: dict[str, list[int]] = {}
    for table, row_id in keys:
        ids_by_table.setdefault(table, []).append(row_id)
    found: dict[Key, dict[str, Any]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, ids in ids_by_table.items():
            model = tables.get(table)
            if model is None:
                continue
            fields = model._meta.concrete_fields
            columns = ", ".join(quote(f.column) for f in fields)
            for chunk in _chunks(ids, READ_CHUNK):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT {columns} FROM {quote(table)} WHERE id IN ({marks})",  # noqa: S608
                    chunk,
                )
                for row in cursor.fetchall():
                    values = {f.attname: _stored(f, v) for f, v in zip(fields, row, strict=True)}
                    found[(table, values["id"])] = values
    return found


def _head(cursor: Any, link_table: str) -> str:
    cursor.execute(f"SELECT hash FROM {link_table} ORDER BY id DESC LIMIT 1")  # noqa: S608
    row = cursor.fetchone()
    return row[0] if row else GENESIS


def _insert_links(cursor: Any, link_table: str, quote: Any, links: list[tuple[Any, ...]]) -> None:
    columns = ", ".join(quote(c) for c in ("row_table", "row_id", "digest", "previous", "hash"))
    for chunk in _chunks(links, INSERT_CHUNK):
        placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
        cursor.execute(
            f"INSERT INTO {link_table} ({columns}) VALUES {placeholders}",  # noqa: S608
            [value for link in chunk for value in link],
        )


def lock_chain(connection: Any, cursor: Any, link_table: str) -> None:
    """Makes this transaction the only one that may add links until it ends."""
    if connection.vendor == "postgresql":
        # Deferred foreign-key checks first, so that once the lock is held COMMIT has nothing
        # left that could wait on a transaction queueing for the lock.
        cursor.execute(f"SET CONSTRAINTS ALL IMMEDIATE; SELECT pg_advisory_xact_lock({LOCK_KEY})")
    elif connection.vendor == "sqlite":
        # A statement that writes nothing still takes SQLite's write lock, so the head read next
        # cannot move before this transaction commits, even in a deferred transaction.
        cursor.execute(f"UPDATE {link_table} SET id = id WHERE 0")  # noqa: S608
    else:
        raise ImproperlyConfigured(f"the audit chain does not support {connection.vendor}")


def append(
    connection: Any,
    tables: Mapping[str, type[models.Model]],
    link_model: type[models.Model],
    keys: list[Key],
) -> int:
    """Links the given rows, in order, after the head of the chain. The caller is inside the
    transaction that will commit them. Rows that no longer exist (rolled back to a savepoint)
    are skipped. Returns how many links were written."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return 0
    key = chain_key()
    link_table = connection.ops.quote_name(link_model._meta.db_table)
    # The rows are this transaction's own and cannot change, so they are read and digested
    # before the chain is locked: the lock covers only the head, the hashes and one INSERT.
    stored = stored_values(connection, tables, keys)
    digests = [
        (table, row_id, row_digest(canonical(table, stored[(table, row_id)]), key))
        for table, row_id in keys
        if (table, row_id) in stored
    ]
    if not digests:
        return 0
    with connection.cursor() as cursor:
        lock_chain(connection, cursor, link_table)
        head = _head(cursor, link_table)
        links = []
        for table, row_id, digest in digests:
            sealed = link_hash(head, table, row_id, digest, key)
            links.append((table, row_id, digest, head, sealed))
            head = sealed
        _insert_links(cursor, link_table, connection.ops.quote_name, links)
    return len(links)


def link_pending(connection: Any) -> int:
    """Called by the database backend just before it commits: links the audit rows this
    transaction wrote."""
    from .models import AuditLink

    return append(connection, chained_models(), AuditLink, connection.audit_unlinked)
