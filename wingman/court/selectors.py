"""What other pages show of court support."""

from datetime import date
from typing import Any


def for_client_record(viewer: Any, client: Any) -> dict[str, Any]:
    """What the client record shows of this app, for `viewer` (who may see `client`)."""
    return {}


def for_home(viewer: Any, *, today: date) -> dict[str, Any]:
    """What `viewer`'s home page shows of this app, and the clients it shows (for the access
    record) under "client_ids"."""
    return {}
