"""Changes to a client's record."""

from typing import Any

from wingman.accounts import permissions
from wingman.core.errors import NotAllowed
from wingman.core.services import versioned_update

from .models import Client


def client_update(
    *, actor: Any, client: Client, changes: dict[str, Any], expected_version: int
) -> Client:
    if not permissions.records_casework(actor):
        raise NotAllowed("Your role cannot change client records.")
    if not permissions.sees_identifiers(actor):
        changes = {k: v for k, v in changes.items() if k not in Client.IDENTIFIER_FIELDS}
    return versioned_update(
        actor=actor,
        obj=client,
        changes=changes,
        expected_version=expected_version,
        summary="Client details changed",
    )
