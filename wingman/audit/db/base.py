from typing import Any


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

            link_pending(self)
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
