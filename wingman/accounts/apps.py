from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

DATABASE_SESSIONS = "django.contrib.sessions.backends.db"


class AccountsConfig(AppConfig):
    name = "wingman.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import signals  # noqa: F401

        checks.register(sessions_live_in_the_database, checks.Tags.security)


def sessions_live_in_the_database(**kwargs: Any) -> list[checks.CheckMessage]:
    """Disabling an account ends its sessions by a database trigger, which can only reach
    sessions kept in the database."""
    if settings.SESSION_ENGINE != DATABASE_SESSIONS:
        return [
            checks.Error(
                f"SESSION_ENGINE must be {DATABASE_SESSIONS!r}: disabling an account ends its "
                "sessions in the database, and sessions kept elsewhere would outlive it.",
                id="wingman.E001",
            )
        ]
    return []
