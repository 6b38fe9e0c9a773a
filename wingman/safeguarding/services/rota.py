"""The on-call rota: who is on call when, for a team or the whole organisation. A team lead
keeps their own team's; a manager their borough's teams' and the whole organisation's; the
safeguarding lead any team's and the whole organisation's (`selectors.rota.rota_teams`)."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.choices import Role
from wingman.accounts.models import Team, User
from wingman.accounts.scope import SAFEGUARDING_READERS, organisation_of
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_change, snapshot
from wingman.core.errors import NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.validation import check_lengths

from ..models import OnCallShift
from ..selectors.rota import rota_teams

LONGEST_SHIFT = timedelta(days=7)
FURTHEST_AHEAD = timedelta(days=366)


def _require_rota(actor: User) -> int:
    if not permissions.keeps_rota(actor):
        raise NotAllowed("Your role does not keep the on-call rota")
    organisation = organisation_of(actor)
    if organisation is None:
        raise NotAllowed("You do not work for an organisation")
    return organisation


def _team(actor: User, organisation: int, value: Any) -> Team | None:
    if value in (None, ""):
        if actor.role == Role.SENIOR_CASEWORKER:
            raise ServiceError("Select your team", field="team_id")
        return None
    team = Team.objects.filter(pk=value).first() if str(value).isdigit() else None
    if team is None or team.borough.organisation_id != organisation:
        raise ServiceError("Select a team of your organisation", field="team_id")
    if not rota_teams(actor).filter(pk=team.pk).exists():
        raise ServiceError(
            "Select a team whose rota you keep: a team lead their own team's, a manager their "
            "borough's",
            field="team_id",
        )
    return team


def _person(organisation: int, value: Any) -> User:
    person = (
        User.objects.filter(pk=value, is_active=True).first()
        if str(value or "").isdigit()
        else None
    )
    if (
        person is None
        or person.role not in SAFEGUARDING_READERS
        or organisation_of(person) != organisation
    ):
        raise ServiceError(
            "Select a caseworker, team lead, manager or safeguarding lead of your organisation",
            field="person_id",
        )
    return person


def _times(values: dict[str, Any]) -> tuple[datetime, datetime]:
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if not isinstance(starts, datetime):
        raise ServiceError("Enter when the shift starts", field="starts_at")
    if not isinstance(ends, datetime):
        raise ServiceError("Enter when the shift ends", field="ends_at")
    if timezone.is_naive(starts):
        starts = timezone.make_aware(starts)
    if timezone.is_naive(ends):
        ends = timezone.make_aware(ends)
    now = timezone.now()
    if ends <= starts:
        raise ServiceError("The shift must end after it starts", field="ends_at")
    if ends - starts > LONGEST_SHIFT:
        raise ServiceError("A shift can be at most 7 days long", field="ends_at")
    if ends <= now:
        raise ServiceError("The shift must end in the future", field="ends_at")
    if starts > now + FURTHEST_AHEAD:
        raise ServiceError("A shift can start at most a year ahead", field="starts_at")
    return starts, ends


def shift_add(
    *, actor: User, values: dict[str, Any], token: str | None = None, fingerprint: str = ""
) -> tuple[OnCallShift, bool]:
    """Put someone on call, with the number to reach them on."""
    organisation = _require_rota(actor)
    team = _team(actor, organisation, values.get("team_id"))
    person = _person(organisation, values.get("person_id"))
    phone = (values.get("phone") or "").strip()
    if not phone:
        raise ServiceError("Enter the number to call", field="phone")
    check_lengths(OnCallShift, {"phone": phone}, labels={"phone": "The number to call"})
    starts, ends = _times(values)

    def create() -> OnCallShift:
        with transaction.atomic():
            shift = OnCallShift.objects.create(
                organisation_id=organisation,
                team=team,
                person=person,
                phone=phone,
                starts_at=starts,
                ends_at=ends,
                created_by=actor,
            )
            record_change(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                obj=shift,
                client_id=None,
                changes={k: [None, v] for k, v in snapshot(shift).items() if v not in (None, "")},
                summary="On-call shift added",
            )
        return shift

    return once(token=token, user=actor, model=OnCallShift, create=create, fingerprint=fingerprint)


def shift_remove(*, actor: User, shift: OnCallShift) -> None:
    """Take a shift off the rota (its details stay in the audit trail)."""
    organisation = _require_rota(actor)
    if shift.organisation_id != organisation:
        raise NotAllowed("This shift is not your organisation's")
    if shift.team_id is None and actor.role == Role.SENIOR_CASEWORKER:
        raise NotAllowed("A team lead keeps their own team's rota")
    if shift.team_id is not None and not rota_teams(actor).filter(pk=shift.team_id).exists():
        raise NotAllowed("You do not keep this team's rota")
    with transaction.atomic():
        record_change(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=shift,
            client_id=None,
            changes={k: [v, None] for k, v in snapshot(shift).items() if v not in (None, "")},
            summary="On-call shift removed",
        )
        shift.delete()
