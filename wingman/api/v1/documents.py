"""Files kept on a client's record (a character reference, an ID scan, a course certificate): stored
outside the database through Django's storage API, served only to people who may see the client."""

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from wingman.accounts import permissions
from wingman.documents.choices import DocumentKind
from wingman.documents.formats import ALLOWED_WORDS, MAX_WORDS
from wingman.documents.models import Document
from wingman.documents.services import LABELS, digest_of, document_remove, document_upload
from wingman.documents.views import file_response
from wingman.people.models import Client

from ..auth import READS_CLIENTS, RECORDS_CASEWORK, actor_of, requires
from ..records import IdempotencyKey, get_record, idempotency, page_of
from ..schemas import READ_ERRORS, WRITE_ERRORS, Id, InputSchema, Limit, PageQuery

router = Router(tags=["Documents"])

Title = Annotated[str, Limit(Document, "title", label=LABELS["title"])]
Reason = Annotated[str, Limit(Document, "removal_reason", label=LABELS["removal_reason"])]
FILE_TYPES = (
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/msword",
)


class DocumentOut(Schema):
    id: int
    client_id: int
    kind: str
    title: str
    original_name: str
    content_type: str
    size: int
    uploaded_by_id: int
    uploaded_at: datetime
    removed_at: datetime | None
    removed_by_id: int | None
    removal_reason: str


class DocumentPage(Schema):
    count: int
    items: list[DocumentOut]


class UploadSent(InputSchema):
    """What an upload is recognised by when it is sent again: its fields and its content."""

    kind: str
    title: str
    sha256: str


def document_data(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "client_id": document.client_id,
        "kind": document.kind,
        "title": document.title,
        "original_name": document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "uploaded_by_id": document.uploaded_by_id,
        "uploaded_at": document.uploaded_at,
        "removed_at": document.removed_at,
        "removed_by_id": document.removed_by_id,
        "removal_reason": document.removal_reason,
    }


@router.get(
    "/clients/{client_id}/documents",
    response={200: DocumentPage, **READ_ERRORS},
    operation_id="list_documents",
    summary="A client's documents, newest first (removed ones say so)",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_documents(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    client = get_record(request, Client, client_id)
    qs = Document.objects.visible_to(actor_of(request)).filter(client=client)
    count, documents = page_of(request, qs, query)
    return {"count": count, "items": [document_data(d) for d in documents]}


@router.post(
    "/clients/{client_id}/documents",
    response={201: DocumentOut, 200: DocumentOut, **WRITE_ERRORS},
    operation_id="upload_document",
    summary="Upload a file to a client's record (multipart/form-data)",
    description=(
        f"Send `file` ({ALLOWED_WORDS}, smaller than {MAX_WORDS}: the content decides, and the "
        "file's name must agree), `kind` and `title` as multipart/form-data. Answers 201 with "
        "the new document, or 200 with the one made earlier when the same Idempotency-Key was "
        "sent before with the same fields and file."
    ),
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def upload_document(
    request: HttpRequest,
    client_id: Id,
    file: UploadedFile | None = File(None, description="The file"),  # noqa: B008
    kind: DocumentKind | None = Form(None),  # noqa: B008
    title: Title = Form(""),  # noqa: B008
    idempotency_key: IdempotencyKey = None,
) -> Any:
    user = actor_of(request)
    client = get_record(request, Client, client_id, audit=False)
    sent = UploadSent(
        kind=str(kind or ""), title=title, sha256=digest_of(file) if file is not None else ""
    )
    token, fingerprint = idempotency(request, idempotency_key, Document, client, sent)
    document, created = document_upload(
        actor=user,
        client=client,
        upload=file,
        kind=str(kind or ""),
        title=title,
        token=token,
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, document_data(document))


@router.get(
    "/documents/{document_id}/file",
    response={**READ_ERRORS},
    operation_id="download_document",
    summary="Download a document's file (an attachment; a read of the client's record)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, as an attachment of its own type",
                "content": {
                    t: {"schema": {"type": "string", "format": "binary"}} for t in FILE_TYPES
                },
            }
        }
    },
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def download_document(request: HttpRequest, document_id: Id) -> Any:
    return file_response(get_record(request, Document, document_id))


class RemoveIn(InputSchema):
    reason: Reason = ""


@router.post(
    "/documents/{document_id}/remove",
    response={200: DocumentOut, **WRITE_ERRORS},
    operation_id="remove_document",
    summary="Remove a document: its record stays, marked removed; its file is deleted",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def remove_document(request: HttpRequest, document_id: Id, payload: RemoveIn) -> Any:
    document = get_record(request, Document, document_id, audit=False)
    return document_data(
        document_remove(actor=actor_of(request), document=document, reason=payload.reason)
    )
