"""The permission matrix's rows for risk flags, the on-call rota and the crisis call."""

from typing import Any

from wingman.tests.rows import Row

ROWS: dict[tuple[str, str], Row] = {}


def furnish(client: Any, author: Any) -> None:
    """Give the client what these rows need."""
