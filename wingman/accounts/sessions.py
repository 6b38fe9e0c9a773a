"""Database sessions that are renewed at most once a minute instead of on every request.

A session ends after 30 minutes without a request (`SESSION_COOKIE_AGE`). Saving it on every
request kept that promise at the price of a write per request, which on SQLite waits for the one
write lock. Here a request renews the session only when it was last saved more than
`RENEW_AFTER` seconds ago, so an idle session still ends 30 minutes after the last renewal:
never later than 30 minutes after the last request, and at most a minute earlier.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

RENEW_AFTER = 60


class SessionStore(DatabaseSessionStore):
    stored_expiry: datetime | None = None

    def _get_session_from_db(self) -> Any:
        stored = super()._get_session_from_db()  # type: ignore[misc]
        self.stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def load(self) -> dict[str, Any]:
        data = super().load()
        if self.stored_expiry is not None and data:
            renewed = self.stored_expiry - timedelta(seconds=settings.SESSION_COOKIE_AGE)
            if timezone.now() - renewed > timedelta(seconds=RENEW_AFTER):
                self.modified = True
        return data
