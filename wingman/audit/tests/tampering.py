"""For tests that tamper with the audit trail as its owner would: SQL run with the append-only
triggers out of the way (on SQLite the test module lifts them; on PostgreSQL the owner disables
them around the statements, as an attacker with the owner's rights could)."""

from typing import Any

from django.db import connection

TABLES = ("audit_auditevent", "audit_accessevent", "audit_auditlink")


def as_owner(*statements: str, params: Any = None) -> list[Any]:
    """Runs each statement in its own committed transaction; returns what each one returned."""
    results = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            for statement in statements:
                cursor.execute(statement, params)
                results.append(cursor.fetchall() if cursor.description else None)
        finally:
            if connection.vendor == "postgresql":
                for table in TABLES:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    return results


def insert_access_row_directly(object_id: str = "slipped-in") -> int:
    """An access row written with SQL, not through Wingman."""
    (rows,) = as_owner(
        "INSERT INTO audit_accessevent (at, kind, object_type, object_id, channel, path) "
        f"VALUES (CURRENT_TIMESTAMP, 'view', 'people.client', '{object_id}', 'web', '/') "
        "RETURNING id"
    )
    return int(rows[0][0])
