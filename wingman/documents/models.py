"""Documents kept on a client's record: the file on disk through Django's storage API, the record
of it (who uploaded what, when, and whether it has been removed) in the database."""

import secrets

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wingman.accounts.scope import ScopedQuerySet
from wingman.people.models import Client

from .choices import DocumentKind, FileType
from .formats import EXTENSIONS


def document_storage() -> Storage:
    """The documents' own storage (`STORAGES["documents"]`): never served by a URL of its own."""
    return storages["documents"]


def stored_name(document: "Document", uploaded_name: str) -> str:
    """A random name on disk, never the uploaded one: two hex characters of directory, then 32
    more, then the extension of the type the content was found to be."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}{EXTENSIONS[document.content_type][0]}"


class DocumentQuerySet(ScopedQuerySet):
    def present(self) -> "DocumentQuerySet":
        return self.filter(removed_at__isnull=True)


class Document(models.Model):
    """A file on a client's record: a character reference, an ID scan, a course certificate. A
    removed document keeps its record (what it was, who uploaded and who removed it); its file
    is deleted."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=24, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), storage=document_storage, upload_to=stored_name, max_length=100, blank=True
    )
    original_name = models.CharField(_("name of the uploaded file"), max_length=150)
    content_type = models.CharField(_("type of file"), max_length=80, choices=FileType.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    removal_reason = models.CharField(_("why it was removed"), max_length=255, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["client", "removed_at"], name="document_client")]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def size_words(self) -> str:
        """The size as people read it: 820 KB, 2.4 MB."""
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"
