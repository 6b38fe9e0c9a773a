"""The API's datalab operations."""

from ninja import Router

router = Router(tags=["datalab"])
