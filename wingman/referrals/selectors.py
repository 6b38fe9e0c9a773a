"""Reading referrals: who a client may be allocated to."""

from typing import Any

from wingman.accounts.choices import Role
from wingman.accounts.models import User


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
