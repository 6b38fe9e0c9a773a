"""The audit trail: AuditEvent for every change, AccessEvent for every read and every denial.
Both are append-only: the models refuse updates and deletes, and database triggers (see the
migrations) refuse them too. Each row is sealed into a hash chain (AuditLink) when its
transaction commits: see `chain.py` and `docs/adr/0010-audit-hash-chain-at-commit.md`."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("audit rows cannot be changed")

    def delete(self):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("audit rows cannot be removed")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("audit rows cannot be removed")


def _awaiting_link(using: str, rows: Iterable[models.Model]) -> None:
    """Notes rows this transaction wrote, for the database backend to link when it commits."""
    pending = getattr(connections[using], "audit_unlinked", None)
    if pending is None:
        raise ImproperlyConfigured(
            "Audit rows can only be written through Wingman's database backends "
            "(wingman.audit.db.sqlite3 or wingman.audit.db.postgresql), which seal them into "
            "the audit chain when the transaction commits."
        )
    for row in rows:
        if row.pk is None:
            raise AppendOnlyError("an audit row was written without learning its id")
        pending.append((row._meta.db_table, row.pk))


class ChainedQuerySet(AppendOnlyQuerySet):
    def bulk_create(  # type: ignore[override]
        self, objs: Iterable[Any], batch_size: int | None = None, **kwargs: Any
    ) -> list[Any]:
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise AppendOnlyError("audit rows cannot be skipped or overwritten on conflict")
        # Always inside a transaction, so that the commit links the rows into the chain.
        with transaction.atomic(using=self.db, savepoint=False):
            made = super().bulk_create(objs, batch_size=batch_size, **kwargs)
            _awaiting_link(self.db, made)
        return made


class ChainedModel(AppendOnlyModel):
    """An append-only row that is linked into the audit chain when its transaction commits."""

    objects = ChainedQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            super().save(*args, **kwargs)
            _awaiting_link(using, [self])


class AuditEvent(ChainedModel):
    """One change to a record: who, when, from where, what, and the old and new values."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Removed")
        TRANSITION = "transition", _("Moved on")
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_OUT = "sign_out", _("Signed out")
        SECURITY = "security", _("Security")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=64)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    client_id = models.BigIntegerField(_("client"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    changes = models.JSONField(_("old and new values"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    path = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client_id", "at"], name="audit_client_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}"


class AccessEvent(ChainedModel):
    """One read of a client's record (or of a list showing it), or one refused attempt."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Viewed")
        LIST = "list", _("Seen in a list")
        EXPORT = "export", _("Exported")
        DENIED = "denied", _("Refused")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    object_type = models.CharField(_("record type"), max_length=64)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    client_id = models.BigIntegerField(_("client"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    path = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client_id", "at"], name="access_client_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.kind} {self.object_type}"


class AuditLink(AppendOnlyModel):
    """One link of the chain that seals the audit trail: which row, the digest of the row as it
    was stored, the hash of the link before, and this link's hash over all of them (both keyed
    with WINGMAN_AUDIT_CHAIN_KEY). Written only by the database backend at commit."""

    row_table = models.CharField(max_length=64)
    row_id = models.BigIntegerField()
    digest = models.CharField(max_length=64)
    previous = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64)  # no index: each one costs every commit

    class Meta:
        verbose_name = _("audit chain link")
        verbose_name_plural = _("audit chain links")
        constraints = [
            models.UniqueConstraint(fields=["row_table", "row_id"], name="audit_link_one_per_row")
        ]

    def __str__(self) -> str:
        return f"link {self.pk}: {self.row_table} {self.row_id}"
