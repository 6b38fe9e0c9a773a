"""Exceptions services raise for the views and the API to turn into clear answers."""

from typing import Any


class ServiceError(Exception):
    """A request that cannot be carried out as asked; the message is shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(ServiceError):
    """The actor's role may not do this (views answer 403; out-of-scope records answer 404)."""


class InvalidTransition(ServiceError):
    """A workflow step that is not allowed from the record's current state."""


class EditConflict(ServiceError):
    """Someone else saved the record since this edit began."""

    def __init__(self, message: str, *, current: Any, submitted: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current
        self.submitted = submitted
