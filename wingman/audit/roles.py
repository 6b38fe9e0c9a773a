"""Two PostgreSQL roles: migrations run as the owner of the tables; the application runs as a role
(WINGMAN_DATABASE_APP_ROLE) that may read and write ordinary tables but only insert and read
audit rows, and cannot truncate them or touch their triggers (only an owner can). After every
`migrate` the grants are made again for every table there is, so new tables follow."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

# What a role must not be able to do to an audit table for the trail to hold.
REWRITES = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER")


def audit_tables() -> list[str]:
    """Every append-only table: the audit rows and the chain's links."""
    from .models import AppendOnlyModel

    return sorted(
        model._meta.db_table for model in apps.get_models() if issubclass(model, AppendOnlyModel)
    )


def grant_application_role(*, using: str = "default", **_: Any) -> None:
    """post_migrate: gives the application role what it needs, and no more, on every table."""
    role = settings.WINGMAN_DATABASE_APP_ROLE
    connection = connections[using]
    if connection.vendor != "postgresql" or not role:
        return
    quote = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT current_schema(), current_user")
        schema, me = cursor.fetchone()
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            raise ImproperlyConfigured(
                f"WINGMAN_DATABASE_APP_ROLE names {role!r}, which is not a role on this database "
                "server: create it first (README, 'Running in production')."
            )
        if role == me:
            raise ImproperlyConfigured(
                f"migrate is running as {role!r}, the application role: run it as the owner of "
                "the tables (README, 'Running in production')."
            )
        existing = set(connection.introspection.table_names(cursor))
        guarded = [quote(t) for t in audit_tables() if t in existing]
        s, r = quote(schema), quote(role)
        statements = [
            f"GRANT USAGE ON SCHEMA {s} TO {r}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        ]
        if guarded:
            statements.append(f"REVOKE UPDATE, DELETE ON {', '.join(guarded)} FROM {r}")
        if "django_migrations" in existing:
            statements.append(f"REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM {r}")
        for statement in statements:
            cursor.execute(statement)


def rewriting_powers(using: str = "default") -> tuple[str, list[str]]:
    """On PostgreSQL: the role the application runs as (the configured role, else the one this
    connection uses), and what it could do to rewrite the audit trail (empty when nothing)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        role = settings.WINGMAN_DATABASE_APP_ROLE or cursor.fetchone()[0]
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            return role, ["it does not exist on this database server"]
        if found[0]:
            return role, ["it is a superuser"]
        existing = set(connection.introspection.table_names(cursor))
        powers = []
        for table in audit_tables():
            if table not in existing:
                continue
            cursor.execute(
                "SELECT pg_has_role(%s, tableowner, 'USAGE') FROM pg_tables "
                "WHERE schemaname = current_schema() AND tablename = %s",
                [role, table],
            )
            owner = cursor.fetchone()
            if owner and owner[0]:
                powers.append(f"it owns {table} (so it can drop or disable its triggers)")
                continue
            for privilege in REWRITES:
                cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
                if cursor.fetchone()[0]:
                    powers.append(f"it may {privilege} {table}")
    return role, powers
