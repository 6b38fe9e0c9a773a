"""Recording outcomes: each one dated, with its evidence, changed only from the version it was
opened on, and withdrawn (with the reason) rather than deleted when it was recorded in error.
Also the checks the back office applies to outcome types and indicators, and the standard
outcome types every organisation starts with."""

from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import Organisation, User
from wingman.casework.models import Journey
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.services import audited_create, versioned_update
from wingman.core.validation import check_lengths, past_date
from wingman.people.models import Client

from .choices import OUTCOME_TRANSITIONS, STANDARD_OUTCOME_TYPES, OutcomeStatus
from .models import Outcome, OutcomeType

OUTCOME_FIELDS = ("outcome_type_id", "achieved_on", "evidence")

# The date each outcome accepts, on every channel (forms and API schemas use it too).
ACHIEVED_ON = past_date("achieved_on", "Date achieved")

CHOOSE_TYPE = "Choose the outcome"
ENTER_EVIDENCE = "Enter the evidence for the outcome"
ENTER_REASON = "Enter why the outcome is being withdrawn"
WITHDRAW_LABEL = "Reason for withdrawing"
WITHDRAWN_UNCHANGED = (
    "This outcome was withdrawn, so it cannot be changed. Record it again instead."
)


def _require_casework(actor: User) -> None:
    if not permissions.records_casework(actor):
        raise NotAllowed("Your role cannot record casework.")


def journey_on(client: Client, day: date) -> Journey | None:
    """The client's journey open on `day` (the latest, if one closed and another opened that
    day), or None."""
    return (
        client.journeys.filter(opened_on__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day))
        .order_by("-opened_on", "-id")
        .first()
    )


def _outcome_type(actor: User, value: Any, *, keep: int | None = None) -> OutcomeType:
    """The chosen outcome type: one of the actor's organisation's, still in use (an outcome
    being changed may keep the retired type it has)."""
    if isinstance(value, OutcomeType):
        value = value.pk
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise ServiceError(CHOOSE_TYPE, field="outcome_type_id") from None
    kind = OutcomeType.objects.of_organisation_of(actor).filter(pk=pk).first()
    if kind is None or not (kind.active or kind.pk == keep):
        raise ServiceError(CHOOSE_TYPE, field="outcome_type_id")
    return kind


def _clean_outcome(actor: User, data: dict[str, Any], *, keep: int | None = None) -> dict[str, Any]:
    kind = _outcome_type(actor, data.get("outcome_type_id"), keep=keep)
    achieved_on = data.get("achieved_on")
    if achieved_on is None:
        raise ServiceError("Enter the date the outcome was achieved", field="achieved_on")
    ACHIEVED_ON.check(achieved_on)
    evidence = (data.get("evidence") or "").strip()
    if not evidence:
        raise ServiceError(ENTER_EVIDENCE, field="evidence")
    check_lengths(Outcome, {"evidence": evidence})
    return {"outcome_type_id": kind.pk, "achieved_on": achieved_on, "evidence": evidence}


def outcome_record(
    *,
    actor: User,
    client: Client,
    data: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Outcome, bool]:
    """Record an outcome a client achieved: its type, the date (today or earlier) and the
    evidence. It belongs to the journey open on that date. A form sent twice records one."""
    _require_casework(actor)
    values = _clean_outcome(actor, data)

    def create() -> Outcome:
        return audited_create(
            actor=actor,
            obj=Outcome(
                client=client,
                journey=journey_on(client, values["achieved_on"]),
                recorded_by=actor,
                **values,
            ),
            summary="Outcome recorded",
        )

    return once(token=token, user=actor, model=Outcome, create=create, fingerprint=fingerprint)


def outcome_edit(
    *, actor: User, outcome: Outcome, data: dict[str, Any], expected_version: int
) -> Outcome:
    """Change an outcome's type, date or evidence, from the version the change was based on.
    A new date may move it to another journey."""
    _require_casework(actor)
    if outcome.is_withdrawn:
        raise InvalidTransition(WITHDRAWN_UNCHANGED)
    values = _clean_outcome(actor, data, keep=outcome.outcome_type_id)
    journey = journey_on(outcome.client, values["achieved_on"])
    values["journey_id"] = journey.pk if journey else None
    return versioned_update(
        actor=actor,
        obj=outcome,
        changes=values,
        expected_version=expected_version,
        summary="Outcome changed",
    )


def outcome_withdraw(
    *, actor: User, outcome: Outcome, reason: str, expected_version: int
) -> Outcome:
    """Withdraw an outcome recorded in error, saying why. It is kept, and counted nowhere."""
    _require_casework(actor)
    to = OutcomeStatus.WITHDRAWN
    if to not in OUTCOME_TRANSITIONS[outcome.status]:
        raise InvalidTransition("This outcome has already been withdrawn.")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(ENTER_REASON, field="reason")
    check_lengths(
        Outcome,
        {"withdrawn_reason": reason},
        labels={"withdrawn_reason": WITHDRAW_LABEL},
        fields={"withdrawn_reason": "reason"},
    )
    return versioned_update(
        actor=actor,
        obj=outcome,
        changes={
            "status": to,
            "withdrawn_reason": reason,
            "withdrawn_on": timezone.localdate(),
            "withdrawn_by_id": actor.pk,
        },
        expected_version=expected_version,
        summary="Outcome withdrawn",
    )


# Reference data ------------------------------------------------------------------------------


def standard_outcome_types_add(*, organisation: Organisation) -> None:
    """Give an organisation the standard outcome types it does not have yet (by name). Run for
    every new organisation as it is saved, inside the same transaction: the organisation's own
    creation is the audited change (the back office's `reference_save`), and these come with it
    as the data migration gave them to the organisations there were."""
    have = set(organisation.outcome_types.values_list("name", flat=True))
    OutcomeType.objects.bulk_create(
        [
            OutcomeType(organisation=organisation, name=name, pathway=pathway)
            for name, pathway in STANDARD_OUTCOME_TYPES
            if name not in have
        ]
    )


def check_indicator(*, organisation_id: int | None, outcome_types: Any) -> None:
    """An indicator counts at least one outcome type, all of its own organisation's."""
    kinds = list(outcome_types or [])
    if not kinds:
        raise ServiceError("Choose at least one outcome type to count", field="outcome_types")
    if any(k.organisation_id != organisation_id for k in kinds):
        raise ServiceError(
            "Choose outcome types of the indicator's own organisation", field="outcome_types"
        )


def check_indicator_assignment(
    *, indicator: Any, funding_stream: Any, period_start: date | None, period_end: date | None
) -> None:
    """A stream counts its own organisation's indicators, over a period that ends on or after
    the day it starts."""
    if (
        indicator is not None
        and funding_stream is not None
        and funding_stream.borough.organisation_id != indicator.organisation_id
    ):
        raise ServiceError(
            "Choose a funding stream of the indicator's own organisation", field="funding_stream"
        )
    if period_start and period_end and period_end < period_start:
        raise ServiceError("The period must end on or after the day it starts", field="period_end")
