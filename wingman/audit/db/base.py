from typing import Any

from django.db import DatabaseError


class AuditChainMixin:
    """Keeps the audit rows this transaction wrote (the models note them) and links them into the
    chain as the last thing before COMMIT, so the links commit or roll back with the rows."""

    audit_unlinked: list[tuple[str, int]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audit_unlinked = []

    def commit(self) -> None:
        if self.audit_unlinked:
            from wingman.audit.chain import link_pending

            try:
                link_pending(self)
            except DatabaseError:
                raise
            except Exception as error:
                # As a DatabaseError, so that transaction.atomic rolls the transaction back:
                # anything else would leave it to be committed without its links.
                raise DatabaseError(f"audit rows could not be sealed: {error}") from error
        super().commit()  # type: ignore[misc]
        self.audit_unlinked.clear()

    def rollback(self) -> None:
        try:
            super().rollback()  # type: ignore[misc]
        finally:
            self.audit_unlinked.clear()

    def close(self) -> None:
        try:
            super().close()  # type: ignore[misc]
        finally:
            self.audit_unlinked.clear()  # the transaction, if any, is gone with the connection
