"""The one visibility rule. Every client record, and everything hanging off a client, is scoped
through `client_scope_q`; querysets expose it as `.visible_to(user)`.

    caseworker, volunteer       -> their own caseload (and referrals they made not yet allocated)
    senior caseworker           -> their team's clients
    manager                     -> every team in their borough
    safeguarding lead, DPO      -> the whole organisation
    administrator, funder       -> no client records at all
"""

from enum import StrEnum
from typing import Any, Self

from django.db import models
from django.db.models import Q

from wingman.accounts.choices import Role


class Scope(StrEnum):
    NONE = "none"
    OWN = "own"
    TEAM = "team"
    BOROUGH = "borough"
    ORGANISATION = "organisation"


ROLE_SCOPE: dict[str, Scope] = {
    Role.CASEWORKER: Scope.OWN,
    Role.VOLUNTEER: Scope.OWN,
    Role.SENIOR_CASEWORKER: Scope.TEAM,
    Role.MANAGER: Scope.BOROUGH,
    Role.SAFEGUARDING_LEAD: Scope.ORGANISATION,
    Role.DATA_PROTECTION_OFFICER: Scope.ORGANISATION,
    Role.ADMINISTRATOR: Scope.NONE,
    Role.FUNDER: Scope.NONE,
}

NOTHING = Q(pk__in=[])


def scope_of(user: Any) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope.NONE
    return ROLE_SCOPE.get(user.role, Scope.NONE)


def client_scope_q(user: Any, path: str = "") -> Q:
    """A filter selecting the clients `user` may see; `path` leads from the model to the client
    (e.g. "client__")."""
    scope = scope_of(user)
    if scope is Scope.OWN:
        return Q(**{f"{path}caseworker_id": user.pk}) | Q(
            **{f"{path}caseworker__isnull": True, f"{path}created_by_id": user.pk}
        )
    if scope is Scope.TEAM and user.team_id:
        return Q(**{f"{path}team_id": user.team_id})
    if scope is Scope.BOROUGH and user.team_id:
        return Q(**{f"{path}team__borough_id": user.team.borough_id})
    if scope is Scope.ORGANISATION and user.organisation_id:
        return Q(**{f"{path}team__borough__organisation_id": user.organisation_id})
    return NOTHING


class ScopedQuerySet(models.QuerySet):
    """Base queryset for every model that belongs to a client. Subclasses set `client_path`."""

    client_path = "client__"

    def visible_to(self, user: Any) -> Self:
        return self.filter(client_scope_q(user, self.client_path))
