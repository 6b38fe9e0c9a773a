"""Uploading and removing documents. The file goes to the documents' own storage under a random
name; what it is comes from its content, not its name. Removing keeps the record (as removed,
with who, when and why) and deletes the file once the removal is committed, so the audit trail
still says what was there and the file itself is gone."""

import hashlib
import os
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_change
from wingman.core.errors import NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.validation import check_lengths
from wingman.people.models import Client

from .choices import DocumentKind
from .formats import ALLOWED_WORDS, EXTENSIONS, MAX_BYTES, MAX_WORDS, extension_of, sniff
from .models import Document

LABELS = {"title": "Title", "removal_reason": "Why it is being removed"}
NO_FILE = "Choose a file to upload"
WRONG_TYPE = f"The file must be {ALLOWED_WORDS}"
TOO_BIG = f"The file must be smaller than {MAX_WORDS}"
EMPTY = "The selected file is empty"


def _require_casework(actor: User) -> None:
    if not permissions.records_casework(actor):
        raise NotAllowed("Your role cannot record casework.")


def file_message(upload: UploadedFile | None) -> str | None:
    """What is wrong with an uploaded file, or None: missing, empty, too big, or not a type we
    take (its content decides; its name must agree)."""
    if upload is None:
        return NO_FILE
    if not upload.size:
        return EMPTY
    if upload.size > MAX_BYTES:
        return TOO_BIG
    found = sniff(upload)  # type: ignore[arg-type]
    if found is None or extension_of(upload.name or "") not in EXTENSIONS[found]:
        return WRONG_TYPE
    return None


def check_file(upload: UploadedFile | None) -> str:
    """The type of a file that may be uploaded; a ServiceError on the `file` field otherwise."""
    message = file_message(upload)
    if message:
        raise ServiceError(message, field="file")
    assert upload is not None
    found = sniff(upload)  # type: ignore[arg-type]
    assert found is not None
    return found


def digest_of(upload: UploadedFile) -> str:
    """The SHA-256 of a file's content: what a repeated upload is recognised by."""
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def _clean_name(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/")).strip()
    try:
        cleaned = get_valid_filename(base)
    except SuspiciousFileOperation:  # a name made only of symbols
        cleaned = "document"
    stem, ext = os.path.splitext(cleaned)
    return f"{stem[: 150 - len(ext) - 1]}{ext.lower()}"


def _check_details(kind: str, title: str) -> None:
    if kind not in DocumentKind.values:
        raise ServiceError("Choose the kind of document", field="kind")
    if not title.strip():
        raise ServiceError("Enter a title for the document", field="title")
    check_lengths(Document, {"title": title.strip()}, labels=LABELS)


def document_upload(
    *,
    actor: User,
    client: Client,
    upload: UploadedFile | None,
    kind: str,
    title: str,
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Document, bool]:
    """Keep a file on a client's record. A form sent twice keeps one document."""
    _require_casework(actor)
    _check_details(kind, title)
    content_type = check_file(upload)
    assert upload is not None

    def create() -> Document:
        document = Document(
            client=client,
            kind=kind,
            title=title.strip(),
            original_name=_clean_name(upload.name or "document"),
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )
        upload.seek(0)
        document.file.save(upload.name or "document", upload, save=False)
        try:
            with transaction.atomic():
                document.save()
                record_change(
                    actor=actor,
                    action=AuditEvent.Action.CREATE,
                    obj=document,
                    client_id=client.pk,
                    changes=_described(document),
                    summary=f"Document uploaded: {document.title}"[:255],
                )
        except BaseException:
            document.file.storage.delete(document.file.name or "")
            raise
        return document

    return once(token=token, user=actor, model=Document, create=create, fingerprint=fingerprint)


def _described(document: Document) -> dict[str, Any]:
    return {
        "kind": [None, document.kind],
        "title": [None, document.title],
        "original_name": [None, document.original_name],
        "content_type": [None, document.content_type],
        "size": [None, document.size],
        "file": [None, document.file.name],
    }


def document_remove(*, actor: User, document: Document, reason: str = "") -> Document:
    """Remove a document: its record stays, marked removed with who, when and why; its file is
    deleted from storage once the removal is saved."""
    _require_casework(actor)
    check_lengths(Document, {"removal_reason": reason.strip()}, labels=LABELS)
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.removed_at is not None:
            raise ServiceError("This document has already been removed")
        name = current.file.name
        now = timezone.now()
        Document.objects.filter(pk=document.pk).update(
            removed_at=now, removed_by=actor, removal_reason=reason.strip(), file=""
        )
        document.refresh_from_db()
        record_change(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=document,
            client_id=document.client_id,
            changes={
                "removed_at": [None, now.isoformat()],
                "removal_reason": ["", document.removal_reason],
                "file": [name, ""],
            },
            summary=f"Document removed: {document.title}"[:255],
        )
        storage = document.file.storage
        if name:
            transaction.on_commit(lambda: storage.delete(name))
    return document
