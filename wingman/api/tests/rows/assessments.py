"""The API permission matrix's rows for assessments."""

from typing import Any

from wingman.api.tests.rows import Row

ROWS: dict[str, Row] = {}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need."""
