"""Database triggers refusing any change or removal of a table's rows, for migrations of
append-only tables outside the audit itself (a safeguarding concern's chronology, say). They
carry the names `checks.expected_triggers` looks for, so the system check covers them too."""

from typing import Any

MESSAGE = "these rows are append-only"


def create_triggers(schema_editor: Any, tables: tuple[str, ...]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION wingman_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;"
        )
        for table in tables:
            # ON CONFLICT DO UPDATE fires the update trigger, so an upsert is refused too.
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION wingman_append_only();"
            )
    elif vendor == "sqlite":
        for table in tables:
            for op in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
                )
            # REPLACE deletes the old row without firing delete triggers. (Table names come
            # from the migrations' own constants, never from input.)
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "  # noqa: S608
                f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )


def drop_triggers(schema_editor: Any, tables: tuple[str, ...]) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            for name in ("no_update", "no_delete", "no_replace"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{name};")
