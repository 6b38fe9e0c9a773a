"""Helpers for tests and benchmarks: signing a test client in past two-factor, lifting the audit
triggers for live-server tests on SQLite, and dates as typed into a form's date boxes."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.utils import timezone

from wingman.accounts.models import User


def sign_in(client: Any, user: User) -> None:
    """Sign a Django test client in as `user`, past two-factor, as the sign-in pages would."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wingman.accounts.services import SIGNED_IN_AT

    client.force_login(user)
    session = client.session
    session[SIGNED_IN_AT] = timezone.now().timestamp()
    device = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first() or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session["otp_device_id"] = device.persistent_id
    session.save()


def enrolment_code_for(user: User, reason: str = "new_account") -> str:
    """Reset `user`'s sign-in and hand the enrolment code over from the command line, as
    `manage.py issue_enrolment_code` does; returns the code the person would type."""
    from wingman.accounts.services import enrolment_code_issue, enrolment_reset

    code = enrolment_reset(actor=None, user=user, reason=reason)
    return enrolment_code_issue(actor=None, code=code)


@contextmanager
def audit_triggers_lifted_on_sqlite(django_db_blocker: Any) -> Iterator[None]:
    """For tests against a live server. Its database is emptied after each test: PostgreSQL does
    that with TRUNCATE, which the audit tables' append-only triggers allow, but SQLite deletes
    row by row, which they refuse. So on SQLite only, the triggers are lifted meanwhile (the
    audit's, and every other append-only table's: a safeguarding concern's chronology, unit
    costs, issued reports)."""
    import importlib

    from django.db import connection

    from wingman.audit import append_only

    chronology = tuple(
        table
        for name in (
            "wingman.safeguarding.migrations.0002_the_chronology_is_append_only",
            "wingman.costs.migrations.0002_first_unit_costs",
            "wingman.reports.migrations.0003_issued_reports",
        )
        for table in importlib.import_module(name).TABLES
    )

    class Chronology:
        @staticmethod
        def drop(apps: Any, editor: Any) -> None:
            append_only.drop_triggers(editor, chronology)

        @staticmethod
        def create(apps: Any, editor: Any) -> None:
            append_only.create_triggers(editor, chronology)

    migrations: list[Any] = [
        importlib.import_module(f"wingman.audit.migrations.{name}")
        for name in ("0002_append_only_triggers", "0004_refuse_replace_and_guard_links")
    ] + [Chronology]
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with django_db_blocker.unblock(), connection.schema_editor() as editor:
            for triggers in migrations:
                triggers.drop(None, editor)
    try:
        yield
    finally:
        if sqlite:
            # Dropped first: a test that migrates may have made some of them again meanwhile.
            with django_db_blocker.unblock(), connection.schema_editor() as editor:
                for triggers in migrations:
                    triggers.drop(None, editor)
                    triggers.create(None, editor)


def date_boxes(name: str, day: date | None) -> dict[str, str]:
    """A date as a person types it into the GOV.UK date input's day, month and year boxes."""
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def work_through_the_queue() -> None:
    """Run django-tasks-db's own worker until the queue is empty, inside the test's transaction.

    The worker calls `close_old_connections()` on waking and between tasks; inside the test's
    wrapping transaction Django takes the connection for obsolete (autocommit is off) and closes
    it, which PostgreSQL cannot survive. Nothing else about the worker is changed.
    """
    from unittest import mock

    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
