"""On PostgreSQL the application runs as a role that may insert and read audit rows and do
nothing else to them. These tests connect as that role, with psycopg, to the test database."""

import io
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.test import override_settings

from wingman.audit.checks import audit_trail_guarded
from wingman.audit.roles import audit_tables

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's"),
    pytest.mark.django_db,
]

AUDIT_TABLES = ("audit_auditevent", "audit_accessevent", "audit_auditlink")
# Append-only outside the audit: a safeguarding concern's chronology and its decisions.
CHRONOLOGY_TABLES = ("safeguarding_concernentry", "safeguarding_decision")
# Kept as written: versioned unit costs (a new figure is a new row) and reports as issued.
VERSION_TABLES = ("costs_unitcost", "reports_issuedreport")
NEW_ROW = {
    "audit_auditevent": "(at, action, object_type, object_id, summary, changes, channel, path) "
    "VALUES (now(), 'security', 'x', '', '', '{}', '', '')",
    "audit_accessevent": "(at, kind, object_type, object_id, channel, path) "
    "VALUES (now(), 'view', 'x', '', '', '')",
    "audit_auditlink": "(row_table, row_id, digest, previous, hash) "
    "VALUES ('x', 0, 'd', md5(random()::text), md5(random()::text))",
}
A_COLUMN = {"audit_auditevent": "summary", "audit_accessevent": "path", "audit_auditlink": "digest"}


@pytest.fixture
def as_app() -> Iterator[object]:
    """A psycopg connection as the application role, in a transaction that is rolled back."""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or None,
        dbname=db["NAME"],
        user=settings.WINGMAN_DATABASE_APP_ROLE,
    ) as app:
        assert (
            app.execute("SELECT current_user").fetchone()[0] == settings.WINGMAN_DATABASE_APP_ROLE
        )
        yield app
        app.rollback()


def insert(app, table: str) -> int:
    return app.execute(f"INSERT INTO {table} {NEW_ROW[table]} RETURNING id").fetchone()[0]


@pytest.mark.parametrize("table", AUDIT_TABLES)
def test_the_application_role_may_insert_and_read_audit_rows(as_app, table):
    row_id = insert(as_app, table)
    assert as_app.execute(f"SELECT id FROM {table} WHERE id = %s", [row_id]).fetchone() == (row_id,)


REWRITES = {
    "UPDATE": "UPDATE {table} SET {column} = 'rewritten' WHERE id = {row_id}",
    "DELETE": "DELETE FROM {table} WHERE id = {row_id}",
    "TRUNCATE": "TRUNCATE {table} CASCADE",
    "DISABLE TRIGGER": "ALTER TABLE {table} DISABLE TRIGGER {table}_append_only",
    "DISABLE TRIGGER ALL": "ALTER TABLE {table} DISABLE TRIGGER ALL",
    "DROP TRIGGER": "DROP TRIGGER {table}_append_only ON {table}",
    "ON CONFLICT DO UPDATE": "INSERT INTO {table} SELECT * FROM {table} WHERE id = {row_id} "
    "ON CONFLICT (id) DO UPDATE SET {column} = 'rewritten'",
}


@pytest.mark.parametrize("table", AUDIT_TABLES)
@pytest.mark.parametrize("what", REWRITES)
def test_the_application_role_cannot_rewrite_the_audit_trail(as_app, table, what):
    from psycopg import errors

    row_id = insert(as_app, table)
    statement = REWRITES[what].format(table=table, column=A_COLUMN[table], row_id=row_id)
    with pytest.raises(errors.InsufficientPrivilege), as_app.transaction():
        as_app.execute(statement)
    column = A_COLUMN[table]
    assert as_app.execute(f"SELECT {column} FROM {table} WHERE id = %s", [row_id]).fetchone()[
        0
    ] != ("rewritten")


def test_the_application_role_may_change_ordinary_tables_and_use_their_sequences(as_app):
    made = as_app.execute(
        "INSERT INTO django_content_type (app_label, model) VALUES ('probe', 'probe') RETURNING id"
    ).fetchone()[0]
    as_app.execute("UPDATE django_content_type SET model = 'changed' WHERE id = %s", [made])
    as_app.execute("DELETE FROM django_content_type WHERE id = %s", [made])
    as_app.execute("INSERT INTO django_session VALUES ('k', 'data', now())")
    assert as_app.execute("DELETE FROM django_session WHERE session_key = 'k'").rowcount == 1


def test_the_application_role_cannot_change_the_record_of_migrations(as_app):
    from psycopg import errors

    with pytest.raises(errors.InsufficientPrivilege), as_app.transaction():
        as_app.execute("DELETE FROM django_migrations")


def test_every_table_is_granted_to_the_application_role_with_audit_tables_insert_only():
    role = settings.WINGMAN_DATABASE_APP_ROLE
    assert set(AUDIT_TABLES + CHRONOLOGY_TABLES + VERSION_TABLES) == set(audit_tables())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, has_table_privilege(%s, tablename, 'SELECT'), "
            "has_table_privilege(%s, tablename, 'INSERT'), "
            "has_table_privilege(%s, tablename, 'UPDATE'), "
            "has_table_privilege(%s, tablename, 'DELETE'), "
            "has_table_privilege(%s, tablename, 'TRUNCATE') "
            "FROM pg_tables WHERE schemaname = current_schema()",
            [role] * 5,
        )
        rights = {name: tuple(granted) for name, *granted in cursor.fetchall()}
        cursor.execute(
            "SELECT sequencename, has_sequence_privilege(%s, sequencename, 'USAGE') "
            "FROM pg_sequences WHERE schemaname = current_schema()",
            [role],
        )
        sequences = dict(cursor.fetchall())
    assert len(rights) > 20
    for table, granted in rights.items():
        if table in AUDIT_TABLES + CHRONOLOGY_TABLES + VERSION_TABLES:
            assert granted == (True, True, False, False, False), table
        elif table == "django_migrations":
            assert granted == (True, False, False, False, False), table
        else:
            assert granted == (True, True, True, True, False), table
    assert sequences and all(sequences.values())


def test_a_table_added_by_a_later_migration_is_granted_after_migrate():
    role = settings.WINGMAN_DATABASE_APP_ROLE
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE wingman_later (id bigserial PRIMARY KEY, note text)")
        cursor.execute("SELECT has_table_privilege(%s, 'wingman_later', 'INSERT')", [role])
        assert cursor.fetchone() == (False,)
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        cursor.execute(
            "SELECT has_table_privilege(%s, 'wingman_later', 'SELECT, INSERT, UPDATE, DELETE'), "
            "has_sequence_privilege(%s, 'wingman_later_id_seq', 'USAGE')",
            [role, role],
        )
        assert cursor.fetchone() == (True, True)
        transaction.set_rollback(True)


def rewrite_warnings():
    return [m for m in audit_trail_guarded(databases=["default"]) if m.id == "audit.W001"]


def test_the_database_check_is_quiet_when_the_application_role_cannot_rewrite_the_audit():
    assert rewrite_warnings() == []


def test_the_database_check_warns_when_the_application_runs_as_the_owner():
    with override_settings(WINGMAN_DATABASE_APP_ROLE=""):
        [warning] = rewrite_warnings()
    assert "owns audit_auditevent" in warning.msg


def test_audit_verify_says_whether_the_application_role_could_rewrite_the_audit():
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    role = settings.WINGMAN_DATABASE_APP_ROLE
    assert f"role {role!r} can only add to and read the audit trail" in out.getvalue()
    with override_settings(WINGMAN_DATABASE_APP_ROLE=""):
        out = io.StringIO()
        call_command("audit_verify", stdout=out)
    assert "could rewrite the audit trail: it owns audit_accessevent" in out.getvalue()


def test_the_database_check_warns_when_the_application_role_was_granted_too_much():
    role = settings.WINGMAN_DATABASE_APP_ROLE
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'GRANT UPDATE ON audit_accessevent TO "{role}"')
        [warning] = rewrite_warnings()
        transaction.set_rollback(True)
    assert warning.msg.endswith("it may UPDATE audit_accessevent.")
