"""What other pages show of court support."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q

from .choices import HearingStatus
from .models import Hearing

FORTNIGHT = 14
HOME_LIMIT = 50
LIST_LIMIT = 200


def hearings_of(viewer: Any, client: Any) -> list[Hearing]:
    """A client's hearings, the latest date first."""
    return list(
        Hearing.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("reference_letter", "follows")[:LIST_LIMIT]
    )


def court_dates_coming_up(viewer: Any, *, today: date) -> Any:
    """The listed hearings of the clients `viewer` sees, from today to a fortnight ahead."""
    return (
        Hearing.objects.visible_to(viewer)
        .listed()
        .filter(hearing_on__gte=today, hearing_on__lt=today + timedelta(days=FORTNIGHT))
        .select_related("client__caseworker")
        .order_by("hearing_on", "id")
    )


def for_client_record(viewer: Any, client: Any) -> dict[str, Any]:
    """What the client record shows of court support: how many hearings, the next one listed and
    the latest result. Three queries whatever the data."""
    mine = Hearing.objects.visible_to(viewer).filter(client=client)
    counts = mine.aggregate(all=Count("pk"), listed=Count("pk", filter=Q(status="listed")))
    upcoming = mine.listed().order_by("hearing_on", "id").first()
    decided = mine.filter(status=HearingStatus.DECIDED).order_by("-hearing_on", "-id").first()
    return {
        "count": counts["all"],
        "listed": counts["listed"],
        "upcoming": upcoming,
        "decided": decided,
    }


def for_home(viewer: Any, *, today: date) -> dict[str, Any]:
    """The court dates coming up this fortnight for `viewer`'s clients, and the clients shown
    (for the access record) under "client_ids"."""
    hearings = list(court_dates_coming_up(viewer, today=today)[:HOME_LIMIT])
    return {
        "hearings": hearings,
        "days": FORTNIGHT,
        "client_ids": [h.client_id for h in hearings],
    }
