"""Recording a client's offences, and correcting them. Every change is audited in its own
transaction; the rules on input are here, so the pages and the API answer in the same words."""

from datetime import date
from typing import Any

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.core.errors import NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.services import audited_create, versioned_update
from wingman.core.validation import check_lengths, past_date
from wingman.people.models import Client

from .choices import UNDECIDED, Disposal, OffenceCategory, Source
from .models import Offence

OFFENCE_FIELDS = (
    "committed_on",
    "category",
    "disposal",
    "disposal_on",
    "sentence",
    "breach",
    "source",
)
OFFENCE_DATE = past_date("committed_on", "Offence date")
OUTCOME_DATE = past_date("disposal_on", "Date of the outcome")
OUTCOME_BEFORE_OFFENCE = "The date of the outcome must be the same as or after the offence date"
OUTCOME_DATE_NEEDED = "Enter the date of the outcome"
NO_OUTCOME_DATE_WHILE_AWAITED = (
    "An outcome still awaited has no date yet: clear the date, or choose the outcome"
)


def _require_casework(actor: User) -> None:
    if not permissions.records_casework(actor):
        raise NotAllowed("Your role cannot record casework.")


def clean_offence(data: dict[str, Any]) -> dict[str, Any]:
    """The offence's fields, checked: what a person must fix is refused in plain words."""
    committed_on = data.get("committed_on")
    if not isinstance(committed_on, date):
        raise ServiceError("Enter the offence date", field="committed_on")
    OFFENCE_DATE.check(committed_on)
    if data.get("category") not in OffenceCategory.values:
        raise ServiceError("Choose the kind of offence", field="category")
    disposal = data.get("disposal")
    if disposal not in Disposal.values:
        raise ServiceError("Choose the outcome", field="disposal")
    disposal_on = data.get("disposal_on") or None
    if disposal in UNDECIDED:
        if disposal_on is not None:
            raise ServiceError(NO_OUTCOME_DATE_WHILE_AWAITED, field="disposal_on")
    else:
        if disposal_on is None:
            raise ServiceError(OUTCOME_DATE_NEEDED, field="disposal_on")
        OUTCOME_DATE.check(disposal_on)
        if disposal_on < committed_on:
            raise ServiceError(OUTCOME_BEFORE_OFFENCE, field="disposal_on")
    if data.get("source") not in Source.values:
        raise ServiceError("Choose where we learned of it", field="source")
    sentence = (data.get("sentence") or "").strip()
    check_lengths(Offence, {"sentence": sentence})
    return {
        "committed_on": committed_on,
        "category": data["category"],
        "disposal": disposal,
        "disposal_on": disposal_on,
        "sentence": sentence,
        "breach": bool(data.get("breach")),
        "source": data["source"],
    }


def offence_record(
    *,
    actor: User,
    client: Client,
    data: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Offence, bool]:
    """Add an offence to a client's record. Sent twice with one token, it is recorded once."""
    _require_casework(actor)
    fields = clean_offence(data)

    def create() -> Offence:
        return audited_create(
            actor=actor,
            obj=Offence(client=client, recorded_by=actor, **fields),
            summary="Offence recorded",
        )

    return once(token=token, user=actor, model=Offence, create=create, fingerprint=fingerprint)


def offence_correct(
    *, actor: User, offence: Offence, data: dict[str, Any], expected_version: int
) -> Offence:
    """Correct an offence (its outcome decided, a date put right), if nobody has changed it
    since `expected_version`; the old and new values are kept in the audit trail."""
    _require_casework(actor)
    fields = clean_offence(data)
    return versioned_update(
        actor=actor,
        obj=offence,
        changes=fields,
        expected_version=expected_version,
        summary="Offence corrected",
    )
