from importlib import import_module
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class AccountsConfig(AppConfig):
    name = "wingman.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import signals  # noqa: F401

        checks.register(sessions_live_in_the_database, checks.Tags.security)


def sessions_live_in_the_database(**kwargs: Any) -> list[checks.CheckMessage]:
    """Disabling an account ends its sessions by a database trigger, which can only reach
    sessions kept in the database (Django's database sessions, or a store built on them)."""
    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store, DatabaseStore):
        return [
            checks.Error(
                f"SESSION_ENGINE {settings.SESSION_ENGINE!r} does not keep sessions in the "
                "database: disabling an account ends its sessions there, and sessions kept "
                "elsewhere would outlive it.",
                id="wingman.E001",
            )
        ]
    return []
