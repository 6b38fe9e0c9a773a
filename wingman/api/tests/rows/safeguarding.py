"""The API permission matrix's rows for safeguarding: concerns, entries, decisions, referrals,
risk flags, crisis calls and the on-call rota."""

from typing import Any

from wingman.api.tests.rows import Row

ROWS: dict[str, Row] = {}


def furnish(client: Any, author: Any) -> None:
    """Give the client what these rows need."""
