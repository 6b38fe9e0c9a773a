"""The demo service's assessments."""

from typing import Any


def add(builder: Any) -> None:
    """Add this app's records to the demo service, once its clients and journeys are written."""
