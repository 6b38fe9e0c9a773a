"""Wingman served for real, as `make run` serves it: its own database (a SQLite file in WAL, or a
new database on the PostgreSQL server the test run uses), migrated, with static files collected,
behind gunicorn with the demo settings and `config/gunicorn.py`."""

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@contextmanager
def own_database(directory: Path) -> Iterator[str]:
    """A new, empty database for a served install, removed afterwards: a SQLite file, or on
    PostgreSQL a database on the test run's server."""
    if not on_postgres():
        yield f"sqlite:///{directory / 'wingman.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"wingman_served_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        dbname="postgres",
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        autocommit=True,
    )
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def demo_environment(database_url: str, static: Path | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.demo",
        "DATABASE_URL": database_url,
        "DJANGO_STATIC_ROOT": str(static or static_root()),
        "WINGMAN_ACCESS_LOG": "",
        # As `make run`: the background worker beside the web server.
        "WINGMAN_WORKER_BESIDE": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


_collected: list[Path] = []


def static_root() -> Path:
    """Static files collected once for every served install of this test run."""
    if not _collected:
        root = Path(tempfile.mkdtemp(prefix="wingman-static-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        manage(demo_environment("sqlite://:memory:", root), "collectstatic", "--noinput", "-v", "0")
        _collected.append(root)
    return _collected[0]


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[str]:
    """gunicorn with `config/gunicorn.py` on a free loopback port; yields its base URL."""
    port = free_port()
    with log.open("w") as errors:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
            env={**env, "PORT": str(port)},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=5):
                        break
                except (OSError, urllib.error.HTTPError):
                    assert server.poll() is None, log.read_text()[-3000:]
                    time.sleep(0.1)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)
