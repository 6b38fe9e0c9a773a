from django.db.backends.sqlite3 import base

from ..base import AuditChainMixin


class DatabaseWrapper(AuditChainMixin, base.DatabaseWrapper):
    """SQLite, linking audit rows into the chain at commit."""
