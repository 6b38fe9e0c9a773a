"""What other pages show of documents."""

from typing import Any

from django.db.models import Count, Q

from .models import Document

LIST_LIMIT = 200


def documents_of(viewer: Any, client: Any) -> list[Document]:
    """A client's documents, newest first, removed ones included (they say so)."""
    return list(
        Document.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("uploaded_by", "removed_by")[:LIST_LIMIT]
    )


def for_client_record(viewer: Any, client: Any) -> dict[str, Any]:
    """What the client record shows of this app, for `viewer` (who may see `client`): how many
    documents there are and the newest few. Two queries whatever the data."""
    mine = Document.objects.visible_to(viewer).filter(client=client)
    counts = mine.aggregate(present=Count("pk", filter=Q(removed_at__isnull=True)))
    latest = list(mine.present().order_by("-uploaded_at", "-id")[:3])
    return {"count": counts["present"], "latest": latest}
