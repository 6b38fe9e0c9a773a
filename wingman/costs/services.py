"""Changes to unit costs: only ever a new version, added in the back office and audited."""

from typing import Any

from django.db import IntegrityError, transaction

from wingman.accounts import permissions
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_change, snapshot
from wingman.core.errors import NotAllowed, ServiceError

from .models import UnitCost

ONE_A_DAY = (
    "There is already a version of this unit cost valid from that date: choose another date."
)


def unit_cost_add(*, actor: Any, cost: UnitCost) -> UnitCost:
    """Add a new version of a unit cost (a new row valid from its date); earlier versions stay
    as they were, so a table drawn from them can still say what it used."""
    if not permissions.runs_back_office(actor):
        raise NotAllowed("Only administrators add unit costs.")
    if not cost._state.adding:
        raise ServiceError(
            "A unit cost is never changed: add a new version valid from a later date."
        )
    if cost.amount is None or cost.amount < 0:
        raise ServiceError("Enter an amount of 0 or more.", field="amount")
    with transaction.atomic():
        if UnitCost.objects.filter(key=cost.key, valid_from=cost.valid_from).exists():
            raise ServiceError(ONE_A_DAY, field="valid_from")
        cost.created_by = actor
        try:
            with transaction.atomic():
                cost.save()
        except IntegrityError:
            # Another version for that day was added at the same moment: one a day is kept.
            raise ServiceError(ONE_A_DAY, field="valid_from") from None
        record_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=cost,
            client_id=None,
            changes={name: [None, value] for name, value in snapshot(cost).items()},
            summary=f"Unit cost added: {cost.label} from {cost.valid_from}",
        )
    return cost
