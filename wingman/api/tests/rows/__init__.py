"""The API permission matrix's row: each app's rows are in a module here named after it, with
`ROWS` and `furnish(client, author)`.

A row is (method, path for a furnished client, body or None, capability, status on success)."""

from collections.abc import Callable
from typing import Any

Row = tuple[str, Callable[[Any], str], Callable[[Any], Any] | None, str, int]

# Each app's rows, imported last: they build on `Row`.
from wingman.api.tests.rows import (  # noqa: E402
    assessments,
    court,
    datalab,
    documents,
    family,
    impact,
    offending,
    outcomes,
    plans,
    reports,
    safeguarding,
)

APPS = (
    documents,
    assessments,
    plans,
    outcomes,
    offending,
    family,
    court,
    safeguarding,
    reports,
    impact,
    datalab,
)
__all__ = ["APPS", "Row"]
