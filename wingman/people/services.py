"""Changes to a client's record, and the rules a client's details keep on every channel."""

from typing import Any

from wingman.accounts import permissions
from wingman.accounts.models import Borough
from wingman.core.errors import NotAllowed, ServiceError
from wingman.core.services import versioned_update
from wingman.core.validation import OLDEST_AGE, YOUNGEST_AGE, DateRule, check_lengths, years_from

from .models import Client

DATE_OF_BIRTH = DateRule(
    field="date_of_birth",
    label="Date of birth",
    earliest=lambda now: years_from(now, -OLDEST_AGE),
    latest=lambda now: years_from(now, -YOUNGEST_AGE),
    too_late="{label} must be the same as or before {latest}: the service works with "
    f"children from {YOUNGEST_AGE} years old",
    future="{label} must be in the past",
)
REQUIRED_NAMES = {
    "given_name": "Enter the client's first name",
    "family_name": "Enter the client's last name",
}
BOROUGH_ELSEWHERE = "Choose a borough your organisation works in"


def _borough_id(values: dict[str, Any]) -> int | None:
    if "borough" in values:
        borough = values["borough"]
        return borough.pk if borough is not None else None
    return values.get("borough_id")


def check_client_fields(*, actor: Any, values: dict[str, Any]) -> None:
    """Refuse details no client can have: a name left blank, a date of birth that cannot be
    right, text too long, or a borough of another organisation."""
    for name, message in REQUIRED_NAMES.items():
        if name in values and not (values[name] or "").strip():
            raise ServiceError(message, field=name)
    DATE_OF_BIRTH.check(values.get("date_of_birth"))
    check_lengths(Client, values)
    borough_id = _borough_id(values)
    if (
        borough_id is not None
        and not Borough.objects.filter(
            pk=borough_id, organisation_id=actor.organisation_id
        ).exists()
    ):
        raise ServiceError(BOROUGH_ELSEWHERE, field="borough_id")


def client_update(
    *, actor: Any, client: Client, changes: dict[str, Any], expected_version: int
) -> Client:
    if not permissions.records_casework(actor):
        raise NotAllowed("Your role cannot change client records.")
    if not permissions.sees_identifiers(actor):
        changes = {k: v for k, v in changes.items() if k not in Client.IDENTIFIER_FIELDS}
    check_client_fields(actor=actor, values=changes)
    return versioned_update(
        actor=actor,
        obj=client,
        changes=changes,
        expected_version=expected_version,
        summary="Client details changed",
    )
