"""The demo service's documents: a handful of small files made on the spot and kept through the
documents' own storage, as uploads are (a random name, never the file's own). Tuesday's client
has his course place letter and an ID scan; a few clients near the end of their journey have a
course certificate. The Friday character reference letter is court support's (`court.py`)."""

import random
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile

from wingman.casework.choices import Stage
from wingman.casework.models import Journey, PartnerReferral
from wingman.core.dates import when
from wingman.documents.choices import DocumentKind, FileType
from wingman.documents.models import Document
from wingman.documents.samples import one_page_pdf, tiny_png

K = 11
CERTIFICATES = 3
COURSES = [
    "Level 1 Award in Health and Safety in a Construction Environment",
    "Food Safety and Hygiene, Level 2",
    "Forklift truck operation: novice course",
    "Functional Skills English, Entry Level 3",
    "Security Industry Authority door supervisor training",
]


def save_document(
    *,
    client: Any,
    kind: str,
    title: str,
    name: str,
    content: bytes,
    content_type: str,
    by: Any,
    at: Any,
) -> Document:
    """A document kept as an upload is: the file through the storage API under a random name."""
    document = Document(
        client=client,
        kind=kind,
        title=title,
        original_name=name,
        content_type=content_type,
        size=len(content),
        uploaded_by=by,
        uploaded_at=at,
    )
    document.file.save(name, ContentFile(content), save=False)
    return document


def add(builder: Any) -> None:
    """Add this app's records to the demo service, once its clients and journeys are written."""
    rng = random.Random(builder.seed * 1000 + K)
    today = builder.today
    documents: list[Document] = []
    course = (
        PartnerReferral.objects.filter(partner_name__startswith="Construction skills card")
        .select_related("client", "client__caseworker", "created_by")
        .order_by("id")
        .first()
    )
    if course is not None:
        client, by = course.client, course.client.caseworker or course.created_by
        name = client.display_name
        documents.append(
            save_document(
                client=client,
                kind=DocumentKind.LETTER,
                title="CSCS course: place confirmed",
                name="cscs-course-place.pdf",
                content=one_page_pdf(
                    [
                        "South London Construction Training",
                        f"Dear {name},",
                        "We are pleased to confirm your place on the CSCS card course,",
                        f"starting {when(today + timedelta(days=4), year=True)} at 9:30.",
                        "Please bring photo identification on the first day.",
                    ]
                ),
                content_type=FileType.PDF,
                by=by,
                at=builder.at(today - timedelta(days=5), 11),
            )
        )
        documents.append(
            save_document(
                client=client,
                kind=DocumentKind.IDENTIFICATION,
                title="Birth certificate (scan, for his benefits claim)",
                name="birth-certificate.png",
                content=tiny_png(24, 16, (222, 214, 190)),
                content_type=FileType.PNG,
                by=by,
                at=builder.at(today, 9),
            )
        )
    finishing = list(
        Journey.objects.filter(stage=Stage.SUSTAINMENT)
        .select_related("client", "client__caseworker")
        .exclude(client__caseworker__isnull=True)
        .order_by("id")[:200]
    )
    for journey in rng.sample(finishing, min(CERTIFICATES, len(finishing))):
        client, title = journey.client, rng.choice(COURSES)
        passed = max(journey.stage_since, today - timedelta(days=rng.randint(5, 60)))
        documents.append(
            save_document(
                client=client,
                kind=DocumentKind.CERTIFICATE,
                title=f"Certificate: {title}",
                name="certificate.pdf",
                content=one_page_pdf(
                    [
                        "Certificate of achievement",
                        f"This is to certify that {client.display_name}",
                        f"has completed: {title}",
                        f"on {when(passed, year=True)}.",
                    ]
                ),
                content_type=FileType.PDF,
                by=client.caseworker,
                at=builder.at(passed, 15),
            )
        )
    Document.objects.bulk_create(documents, batch_size=2000)
