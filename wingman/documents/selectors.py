"""What other pages show of documents."""

from typing import Any


def for_client_record(viewer: Any, client: Any) -> dict[str, Any]:
    """What the client record shows of this app, for `viewer` (who may see `client`)."""
    return {}
