from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    CHARACTER_REFERENCE = "character_reference", _("Character reference")
    IDENTIFICATION = "identification", _("Identification")
    CERTIFICATE = "certificate", _("Course or training certificate")
    LETTER = "letter", _("Letter")
    OTHER = "other", _("Other")


class FileType(models.TextChoices):
    """The kinds of file a document may be, told apart by their content (see `formats.py`)."""

    PDF = "application/pdf", _("PDF")
    JPEG = "image/jpeg", _("JPEG image")
    PNG = "image/png", _("PNG image")
    DOCX = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _("Word document"),
    )
    DOC = "application/msword", _("Word 97-2003 document")
