"""Risk flags on a client's record: set with a reason and a review date, reviewed, removed with a
reason (the flag is kept, marked removed). A flag about a concern links to it; only a concern the
one setting the flag may read, and never an allegation against staff (the flag is seen by
everyone who sees the client, and would tell the member of staff that it exists)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.accounts.scope import organisation_of
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_change
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.services import versioned_update
from wingman.core.validation import DateRule, check_lengths, not_after_today, years_from
from wingman.people.models import Client

from ..choices import Category, FlagKind
from ..models import Concern, RiskFlag

# A review date from today to two years ahead: a flag nobody looks at again is not a flag.
REVIEW_ON = DateRule(
    field="review_on",
    label="The review date",
    earliest=not_after_today,
    latest=lambda today: years_from(today, 2),
    too_early="The review date must be today or later",
)
NEEDS_DETAIL = frozenset({FlagKind.HOSTILE_AREA, FlagKind.OTHER})
LABELS = {"detail": "The detail", "reason": "The reason"}


def _require_flags(actor: User) -> None:
    if not permissions.sets_risk_flags(actor):
        raise NotAllowed("Your role does not set risk flags")


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    return value.strip() if isinstance(value, str) else ""


def _owner(actor: User, client: Client, value: Any) -> User:
    if value in (None, ""):
        return actor
    person = User.objects.filter(pk=value, is_active=True).first() if str(value).isdigit() else None
    if (
        person is None
        or not permissions.sets_risk_flags(person)
        or organisation_of(person) != organisation_of(actor)
    ):
        raise ServiceError(
            "Select someone of your organisation who reviews risk flags", field="owner_id"
        )
    return person


def _review_on(values: dict[str, Any]) -> date:
    if values.get("review_on") is None:
        raise ServiceError("Enter the review date", field="review_on")
    REVIEW_ON.check(values["review_on"])
    return values["review_on"]  # type: ignore[no-any-return]


def _concern(actor: User, client: Client, value: Any) -> Concern:
    concern = (
        Concern.objects.visible_to(actor).filter(pk=value, client=client).first()
        if str(value or "").isdigit()
        else None
    )
    if concern is None:
        raise ServiceError("Select one of this client's concerns", field="concern_id")
    if concern.category == Category.STAFF_ALLEGATION:
        raise ServiceError(
            "An allegation against a member of staff is never flagged on the client's record",
            field="concern_id",
        )
    return concern


def flag_set(
    *,
    actor: User,
    client: Client,
    values: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[RiskFlag, bool]:
    """Set a risk flag on a client. A form sent twice sets one flag."""
    _require_flags(actor)
    kind = values.get("kind")
    if kind not in FlagKind.values:
        raise ServiceError("Select the kind of risk", field="kind")
    detail = _text(values, "detail")
    reason = _text(values, "reason")
    if kind in NEEDS_DETAIL and not detail:
        message = {
            FlagKind.HOSTILE_AREA: "Enter the area",
            FlagKind.OTHER: "Enter what the risk is",
        }[FlagKind(kind)]
        raise ServiceError(message, field="detail")
    if not reason:
        raise ServiceError("Enter the reason for the flag", field="reason")
    check_lengths(RiskFlag, {"detail": detail, "reason": reason}, labels=LABELS)
    concern = None
    if kind == FlagKind.SEE_CONCERN or values.get("concern_id") not in (None, ""):
        concern = _concern(actor, client, values.get("concern_id"))
    review_on = _review_on(values)
    owner = _owner(actor, client, values.get("owner_id"))

    def create() -> RiskFlag:
        with transaction.atomic():
            flag = RiskFlag.objects.create(
                client=client,
                kind=kind,
                detail=detail,
                concern=concern,
                reason=reason,
                review_on=review_on,
                owner=owner,
                set_by=actor,
            )
            record_change(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                obj=flag,
                client_id=client.pk,
                changes={
                    "kind": [None, kind],
                    "review_on": [None, review_on.isoformat()],
                    "owner": [None, owner.pk],
                },
                summary="Risk flag set",
            )
        return flag

    return once(token=token, user=actor, model=RiskFlag, create=create, fingerprint=fingerprint)


def flag_review(
    *, actor: User, flag: RiskFlag, values: dict[str, Any], expected_version: int
) -> RiskFlag:
    """Reviewed: the flag stands until a new review date (with a new reason if it has changed,
    and perhaps a new owner)."""
    _require_flags(actor)
    if flag.removed_at is not None:
        raise InvalidTransition("The flag was removed")
    changes: dict[str, Any] = {"review_on": _review_on(values)}
    reason = _text(values, "reason")
    if reason:
        check_lengths(RiskFlag, {"reason": reason}, labels=LABELS)
        changes["reason"] = reason
    detail = _text(values, "detail")
    if detail:
        check_lengths(RiskFlag, {"detail": detail}, labels=LABELS)
        changes["detail"] = detail
    if values.get("owner_id") not in (None, ""):
        changes["owner_id"] = _owner(actor, flag.client, values["owner_id"]).pk
    return versioned_update(
        actor=actor,
        obj=flag,
        changes=changes,
        expected_version=expected_version,
        summary="Risk flag reviewed",
    )


def flag_remove(*, actor: User, flag: RiskFlag, values: dict[str, Any]) -> RiskFlag:
    """The risk has passed: the flag leaves the banner, and is kept with who removed it and why."""
    _require_flags(actor)
    reason = _text(values, "reason")
    if not reason:
        raise ServiceError("Enter why the flag is no longer needed", field="reason")
    check_lengths(RiskFlag, {"removed_reason": reason}, labels={"removed_reason": "The reason"})
    with transaction.atomic():
        current = RiskFlag.objects.select_for_update().get(pk=flag.pk)
        if current.removed_at is not None:
            raise InvalidTransition("The flag was already removed")
        removed_at = timezone.now()
        RiskFlag.objects.filter(pk=flag.pk).update(
            removed_at=removed_at, removed_by=actor, removed_reason=reason
        )
        current.refresh_from_db()
        record_change(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=current,
            client_id=current.client_id,
            changes={"removed_at": [None, removed_at.isoformat()]},
            summary="Risk flag removed",
        )
    return current
