"""Which files a document may be, told by what the file holds rather than by its name: PDF, JPEG,
PNG and Word (.docx, and the older .doc), at most 10 MB. A file's name must end as its content
is: a PDF called `.docx` is refused, and so is a program renamed `.pdf`."""

import zipfile
from typing import IO

from .choices import FileType

MAX_BYTES = 10 * 1024 * 1024
MAX_WORDS = "10 MB"

# Each type: the names it may end with, the extension it is stored under, and its signature.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    FileType.PDF: (".pdf",),
    FileType.JPEG: (".jpg", ".jpeg"),
    FileType.PNG: (".png",),
    FileType.DOCX: (".docx",),
    FileType.DOC: (".doc",),
}
ALLOWED_WORDS = "a PDF, a JPEG or PNG image, or a Word document"
ACCEPT = ",".join(ext for exts in EXTENSIONS.values() for ext in exts)

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"


def _is_docx(stream: IO[bytes]) -> bool:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def sniff(stream: IO[bytes]) -> str | None:
    """The type of file `stream` holds, from its own bytes, or None when it is none we take."""
    stream.seek(0)
    head = stream.read(16)
    found: str | None = None
    if head.startswith(b"%PDF-"):
        found = FileType.PDF
    elif head.startswith(b"\xff\xd8\xff"):
        found = FileType.JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = FileType.PNG
    elif head.startswith(ZIP) and _is_docx(stream):
        found = FileType.DOCX
    elif head.startswith(OLE):
        found = FileType.DOC
    stream.seek(0)
    return found


def extension_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""
