"""The database refuses to overwrite audit rows with SQLite's REPLACE or an upsert (REPLACE deletes
the old row without firing delete triggers), and guards the chain's links as it guards the rows."""

from django.db import migrations

ROWS = ("audit_auditevent", "audit_accessevent")
LINKS = "audit_auditlink"
# A new link may not take the place of any existing one: its id, its row, or its place in the chain
# (the link table's unique keys, on which REPLACE would delete the link already there).
LINK_CLASH = (
    "id = NEW.id OR (row_table = NEW.row_table AND row_id = NEW.row_id) OR previous = NEW.previous"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # The function comes from 0002; ON CONFLICT DO UPDATE fires the update trigger.
        schema_editor.execute(
            f"CREATE TRIGGER {LINKS}_append_only BEFORE UPDATE OR DELETE ON {LINKS} "
            "FOR EACH ROW EXECUTE FUNCTION wingman_audit_append_only();"
        )
    elif vendor == "sqlite":
        for table in ROWS:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
            )
        for op in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER {LINKS}_no_{op.lower()} BEFORE {op} ON {LINKS} "
                "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
            )
        schema_editor.execute(
            f"CREATE TRIGGER {LINKS}_no_replace BEFORE INSERT ON {LINKS} "
            f"WHEN EXISTS (SELECT 1 FROM {LINKS} WHERE {LINK_CLASH}) "
            "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {LINKS}_append_only ON {LINKS};")
    elif vendor == "sqlite":
        for table in ROWS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace;")
        for name in ("no_update", "no_delete", "no_replace"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {LINKS}_{name};")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_audit_chain_links")]
    operations = [migrations.RunPython(create, drop)]
