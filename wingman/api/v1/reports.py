"""The API's reports operations."""

from ninja import Router

router = Router(tags=["reports"])
