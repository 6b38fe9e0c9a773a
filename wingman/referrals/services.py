"""Referral intake, the decision on it, and allocation to a caseworker. Every state change is one
named service; none writes `state` any other way."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import Team, User
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_change
from wingman.casework.choices import OPEN_STAGES, Stage
from wingman.casework.models import Journey, StageChange
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.core.services import audited_create
from wingman.people.models import Client

from .choices import REFERRAL_TRANSITIONS, ReferralState
from .models import Allocation, FundingStream, Referral
from .selectors import allocatable_caseworkers, caseloads, places_left, stream_fits

JOURNEY_START_STAGES = (Stage.IN_CUSTODY, Stage.COMMUNITY)


def referral_create(
    *,
    actor: User,
    team: Team,
    client: Client | None = None,
    client_fields: dict[str, Any] | None = None,
    referral_fields: dict[str, Any],
) -> Referral:
    """Record a referral, of a person already known or of someone new."""
    if not permissions.takes_referrals(actor):
        raise NotAllowed("Your role cannot take referrals.")
    if not (referral_fields.get("reason") or "").strip():
        raise ServiceError("Enter the reason for the referral", field="reason")
    received_on = referral_fields.get("received_on") or timezone.localdate()
    if received_on > timezone.localdate():
        raise ServiceError("The date received cannot be in the future", field="received_on")
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
    with transaction.atomic():
        return _move(actor=actor, referral=referral, to=ReferralState.DECLINED, reason=reason)


def referral_withdraw(*, actor: User, referral: Referral, reason: str) -> Referral:
    if not reason.strip():
        raise ServiceError("Enter why the referral is withdrawn", field="reason")
    with transaction.atomic():
        return _move(actor=actor, referral=referral, to=ReferralState.WITHDRAWN, reason=reason)


def _open_journey(
    *,
    actor: User,
    referral: Referral,
    stage: str,
    stream: FundingStream | None,
    unfunded_reason: str,
) -> Journey:
    if stage not in JOURNEY_START_STAGES:
        raise ServiceError(
            "Choose whether the journey starts in custody or in the community", field="stage"
        )
    if Journey.objects.filter(client=referral.client, stage__in=OPEN_STAGES).exists():
        raise ServiceError("This client already has an open journey: add the work to it instead.")
    today = timezone.localdate()
    journey = audited_create(
        actor=actor,
        obj=Journey(
            client=referral.client,
            referral=referral,
            funding_stream=stream,
            unfunded_reason=unfunded_reason,
            stage=stage,
            stage_since=today,
            opened_on=today,
        ),
        summary="Journey opened",
    )
    StageChange.objects.create(
        journey=journey,
        from_stage="",
        to_stage=stage,
        on=today,
        recorded_by=actor,
        note="Referral accepted",
    )
    return journey


def referral_accept(
    *, actor: User, referral: Referral, stream: FundingStream, stage: str, note: str = ""
) -> Journey:
    """Accept into a funding stream the person fits, while it has a place."""
    fit = next(
        (
            f
            for f in stream_fits(
                client=referral.client, cohort=referral.cohort or None, on=timezone.localdate()
            )
            if f.stream.pk == stream.pk
        ),
        None,
    )
    if fit is None:
        raise ServiceError("That funding stream is not open", field="stream")
    if fit.reasons:
        raise ServiceError(
            f"{referral.client} does not fit {stream.name}: {'; '.join(fit.reasons)}. "
            "Choose another stream, or accept as unfunded with a reason.",
            field="stream",
        )
    with transaction.atomic():
        # Lock the stream so two acceptances cannot take its last place together.
        FundingStream.objects.select_for_update().get(pk=stream.pk)
        if places_left([stream])[stream.pk] <= 0:
            raise ServiceError(
                f"{stream.name} has no places left. Accept as unfunded with a reason, or decline.",
                field="stream",
            )
        _move(
            actor=actor,
            referral=referral,
            to=ReferralState.ACCEPTED,
            reason=note,
            funding_stream=stream,
        )
        return _open_journey(
            actor=actor, referral=referral, stage=stage, stream=stream, unfunded_reason=""
        )


def referral_accept_unfunded(
    *, actor: User, referral: Referral, reason: str, stage: str
) -> Journey:
    """Take someone on with no funding behind them; the work is still recorded, as unfunded."""
    if not reason.strip():
        raise ServiceError("Enter why the work goes ahead without funding", field="reason")
    with transaction.atomic():
        _move(actor=actor, referral=referral, to=ReferralState.ACCEPTED_UNFUNDED, reason=reason)
        return _open_journey(
            actor=actor, referral=referral, stage=stage, stream=None, unfunded_reason=reason
        )


@dataclass
class AllocationResult:
    client: Client
    warning: str = ""


def client_allocate(*, actor: User, client: Client, caseworker: User) -> AllocationResult:
    """Give a client to a caseworker. Over the 30-40 a year norm is a warning, not a block."""
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
    load = caseloads(caseworkers=[caseworker], today=date.today())[0]
    warning = ""
    if load.over_norm:
        warning = (
            f"{caseworker} now has {load.live} live clients and has taken on "
            f"{load.taken_on_this_year} in the last 12 months, over the norm of 30 to 40 a year."
        )
    return AllocationResult(client=client, warning=warning)
