"""The API permission matrix's rows for reports."""

from typing import Any

from wingman.api.tests.rows import Row

ROWS: dict[str, Row] = {}


def furnish(client: Any, author: Any) -> None:
    """Nothing to furnish yet."""
