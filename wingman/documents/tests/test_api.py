"""The documents API: a multipart upload, a repeated upload with the same key, the download's
headers, and removal."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient

from wingman.accounts.choices import Role
from wingman.api.services import api_token_issue
from wingman.core.once import KEY_REUSED_WITH_ANOTHER_BODY
from wingman.documents.models import Document
from wingman.documents.samples import one_page_pdf, tiny_png

PDF = one_page_pdf(["To the court"])


def headers_for(user, **extra):
    _token, key = api_token_issue(actor=None, user=user, name="Integration")
    return {"Authorization": f"Bearer {key}", **extra}


def send(http, headers, client_id, **fields):
    return http.post(
        f"/api/v1/clients/{client_id}/documents",
        {"kind": "identification", "title": "Passport scan", **fields},
        headers=headers,
    )


def test_a_multipart_upload_with_an_idempotency_key_keeps_one_document(world):
    http = HttpClient()
    own = world["clients"]["own"]
    headers = headers_for(world["users"][Role.CASEWORKER], **{"Idempotency-Key": str(uuid.uuid4())})
    first = send(http, headers, own.pk, file=SimpleUploadedFile("id.png", tiny_png()))
    assert first.status_code == 201, first.content
    assert first.json()["content_type"] == "image/png"
    again = send(http, headers, own.pk, file=SimpleUploadedFile("id.png", tiny_png()))
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    other = send(http, headers, own.pk, file=SimpleUploadedFile("id.png", tiny_png(4, 4)))
    assert other.status_code == 422
    assert other.json()["detail"] == KEY_REUSED_WITH_ANOTHER_BODY
    assert other.json()["field"] == "Idempotency-Key"
    assert Document.objects.count() == 1


def test_an_upload_that_is_not_what_its_name_says_answers_422_on_the_file(world):
    http = HttpClient()
    own = world["clients"]["own"]
    headers = headers_for(world["users"][Role.CASEWORKER])
    response = send(http, headers, own.pk, file=SimpleUploadedFile("id.png", PDF))
    assert response.status_code == 422
    assert response.json()["field"] == "file"


def test_the_download_is_an_attachment_and_a_removed_document_answers_404(world):
    http = HttpClient()
    own = world["clients"]["own"]
    headers = headers_for(world["users"][Role.CASEWORKER])
    made = send(http, headers, own.pk, file=SimpleUploadedFile("letter.pdf", PDF)).json()
    response = http.get(f"/api/v1/documents/{made['id']}/file", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="letter.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    removed = http.post(
        f"/api/v1/documents/{made['id']}/remove",
        {"reason": "Not needed"},
        content_type="application/json",
        headers=headers,
    )
    assert removed.status_code == 200
    assert removed.json()["removed_at"]
    assert http.get(f"/api/v1/documents/{made['id']}/file", headers=headers).status_code == 404
