from django.db.backends.postgresql import base

from ..base import AuditChainMixin


class DatabaseWrapper(AuditChainMixin, base.DatabaseWrapper):
    """PostgreSQL, linking audit rows into the chain at commit."""
