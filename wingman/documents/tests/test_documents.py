"""Documents: what may be uploaded (by content, not by name), where it is kept, who may download
it, and what removing one leaves behind."""

import io
import zipfile

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.core.errors import NotAllowed, ServiceError
from wingman.documents import services
from wingman.documents.choices import DocumentKind, FileType
from wingman.documents.formats import MAX_BYTES
from wingman.documents.models import Document
from wingman.documents.samples import one_page_pdf, tiny_png
from wingman.documents.selectors import for_client_record

PDF = one_page_pdf(["To whom it may concern", "He has changed."])


def pdf(name="reference.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(world, *, file=None, who=Role.CASEWORKER, client="own", **kwargs):
    document, _created = services.document_upload(
        actor=world["users"][who],
        client=world["clients"][client],
        upload=file or pdf(),
        kind=kwargs.get("kind", DocumentKind.CHARACTER_REFERENCE),
        title=kwargs.get("title", "Character reference from his youth worker"),
    )
    return document


def test_an_upload_is_stored_under_a_random_name_with_its_type_found_from_its_content(world):
    document = upload(world, file=pdf("Léon's reference (final).PDF"))
    assert document.content_type == FileType.PDF
    assert document.original_name == "Léons_reference_final.pdf"
    assert "reference" not in document.file.name
    assert document.file.name.endswith(".pdf")
    storage = storages["documents"]
    with storage.open(document.file.name) as stored:
        assert stored.read() == PDF
    assert AuditEvent.objects.filter(
        object_type="documents.document", object_id=str(document.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("id.png", tiny_png(), FileType.PNG),
        ("scan.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, FileType.JPEG),
        ("certificate.docx", docx(), FileType.DOCX),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, FileType.DOC),
    ],
)
def test_images_and_word_documents_are_taken_by_their_signature(world, name, content, kind):
    document = upload(world, file=SimpleUploadedFile(name, content))
    assert document.content_type == kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("reference.pdf", b"MZ\x90\x00 a program renamed", services.WRONG_TYPE),
        ("reference.docx", PDF, services.WRONG_TYPE),
        ("notes.txt", b"plain text", services.WRONG_TYPE),
        ("fake.docx", b"PK\x03\x04 not really a zip", services.WRONG_TYPE),
        ("empty.pdf", b"", services.EMPTY),
        ("huge.pdf", b"%PDF-" + b"0" * MAX_BYTES, services.TOO_BIG),
    ],
)
def test_a_file_that_is_not_what_its_name_says_or_too_big_is_refused(world, name, content, message):
    with pytest.raises(ServiceError) as refused:
        upload(world, file=SimpleUploadedFile(name, content))
    assert refused.value.field == "file"
    assert refused.value.message == message
    assert not Document.objects.exists()


def test_a_role_that_does_not_record_casework_cannot_upload(world):
    with pytest.raises(NotAllowed):
        upload(world, who=Role.DATA_PROTECTION_OFFICER)


def test_removing_keeps_the_record_marked_removed_and_deletes_the_file(
    world, django_capture_on_commit_callbacks
):
    document = upload(world)
    name = document.file.name
    storage = storages["documents"]
    with django_capture_on_commit_callbacks(execute=True):
        services.document_remove(
            actor=world["users"][Role.CASEWORKER], document=document, reason="Wrong client"
        )
    document.refresh_from_db()
    assert document.is_removed and document.removal_reason == "Wrong client"
    assert document.file.name == ""
    assert not storage.exists(name)
    removed = AuditEvent.objects.get(object_id=str(document.pk), action="delete")
    assert removed.changes["file"] == [name, ""]
    with pytest.raises(ServiceError):
        services.document_remove(actor=world["users"][Role.CASEWORKER], document=document)


def test_a_download_is_an_attachment_of_its_own_type_and_an_audited_read(world, client):
    document = upload(world)
    user = world["users"][Role.CASEWORKER]
    sign_in(client, user)
    response = client.get(f"/documents/{document.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert AccessEvent.objects.filter(
        actor=user, kind="view", object_type="documents.document", object_id=str(document.pk)
    ).exists()


def test_a_caseworker_out_of_scope_gets_404_for_a_download_and_the_refusal_is_logged(world, client):
    document = upload(world, who=Role.MANAGER, client="other_team")
    user = world["users"][Role.CASEWORKER]
    sign_in(client, user)
    assert client.get(f"/documents/{document.pk}/download/").status_code == 404
    assert AccessEvent.objects.filter(actor=user, kind="denied").exists()


def test_a_removed_document_cannot_be_downloaded(world, client):
    document = upload(world)
    services.document_remove(actor=world["users"][Role.CASEWORKER], document=document)
    sign_in(client, world["users"][Role.CASEWORKER])
    assert client.get(f"/documents/{document.pk}/download/").status_code == 404
    page = client.get(f"/clients/{document.client_id}/documents/").content.decode()
    assert "Removed" in page and "The file was deleted" in page


def test_the_upload_page_keeps_a_document_and_lists_it(world, client):
    user = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    sign_in(client, user)
    page = client.get(f"/clients/{own.pk}/documents/new/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    token = page.split('name="form_token" value="')[1].split('"')[0]
    data = {"kind": "certificate", "title": "Forklift course", "form_token": token}
    response = client.post(f"/clients/{own.pk}/documents/new/", {**data, "file": pdf("c.pdf")})
    assert response.status_code == 302
    again = client.post(f"/clients/{own.pk}/documents/new/", {**data, "file": pdf("c.pdf")})
    assert again.status_code == 302
    assert Document.objects.filter(client=own).count() == 1
    listing = client.get(f"/clients/{own.pk}/documents/").content.decode()
    assert "Forklift course" in listing


def test_the_upload_page_says_what_is_wrong_with_a_renamed_file(world, client):
    user = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    sign_in(client, user)
    response = client.post(
        f"/clients/{own.pk}/documents/new/",
        {
            "kind": "other",
            "title": "Not a PDF",
            "form_token": "4c0d7c3e-7d1a-4d8e-8a0e-7b1d2a9c1f00",
            "file": SimpleUploadedFile("a.pdf", b"<html>"),
        },
    )
    assert response.status_code == 200
    assert services.WRONG_TYPE in response.content.decode()
    assert not Document.objects.exists()


def test_the_client_record_section_asks_the_same_number_of_queries_however_many_documents(world):
    viewer, own = world["users"][Role.CASEWORKER], world["clients"]["own"]
    upload(world)
    with CaptureQueriesContext(connection) as few:
        for_client_record(viewer, own)
    for n in range(6):
        upload(world, title=f"Certificate {n}")
    with CaptureQueriesContext(connection) as many:
        shown = for_client_record(viewer, own)
    assert len(many) == len(few)
    assert shown["count"] == 7 and len(shown["latest"]) == 3


def test_a_document_whose_file_has_gone_answers_404_and_says_so_in_the_log(world, client, caplog):
    document = upload(world)
    storages["documents"].delete(document.file.name)
    sign_in(client, world["users"][Role.CASEWORKER])
    with caplog.at_level("ERROR", logger="wingman.documents.views"):
        response = client.get(f"/documents/{document.pk}/download/")
    assert response.status_code == 404
    assert f"Document {document.pk} has no file" in caplog.text
