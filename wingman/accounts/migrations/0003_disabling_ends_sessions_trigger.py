"""However an account is disabled (a service, the back office, a queryset `update()`, raw SQL), the
database itself ends every session it has, so re-enabling it never brings an old session back.

Every sign-in records its session in `accounts_staffsession` (a `user_logged_in` receiver), and
sessions live in the database (`SESSION_ENGINE`, checked at start-up). When `is_active` goes from
true to false, this trigger deletes those sessions.

SQLite drops a table's triggers when Django rebuilds the table to alter it: a later migration that
alters `accounts_user` must run `create` again. `accounts/tests/test_disabling_ends_sessions.py` fails if the
trigger is missing after all migrations."""

from django.db import migrations

TRIGGER = "accounts_user_disabled_ends_sessions"
END_SESSIONS = """
    DELETE FROM django_session WHERE session_key IN
        (SELECT session_key FROM accounts_staffsession WHERE user_id = NEW.id);
    DELETE FROM accounts_staffsession WHERE user_id = NEW.id;
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION wingman_end_sessions_of_disabled_staff() RETURNS trigger
            AS $$ BEGIN {END_SESSIONS} RETURN NULL; END; $$ LANGUAGE plpgsql;
            """
        )
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF is_active ON accounts_user "
            "FOR EACH ROW WHEN (OLD.is_active AND NOT NEW.is_active) "
            "EXECUTE FUNCTION wingman_end_sessions_of_disabled_staff();"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF is_active ON accounts_user "
            f"FOR EACH ROW WHEN OLD.is_active AND NOT NEW.is_active BEGIN {END_SESSIONS} END;"
        )
    else:
        raise NotImplementedError(f"no trigger ending sessions of disabled staff for {vendor}")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON accounts_user;")
        schema_editor.execute("DROP FUNCTION IF EXISTS wingman_end_sessions_of_disabled_staff();")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER};")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_staff_flags_follow_role_enrolment_codes"),
        ("sessions", "0001_initial"),
    ]
    operations = [migrations.RunPython(create, drop)]
