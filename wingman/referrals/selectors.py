"""Reading referrals: who a client may be allocated to, and which teams take new clients."""

from typing import Any

from wingman.accounts.choices import Role
from wingman.accounts.models import Team, User


def allocatable_caseworkers(actor: User) -> Any:
    """Who `actor` may give a client to: active caseworkers and volunteers in their team (a
    senior caseworker) or their borough (a manager)."""
    qs = User.objects.filter(
        is_active=True, role__in=[Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.VOLUNTEER]
    ).select_related("team")
    if actor.role == Role.MANAGER and actor.team is not None:
        return qs.filter(team__borough_id=actor.team.borough_id)
    if actor.team_id:
        return qs.filter(team_id=actor.team_id)
    return qs.none()


def teams_taking_referrals(actor: User) -> Any:
    """The teams `actor` may give a new client to: their own, or (a manager) any in their
    borough."""
    if actor.role == Role.MANAGER and actor.team is not None:
        return Team.objects.filter(borough_id=actor.team.borough_id)
    if actor.team_id is None:
        return Team.objects.none()
    return Team.objects.filter(pk=actor.team_id)
