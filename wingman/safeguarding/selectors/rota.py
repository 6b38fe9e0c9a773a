"""Who is on call: shown to everyone on duty, and told of a crisis call's concern."""

from datetime import datetime
from typing import Any

from django.db.models import Q

from wingman.accounts.scope import organisation_of

from ..models import OnCallShift


def on_call_at(moment: datetime, *, organisation_id: int | None, team_id: int | None) -> list[Any]:
    """The shifts on at `moment` for a team (its own first) and for the whole organisation."""
    shifts = (
        OnCallShift.objects.of_organisation(organisation_id)
        .on_at(moment)
        .filter(Q(team__isnull=True) | Q(team_id=team_id))
        .select_related("person", "team")
    )
    return sorted(shifts, key=lambda s: (s.team_id is None, s.starts_at, s.pk))


def on_call_for(viewer: Any, moment: datetime) -> list[Any]:
    """Who is on call now for the viewer's team and organisation."""
    return on_call_at(
        moment, organisation_id=organisation_of(viewer), team_id=getattr(viewer, "team_id", None)
    )


def rota_of(viewer: Any, since: datetime) -> Any:
    """The organisation's rota from `since` on (shifts not yet over)."""
    return (
        OnCallShift.objects.of_organisation(organisation_of(viewer))
        .filter(ends_at__gt=since)
        .select_related("person", "team", "team__borough")
        .order_by("starts_at", "pk")
    )
