"""Referral intake, the decision on it, and allocation to a caseworker. Every state change is one
named service; none writes `state` any other way. Accepting a referral opens a journey, so it is
done in `casework.services`, which calls `referral_record_acceptance` here."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import Team, User
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_change
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.core.services import audited_create
from wingman.core.validation import check_lengths, past_date
from wingman.people.models import Client
from wingman.people.services import check_client_fields

from .choices import REFERRAL_TRANSITIONS, Cohort, ReferralState, Source
from .models import Allocation, FundingStream, Referral
from .selectors import allocatable_caseworkers, teams_taking_referrals

RECEIVED_ON = past_date("received_on", "Date received")
REFERRAL_LABELS = {"reason": "Reason for referral"}
NO_TEAM = "Choose a team you work in to take on the new client"


def check_referral_fields(values: dict[str, Any]) -> None:
    """Refuse what no referral can be: no reason, an unknown source or cohort, a date received
    in the future or before the service, or text too long."""
    if not (values.get("reason") or "").strip():
        raise ServiceError("Enter the reason for the referral", field="reason")
    if values.get("source") not in Source.values:
        raise ServiceError("Choose who referred", field="source")
    if values.get("cohort") and values["cohort"] not in Cohort.values:
        raise ServiceError("Choose the cohort, or Not known", field="cohort")
    RECEIVED_ON.check(values.get("received_on"))
    check_lengths(Referral, values, labels=REFERRAL_LABELS)


def referral_create(
    *,
    actor: User,
    team: Team | None,
    client: Client | None = None,
    client_fields: dict[str, Any] | None = None,
    referral_fields: dict[str, Any],
) -> Referral:
    """Record a referral, of a person already known or of someone new. A new client joins
    `team`, which must be one the actor may give new clients to."""
    if not permissions.takes_referrals(actor):
        raise NotAllowed("Your role cannot take referrals.")
    referral_fields = {**referral_fields}
    referral_fields.setdefault("received_on", timezone.localdate())
    if referral_fields["received_on"] is None:
        referral_fields["received_on"] = timezone.localdate()
    check_referral_fields(referral_fields)
    if client is None:
        check_client_fields(actor=actor, values=client_fields or {})
        if team is None or not teams_taking_referrals(actor).filter(pk=team.pk).exists():
            raise ServiceError(NO_TEAM, field="team_id")
    with transaction.atomic():
        if client is None:
            client = audited_create(
                actor=actor,
                obj=Client(team=team, created_by=actor, **(client_fields or {})),
                summary="New client from a referral",
            )
        referral = audited_create(
            actor=actor,
            obj=Referral(client=client, created_by=actor, **referral_fields),
            summary="Referral received",
        )
    return referral


def check_decision_reason(reason: str, *, field: str = "reason", label: str = "Reason") -> None:
    check_lengths(
        Referral,
        {"decision_reason": reason},
        labels={"decision_reason": label},
        fields={"decision_reason": field},
    )


def _move(*, actor: User, referral: Referral, to: str, reason: str = "", **fields: Any) -> Referral:
    if not permissions.decides_referrals(actor):
        raise NotAllowed("Your role cannot decide referrals.")
    if to not in REFERRAL_TRANSITIONS[referral.state]:
        raise InvalidTransition(
            f"A referral that is {referral.get_state_display().lower()} cannot be "
            f"{ReferralState(to).label.lower()}."
        )
    old_state = referral.state
    now = timezone.now()
    updated = Referral.objects.filter(pk=referral.pk, state=old_state).update(
        state=to,
        decision_reason=reason,
        decided_by=actor,
        decided_at=now,
        updated_at=now,
        version=referral.version + 1,
        **fields,
    )
    if not updated:
        raise InvalidTransition("Someone else has just changed this referral. Look at it again.")
    referral.refresh_from_db()
    record_change(
        actor=actor,
        action=AuditEvent.Action.TRANSITION,
        obj=referral,
        client_id=referral.client_id,
        changes={"state": [old_state, to], "decision_reason": ["", reason]},
        summary=f"Referral {ReferralState(to).label.lower()}",
    )
    return referral


def referral_start_screening(*, actor: User, referral: Referral) -> Referral:
    with transaction.atomic():
        return _move(actor=actor, referral=referral, to=ReferralState.SCREENING)


def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    if not reason.strip():
        raise ServiceError("Enter why the referral is declined", field="reason")
    check_decision_reason(reason)
    with transaction.atomic():
        return _move(actor=actor, referral=referral, to=ReferralState.DECLINED, reason=reason)


def referral_withdraw(*, actor: User, referral: Referral, reason: str) -> Referral:
    if not reason.strip():
        raise ServiceError("Enter why the referral is withdrawn", field="reason")
    check_decision_reason(reason)
    with transaction.atomic():
        return _move(actor=actor, referral=referral, to=ReferralState.WITHDRAWN, reason=reason)


def referral_record_acceptance(
    *, actor: User, referral: Referral, stream: FundingStream | None, reason: str = ""
) -> Referral:
    """Mark a referral accepted into `stream`, or accepted unfunded when there is none.

    Only for the service that opens the journey (`casework.services.referral_accept` and
    `referral_accept_unfunded`), inside its transaction: the referral is accepted exactly when a
    journey opens, and the funding rules are checked there."""
    if stream is None:
        return _move(
            actor=actor, referral=referral, to=ReferralState.ACCEPTED_UNFUNDED, reason=reason
        )
    return _move(
        actor=actor,
        referral=referral,
        to=ReferralState.ACCEPTED,
        reason=reason,
        funding_stream=stream,
    )


def client_take_on(*, actor: User, client: Client) -> Client:
    """A caseworker takes on a client they recorded themselves who has no caseworker yet (the
    walk-in seen that day, whom no team lead has allocated): they become the client's caseworker,
    with the same allocation history and audit row as `client_allocate`, and the client joins
    their live caseload, where their team lead sees it. Anyone else's unallocated client is for a
    team lead to allocate. Two people at once cannot both take the client: the change is made
    only while the client still has no caseworker."""
    if not permissions.takes_on_clients(actor):
        raise NotAllowed("Your role cannot take on clients.")
    if client.caseworker_id is not None:
        raise ServiceError(f"{client} already has a caseworker.", field="caseworker")
    if not permissions.may_take_on(actor, client):
        raise ServiceError(
            f"You can take on only a client you recorded yourself in your team: ask your team "
            f"lead to allocate {client}.",
            field="caseworker",
        )
    team = actor.team
    assert team is not None  # takes_on_clients needs a team
    with transaction.atomic():
        taken = Client.objects.filter(
            pk=client.pk, caseworker__isnull=True, created_by=actor, team=team
        ).update(caseworker=actor, updated_at=timezone.now())
        if not taken:
            raise ServiceError(
                f"Someone has allocated {client} since you opened the page.", field="caseworker"
            )
        client.refresh_from_db()
        Allocation.objects.create(client=client, caseworker=actor, team=team, allocated_by=actor)
        record_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=client,
            client_id=client.pk,
            changes={"caseworker_id": [None, actor.pk]},
            summary=f"Taken on by {actor}, who recorded them",
        )
    return client


def client_allocate(*, actor: User, client: Client, caseworker: User) -> Client:
    """Give a client to a caseworker (and their team). Over the norm of 30 to 40 a year is a
    warning the page shows (`casework.selectors.over_norm_warning`), never a block."""
    if not permissions.allocates(actor):
        raise NotAllowed("Your role cannot allocate clients.")
    if not allocatable_caseworkers(actor).filter(pk=caseworker.pk).exists():
        raise ServiceError("Choose a caseworker in your team", field="caseworker")
    assert caseworker.team is not None  # allocatable caseworkers all have a team
    with transaction.atomic():
        old = client.caseworker_id
        Client.objects.filter(pk=client.pk).update(
            caseworker=caseworker, team=caseworker.team, updated_at=timezone.now()
        )
        client.refresh_from_db()
        Allocation.objects.create(
            client=client, caseworker=caseworker, team=caseworker.team, allocated_by=actor
        )
        record_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=client,
            client_id=client.pk,
            changes={"caseworker_id": [old, caseworker.pk]},
            summary=f"Allocated to {caseworker}",
        )
    return client
