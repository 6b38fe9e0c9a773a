"""What the pages read of risk flags: a client's flags, the banner on every page of the client's
record, the flags waiting for their owner's review, and the people a flag may be given to."""

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from wingman.accounts.models import User
from wingman.accounts.permissions import FLAG_ROLES
from wingman.accounts.scope import organisation_of

from ..choices import Category
from ..models import Concern, RiskFlag
from .rota import on_call_for

HOME_LIMIT = 50


def flags_of(viewer: Any, client: Any) -> dict[str, list[RiskFlag]]:
    """A client's flags, current and removed, with whether the viewer may open each one's
    concern (`concern_readable`)."""
    flags = list(
        _readable(viewer, RiskFlag.objects.visible_to(viewer).filter(client=client))
        .select_related("owner", "set_by", "removed_by")
        .order_by("-created_at", "-id")
    )
    return {
        "current": [f for f in flags if f.removed_at is None],
        "removed": [f for f in flags if f.removed_at is not None],
    }


def _readable(viewer: Any, flags: Any) -> Any:
    readable = Concern.objects.visible_to(viewer).filter(pk=OuterRef("concern_id"))
    return flags.annotate(concern_readable=Exists(readable))


def banner_for(viewer: Any, client: Any) -> list[RiskFlag]:
    """The client's current flags for the banner, each with `concern_readable`: one query."""
    return list(
        _readable(viewer, RiskFlag.objects.visible_to(viewer).current().filter(client=client))
        .only("pk", "client_id", "kind", "detail", "concern_id", "created_at")
        .order_by("created_at", "id")
    )


def concerns_to_flag(viewer: Any, client: Any) -> Any:
    """The client's concerns the viewer may read and a flag may point to: never an allegation
    against a member of staff (the flag is seen by everyone who sees the client)."""
    return (
        Concern.objects.visible_to(viewer)
        .filter(client=client)
        .exclude(category=Category.STAFF_ALLEGATION)
        .order_by("-happened_on", "-id")
    )


def flag_owners(viewer: Any) -> Any:
    """Who may review a flag: the viewer's organisation's staff who set risk flags."""
    organisation = organisation_of(viewer)
    if organisation is None:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, role__in=FLAG_ROLES)
        .filter(Q(organisation_id=organisation) | Q(team__borough__organisation_id=organisation))
        .order_by("first_name", "last_name", "pk")
    )


def flags_to_review(viewer: Any, today: date) -> Any:
    """The current flags the viewer owns whose review date has come, of clients they see."""
    return (
        RiskFlag.objects.visible_to(viewer)
        .review_due(today)
        .filter(owner_id=viewer.pk)
        .select_related("client")
        .order_by("review_on", "id")
    )


def for_home(viewer: Any, *, today: date) -> dict[str, Any]:
    """Who is on call now, and the flags waiting for the viewer's review (and the clients they
    show, under "client_ids")."""
    due = list(flags_to_review(viewer, today)[:HOME_LIMIT])
    return {
        "on_call": on_call_for(viewer, timezone.now()),
        "flags_to_review": due,
        "client_ids": [f.client_id for f in due],
    }
