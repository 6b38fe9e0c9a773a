"""Eight writers at once, 25 transactions each, some rolling back wholly or to a savepoint: the
chain stays whole and holds every committed row and nothing else, on both databases."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from wingman.audit.models import AccessEvent, AuditEvent, AuditLink
from wingman.audit.verify import verify

from .writers import run

THREADS, TRANSACTIONS = 8, 25
# The transactions that commit: all but every fifth (n % 5 == 3).
EXPECTED = {
    f"writer {w} transaction {n}" for w in range(THREADS) for n in range(TRANSACTIONS) if n % 5 != 3
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite: see the next test")
@pytest.mark.django_db(transaction=True)
def test_parallel_transactions_leave_a_whole_chain_on_postgresql():
    assert run(THREADS, TRANSACTIONS) == EXPECTED
    assert set(AuditEvent.objects.values_list("summary", flat=True)) == EXPECTED
    assert AccessEvent.objects.count() == 2 * len(EXPECTED)
    assert AuditLink.objects.count() == 3 * len(EXPECTED)
    assert verify().problems == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL: see the test before")
def test_parallel_transactions_leave_a_whole_chain_on_a_sqlite_file(tmp_path: Path):
    # Threads need a database file (an in-memory one shares a cache with table locks), so this
    # runs in a process of its own against a fresh file.
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'writers.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    done = subprocess.run(
        [sys.executable, "-m", "wingman.audit.tests.writers", str(THREADS), str(TRANSACTIONS)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(result["committed"]) == EXPECTED
    assert set(result["summaries"]) == EXPECTED
    assert result["access_rows"] == 2 * len(EXPECTED)
    assert result["links"] == 3 * len(EXPECTED)
    assert result["problems"] == []
