"""Gunicorn's settings for Wingman (`gunicorn -c config/gunicorn.py config.wsgi`).

Threads in a few processes: a request spends much of its time waiting on the database, and
SQLite admits one writer at a time whatever the number of processes. docs/adr/0007.
Each can be changed from the environment: PORT, WINGMAN_BIND, WEB_CONCURRENCY, WINGMAN_THREADS.
"""

import os
from pathlib import Path

bind = os.environ.get("WINGMAN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WINGMAN_THREADS", "8"))
# A request waiting for SQLite's write lock may wait up to its busy timeout (30 s).
timeout = 60
graceful_timeout = 20
# Idle keep-alive connections wait in gthread's poller, not on a thread. Closing them sooner
# than a client's next click races that click (the client sees the connection reset).
keepalive = 75
accesslog = os.environ.get("WINGMAN_ACCESS_LOG", "-") or None
errorlog = "-"
control_socket_disable = True  # several servers may run on one machine (tests, benchmarks)

# `make run` is one command: with WINGMAN_WORKER_BESIDE set, the master starts the background
# worker (`manage.py db_worker`, django-tasks-db) beside the web workers and stops it on exit.
# In production the worker runs as a service of its own and this stays unset (README).
MANAGE = Path(__file__).resolve().parents[1] / "manage.py"
_worker: list = []


def when_ready(server):
    if os.environ.get("WINGMAN_WORKER_BESIDE"):
        import subprocess
        import sys

        _worker.append(
            subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
                [sys.executable, str(MANAGE), "db_worker", "--interval", "1", "--no-reload"]
            )
        )
        server.log.info("Background worker started (pid %s)", _worker[0].pid)


def on_exit(server):
    for process in _worker:
        process.terminate()
        try:
            process.wait(timeout=15)
        except Exception:
            process.kill()
