"""The one visibility rule. Every client record, and everything hanging off a client, is scoped
through `client_scope_q`; querysets expose it as `.visible_to(user)`.

    caseworker, volunteer       -> their own caseload (and referrals they made not yet allocated)
    senior caseworker           -> their team's clients
    manager                     -> every team in their borough
    safeguarding lead, DPO      -> the whole organisation
    administrator, funder       -> no client records at all

Three refinements, all here so that no app writes a rule of its own:

- A **restricted** record (`Restriction`) is narrower than its client: only some roles among those
  who see the client may see it, and never the member of staff it is about (an allegation against
  staff stays hidden from them whatever their role).
- A record linked to **several clients** (someone in more than one client's life) is visible when
  any one of its clients is, and is listed once (`ScopedQuerySet.many_clients`).
- **Reference data** (boroughs, teams, funding streams) belongs to an organisation: forms and the
  API offer only the viewer's organisation's (`ReferenceQuerySet.of_organisation_of`).
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self

from django.db import models
from django.db.models import Q

from .choices import Role


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
    if scope is Scope.ORGANISATION and organisation_of(user) is not None:
        return Q(**{f"{path}team__borough__organisation_id": organisation_of(user)})
    return NOTHING


@dataclass(frozen=True)
class Restriction:
    """A record narrower than its client: seen only by `roles` (among those who see the client),
    and never by the member of staff that `hidden_from` leads to (a path to a staff member's
    id, e.g. "subject_id")."""

    roles: frozenset[str]
    hidden_from: str | None = None

    def q(self, user: Any, path: str = "") -> Q:
        if getattr(user, "role", None) not in self.roles:
            return NOTHING
        if self.hidden_from:
            # Django's negation keeps the records where the field is empty (about nobody).
            return ~Q(**{f"{path}{self.hidden_from}": user.pk})
        return Q()


@dataclass(frozen=True)
class RestrictionByKind:
    """A restriction that depends on one field of the record: records whose `field` is one of
    `narrower`'s keys take that restriction, all others `otherwise` (e.g. a safeguarding concern,
    and the narrower still allegation against a member of staff)."""

    field: str
    narrower: dict[str, Restriction]
    otherwise: Restriction

    def q(self, user: Any, path: str = "") -> Q:
        name = f"{path}{self.field}"
        q = ~Q(**{f"{name}__in": list(self.narrower)}) & self.otherwise.q(user, path)
        for value, restriction in self.narrower.items():
            q |= Q(**{name: value}) & restriction.q(user, path)
        return q


# Safeguarding records (a concern, its chronology, decisions and referrals, the people involved):
# among those who see the client, only the client's caseworker, the team lead, the safeguarding
# lead and managers; not a volunteer on the caseload (who sees that a risk flag exists) nor the
# data protection officer (who sees that the records exist and who read them). An allegation
# against a member of staff or a volunteer: the safeguarding lead and managers only, and never
# the member of staff it is about.
SAFEGUARDING_READERS = frozenset(
    {Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.SAFEGUARDING_LEAD, Role.MANAGER}
)
ALLEGATION_READERS = frozenset({Role.SAFEGUARDING_LEAD, Role.MANAGER})
SAFEGUARDING_RESTRICTION = RestrictionByKind(
    field="category",
    narrower={
        "staff_allegation": Restriction(roles=ALLEGATION_READERS, hidden_from="about_staff_id")
    },
    otherwise=Restriction(roles=SAFEGUARDING_READERS),
)


def organisation_of(user: Any) -> int | None:
    """The organisation a member of staff works for (from their team if it is not set)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.organisation_id:
        return int(user.organisation_id)
    team = getattr(user, "team", None)
    return int(team.borough.organisation_id) if team is not None else None


class ScopedQuerySet(models.QuerySet):
    """Base queryset for every model that belongs to a client. Subclasses set `client_path` (how
    the model reaches its client), and may set `restriction` (a record narrower than the client,
    with `restriction_path` leading to the record it is decided on) or `many_clients` (a record
    reaching several clients through `client_path`)."""

    client_path = "client__"
    restriction: Restriction | RestrictionByKind | None = None
    # How the model reaches the record the restriction's fields are on ("" for its own).
    restriction_path = ""
    many_clients = False

    def visible_to(self, user: Any) -> Self:
        q = client_scope_q(user, self.client_path)
        if self.restriction is not None:
            q &= self.restriction.q(user, self.restriction_path)
        if self.many_clients:
            # Reaching clients through a many-valued relation joins one row per client: select
            # the records by key instead, so each is listed once.
            keys = self.model._default_manager.filter(q).values("pk")
            return self.filter(pk__in=keys)
        return self.filter(q)


class ReferenceQuerySet(models.QuerySet):
    """Reference data of one organisation. Subclasses set `organisation_path`."""

    organisation_path = "organisation_id"

    def of_organisation_of(self, user: Any) -> Self:
        organisation = organisation_of(user)
        if organisation is None:
            return self.none()
        return self.filter(**{self.organisation_path: organisation})
