"""The permission matrix's rows for dashboards, and what they need."""

from typing import Any

from wingman.tests.rows import Row

ROWS: dict[tuple[str, str], Row] = {}


def furnish(client: Any, author: Any) -> None:
    """Nothing to furnish yet."""
