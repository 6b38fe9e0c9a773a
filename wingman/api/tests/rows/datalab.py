"""The API permission matrix's rows for the Justice Data Lab. Neither path names a client."""

from typing import Any

from wingman.api.tests.rows import Row

ROWS: dict[str, Row] = {
    "get_datalab_readiness": (
        "get",
        lambda c: "/justice-data-lab/readiness",
        None,
        "export to the Justice Data Lab",
        200,
    ),
    # The world has far fewer than the Lab's 60 people: whoever may make the file is told so
    # (422); the file itself is tested in wingman/datalab/tests and wingman/api/tests.
    "get_datalab_file": (
        "get",
        lambda c: "/justice-data-lab/file",
        None,
        "export to the Justice Data Lab",
        422,
    ),
}
UNSCOPED = {"get_datalab_readiness", "get_datalab_file"}


def furnish(client: Any, author: Any) -> None:
    """Nothing to furnish: the operations find what there is."""
