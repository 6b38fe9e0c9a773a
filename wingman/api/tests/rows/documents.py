"""The API permission matrix's rows for documents.

The matrix sends JSON bodies, so its upload row sends no file: roles and scope are refused (403,
404) before the file is looked at, and a role that may upload is then told to choose a file
(422). Uploading itself is tested in `wingman/documents/tests/test_api.py`."""

from typing import Any

from wingman.api.tests.rows import Row
from wingman.tests.rows.documents import make_document

ROWS: dict[str, Row] = {
    "list_documents": (
        "get",
        lambda c: f"/clients/{c.pk}/documents",
        None,
        "read clients",
        200,
    ),
    "upload_document": (
        "post",
        lambda c: f"/clients/{c.pk}/documents",
        None,
        "record casework",
        422,
    ),
    "download_document": (
        "get",
        lambda c: f"/documents/{c.document.pk}/file",
        None,
        "read clients",
        200,
    ),
    "remove_document": (
        "post",
        lambda c: f"/documents/{c.document.pk}/remove",
        lambda c: {"reason": "Uploaded to the wrong record"},
        "record casework",
        200,
    ),
}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need."""
    client.document = make_document(client, author)
