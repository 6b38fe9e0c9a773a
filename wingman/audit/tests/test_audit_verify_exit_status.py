"""`manage.py audit_verify` run as an operator would, on a SQLite file of its own: status 0 on an
intact trail, 1 and a plain account of the problem once a row has been changed behind Wingman's
back."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="runs on a SQLite file whatever the suite's database"
)


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_audit_verify_exits_0_when_intact_and_1_when_a_row_was_changed(tmp_path: Path):
    database = tmp_path / "wingman.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    assert manage(env, "migrate", "-v", "0").returncode == 0
    written = manage(
        env,
        "shell",
        "-c",
        "from wingman.audit.services import record_security; "
        "[record_security(actor=None, action='security', summary=f'event {i}') for i in range(3)]",
    )
    assert written.returncode == 0, written.stderr

    intact = manage(env, "audit_verify")
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "The audit trail is intact" in intact.stdout

    with sqlite3.connect(database) as db:
        db.execute("DROP TRIGGER audit_auditevent_no_update")
        db.execute("UPDATE audit_auditevent SET summary = 'nothing happened' WHERE id = 2")
    tampered = manage(env, "audit_verify")
    assert tampered.returncode == 1
    assert "Audit event 2 (" in tampered.stdout
    assert "has been changed since it was written" in tampered.stdout
    assert "tampered with: 1 problem" in tampered.stderr
