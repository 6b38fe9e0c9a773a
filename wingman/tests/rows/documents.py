"""The permission matrix's rows for documents pages."""

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wingman.documents.choices import DocumentKind, FileType
from wingman.documents.models import Document
from wingman.documents.samples import one_page_pdf
from wingman.tests.rows import Row, by_client_pk, form_token

PDF = one_page_pdf(["A character reference"])


def documents_page(c: Any) -> str:
    return reverse("documents:list", args=[c.pk])


def by_document(c: Any) -> dict[str, Any]:
    return {"pk": c.document.pk}


ROWS: dict[tuple[str, str], Row] = {
    ("documents:list", "get"): Row("get", "read clients", by_client_pk),
    ("documents:new", "get"): Row("get", "record casework", by_client_pk),
    ("documents:new", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {
            "file": SimpleUploadedFile("reference.pdf", PDF, content_type="application/pdf"),
            "kind": "character_reference",
            "title": "Character reference",
            **form_token(),
        },
        documents_page,
    ),
    ("documents:download", "get"): Row("get", "read clients", by_document),
    ("documents:remove", "get"): Row("get", "record casework", by_document),
    ("documents:remove", "post"): Row(
        "post",
        "record casework",
        by_document,
        lambda c, u: {"reason": "Uploaded to the wrong record"},
        documents_page,
    ),
}


def make_document(client: Any, author: Any) -> Document:
    """A PDF on the client's record, stored as an upload would be."""
    document = Document(
        client=client,
        kind=DocumentKind.CHARACTER_REFERENCE,
        title="Character reference",
        original_name="reference.pdf",
        content_type=FileType.PDF,
        size=len(PDF),
        uploaded_by=author,
    )
    document.file.save("reference.pdf", ContentFile(PDF), save=True)
    return document


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need."""
    client.document = make_document(client, author)
