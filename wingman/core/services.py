"""Saving edits without losing anyone's work: a save based on an older version is refused."""

from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from wingman.audit.models import AuditEvent
from wingman.audit.services import diff, record_change, snapshot

from .access import client_id_of
from .errors import EditConflict

M = TypeVar("M", bound=models.Model)

CONFLICT_MESSAGE = (
    "Someone else saved this record after you opened it. Nothing you entered has been saved yet: "
    "compare the two versions below, then save again."
)


def versioned_update(
    *, actor: Any, obj: M, changes: dict[str, Any], expected_version: int, summary: str = ""
) -> M:
    """Apply `changes` if the record is still at `expected_version`; audit old and new values."""
    model = type(obj)
    with transaction.atomic():
        # Locked on PostgreSQL; on SQLite the transaction began with the write lock (IMMEDIATE).
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        if current.version != expected_version:  # type: ignore[attr-defined]
            raise EditConflict(CONFLICT_MESSAGE, current=current, submitted=changes)
        before = snapshot(current, changes.keys())
        # The version is checked again by the UPDATE itself, so that no locking mode can let
        # two saves from one version both through.
        saved = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
        if saved != 1:
            current = model._default_manager.get(pk=obj.pk)
            raise EditConflict(CONFLICT_MESSAGE, current=current, submitted=changes)
        obj.refresh_from_db()
        after = snapshot(obj, changes.keys())
        record_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=obj,
            client_id=client_id_of(obj),
            changes=diff(before, after),
            summary=summary,
        )
    return obj


def audited_create(*, actor: Any, obj: M, summary: str = "") -> M:
    """Save a new record and its audit row together."""
    with transaction.atomic():
        obj.save()
        record_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=obj,
            client_id=client_id_of(obj),
            changes={k: [None, v] for k, v in snapshot(obj).items() if v not in (None, "", [])},
            summary=summary,
        )
    return obj
