"""An organisation's own triage deadlines, set in the back office: how many hours to triage a new
concern and to act on a red one, how many working days to act on an amber or a green one. Saved
through the audited reference service, so each change keeps its old and new values."""

from typing import Any

from wingman.accounts.services import reference_save
from wingman.core.errors import ServiceError

from ..models import TriageDeadlines

# Each number from 1 to its longest: beyond three days a red concern, or a new one, is not being
# treated as one; beyond two working weeks an amber or green one is not either.
LIMITS: dict[str, tuple[int, str]] = {
    "triage_hours": (72, "Hours to triage a new concern"),
    "red_hours": (72, "Hours to act on a red concern"),
    "amber_working_days": (10, "Working days to act on an amber concern"),
    "green_working_days": (10, "Working days to act on a green concern"),
}


def check(values: dict[str, Any]) -> None:
    """Every number given and in its range, or a ServiceError naming the first that is not."""
    for name, (highest, label) in LIMITS.items():
        value = values.get(name)
        if value is None or value == "":
            raise ServiceError(f"Enter the {label[0].lower()}{label[1:]}", field=name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= highest:
            raise ServiceError(f"{label} must be a whole number from 1 to {highest}", field=name)


def triage_deadlines_save(*, actor: Any, deadlines: TriageDeadlines) -> TriageDeadlines:
    """Set an organisation's triage deadlines. Concerns raised or triaged afterwards take them;
    the deadlines of concerns already raised or triaged stay as they were given."""
    check({name: getattr(deadlines, name) for name in LIMITS})
    return reference_save(actor=actor, obj=deadlines)
