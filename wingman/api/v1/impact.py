"""The API's impact operations."""

from ninja import Router

router = Router(tags=["impact"])
