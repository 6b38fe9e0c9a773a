"""System checks: the audit chain is switched on, and (with `check --database default`, and at
every `migrate`) the application's database role cannot rewrite the audit trail and the
append-only triggers are in place."""

from typing import Any

from django.conf import settings
from django.core import checks
from django.db import connections

CHAINING_ENGINES = ("wingman.audit.db.sqlite3", "wingman.audit.db.postgresql")


def expected_triggers(vendor: str, tables: list[str]) -> set[str]:
    if vendor == "postgresql":
        return {f"{t}_append_only" for t in tables}
    return {f"{t}_no_{op}" for t in tables for op in ("update", "delete", "replace")}


@checks.register()
def audit_chain_configured(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    found: list[checks.CheckMessage] = []
    for alias, config in settings.DATABASES.items():
        if config.get("ENGINE") not in CHAINING_ENGINES:
            found.append(
                checks.Error(
                    f"Database {alias!r} uses {config.get('ENGINE')}, which does not seal audit "
                    "rows into the audit chain.",
                    hint=f"Use one of {', '.join(CHAINING_ENGINES)}.",
                    id="audit.E001",
                )
            )
    if not getattr(settings, "WINGMAN_AUDIT_CHAIN_KEY", ""):
        found.append(
            checks.Error(
                "WINGMAN_AUDIT_CHAIN_KEY is not set, so audit rows cannot be sealed.",
                hint="Set it in the environment to a random value of 32+ characters.",
                id="audit.E002",
            )
        )
    return found


@checks.register(checks.Tags.database)
def audit_trail_guarded(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    from .roles import audit_tables, rewriting_powers

    found: list[checks.CheckMessage] = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor not in ("postgresql", "sqlite"):
            continue
        existing = set(connection.introspection.table_names())
        tables = [t for t in audit_tables() if t in existing]
        if not tables:
            continue  # not migrated yet
        if connection.vendor == "postgresql":
            role, powers = rewriting_powers(alias)
            if powers:
                found.append(
                    checks.Warning(
                        f"The application's database role {role!r} can rewrite the audit "
                        f"trail: {'; '.join(powers)}.",
                        hint="Run the application as a role that may only insert and read audit "
                        "rows, and name it in WINGMAN_DATABASE_APP_ROLE (README, 'Running in "
                        "production').",
                        id="audit.W001",
                    )
                )
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
                )
                present = {name for (name,) in cursor.fetchall()}
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                present = {name for (name,) in cursor.fetchall()}
        missing = sorted(expected_triggers(connection.vendor, tables) - present)
        if missing:
            found.append(
                checks.Warning(
                    f"Append-only triggers are missing or disabled on database {alias!r}: "
                    f"{', '.join(missing)}.",
                    hint="Someone with the owner's rights has lifted them: run "
                    "`manage.py audit_verify`, then restore them from the audit migrations.",
                    id="audit.W002",
                )
            )
    return found
