"""Saving edits without losing anyone's work: a save based on an older version is refused."""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from wingman.accounts import permissions
from wingman.audit.models import AuditEvent
from wingman.audit.services import diff, record_change, snapshot

from .access import client_id_of
from .errors import EditConflict, NotAllowed

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
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        if current.version != expected_version:  # type: ignore[attr-defined]
            raise EditConflict(CONFLICT_MESSAGE, current=current, submitted=changes)
        before = snapshot(current, changes.keys())
        model._default_manager.filter(pk=obj.pk).update(
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
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


def _reference_snapshot(obj: models.Model, m2m: list[str]) -> dict[str, Any]:
    values = snapshot(obj)
    for name in m2m:
        values[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return values


def reference_save(
    *, actor: Any, obj: M, m2m: dict[str, Iterable[models.Model]] | None = None
) -> M:
    """Save reference data changed in the back office (organisations, boroughs, teams, funding
    streams) with its many-to-many fields, and record the old and new values together."""
    if not permissions.runs_back_office(actor):
        raise NotAllowed("Only administrators change boroughs, teams and funding streams.")
    model = type(obj)
    names = sorted(m2m or {})
    with transaction.atomic():
        adding = obj._state.adding or obj.pk is None
        before = (
            {}
            if adding
            else _reference_snapshot(
                model._default_manager.select_for_update().get(pk=obj.pk), names
            )
        )
        obj.save()
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        after = _reference_snapshot(obj, names)
        changes = diff(before, after)
        if adding or changes:
            label = model._meta.verbose_name
            record_change(
                actor=actor,
                action=AuditEvent.Action.CREATE if adding else AuditEvent.Action.UPDATE,
                obj=obj,
                client_id=None,
                changes=changes,
                summary=f"{'Added' if adding else 'Changed'} {label} {obj}",
            )
    return obj


def reference_delete(*, actor: Any, obj: models.Model) -> None:
    """Remove reference data in the back office, keeping its last values in the audit trail."""
    if not permissions.runs_back_office(actor):
        raise NotAllowed("Only administrators change boroughs, teams and funding streams.")
    names = [f.name for f in obj._meta.many_to_many]
    with transaction.atomic():
        before = _reference_snapshot(obj, names)
        record_change(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=obj,
            client_id=None,
            changes={k: [v, None] for k, v in before.items()},
            summary=f"Removed {obj._meta.verbose_name} {obj}",
        )
        obj.delete()
