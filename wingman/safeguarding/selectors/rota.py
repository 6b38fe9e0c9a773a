"""Who is on call: shown to everyone on duty, and told of a crisis call's concern."""

from datetime import datetime
from typing import Any

from django.db.models import Q

from wingman.accounts.choices import Role
from wingman.accounts.models import Team, User
from wingman.accounts.scope import SAFEGUARDING_READERS, organisation_of

from ..models import OnCallShift, OnCallShiftQuerySet


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


def on_call_candidates(viewer: Any) -> Any:
    """Who may be put on call: the organisation's caseworkers, team leads, managers and
    safeguarding leads."""
    organisation = organisation_of(viewer)
    if organisation is None:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, role__in=SAFEGUARDING_READERS)
        .filter(Q(organisation_id=organisation) | Q(team__borough__organisation_id=organisation))
        .select_related("team")
        .order_by("first_name", "last_name", "pk")
    )


def rota_teams(viewer: Any) -> Any:
    """The teams whose rota the viewer keeps: a team lead their own; a manager their borough's;
    the safeguarding lead every team of the organisation."""
    if viewer.role == Role.SENIOR_CASEWORKER:
        return Team.objects.filter(pk=viewer.team_id) if viewer.team_id else Team.objects.none()
    if viewer.role == Role.MANAGER:
        borough = getattr(viewer, "borough_id", None)
        return Team.objects.filter(borough_id=borough) if borough else Team.objects.none()
    organisation = organisation_of(viewer)
    if organisation is None:
        return Team.objects.none()
    return Team.objects.filter(borough__organisation_id=organisation)


class KeptShifts(OnCallShiftQuerySet):
    """Shifts as a rota keeper may load them to change: those of the teams they keep, and, for
    those who keep the whole organisation's, shifts for no team."""

    def visible_to(self, user: Any) -> "KeptShifts":
        whole = Q(team__isnull=True) if user.role != Role.SENIOR_CASEWORKER else Q(pk__in=[])
        return self.of_organisation(organisation_of(user)).filter(  # type: ignore[return-value]
            whole | Q(team__in=rota_teams(user))
        )


def kept_shifts() -> KeptShifts:
    return KeptShifts(model=OnCallShift).select_related("person", "team")
