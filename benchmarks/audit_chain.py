"""What sealing audit rows into the chain at commit costs: audited transactions per second with
the linking and without it, and their ratio, on one database in one run.

    .venv/bin/python benchmarks/audit_chain.py [--database sqlite|postgres] [--transactions 200]
        [--rounds 5] [--workers 1,4]

Each transaction writes what a caseworker opening a list and a record writes: a list of 25
clients (25 access rows), one record viewed and one change (27 audit rows in all). Each worker is
a process of its own, as gunicorn's are; the workers of a round start together. Rounds with and
without linking alternate, so the machine's noise falls on both; the median of each is kept. Last,
one worker alternates linked and unlinked transaction by transaction (the steadiest figure on a
busy machine) and the median time of each is printed; then, on the synthetic demo service
(`seed_demo --scale 1`), the demo caseworker's caseload and a client record, request by request
with and without linking.
SQLite: a fresh file under var/bench/, one worker by default (SQLite has one writer at a time).
PostgreSQL: database bench_audit_chain on the server that BENCH_DATABASE_URL names (for a
throwaway one, `scripts/pg start DIR` prints a URL), made afresh each run; 1 and 4 workers.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def audited_transaction(n: int) -> None:
    from django.db import transaction

    from wingman.audit.models import AuditEvent
    from wingman.audit.services import record_change, record_list, record_view

    with transaction.atomic():
        record_list(actor=None, client_ids=range(n, n + 25))
        event = record_change(
            actor=None,
            action=AuditEvent.Action.UPDATE,
            obj=AuditEvent(pk=n),
            client_id=n,
            changes={"given_name": ["Old", "New"]},
            summary="benchmark",
        )
        record_view(actor=None, obj=event, client_id=n)


def worker(mode: str, transactions: int) -> None:
    """A child process: set up, say it is ready, wait for the word, write, say it is done."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from wingman.audit import chain

    if mode == "interleaved":
        interleaved(chain, transactions)
        return
    if mode == "pages":
        pages(chain, transactions)
        return
    if mode == "unlinked":
        chain.link_pending = lambda connection: 0
    for n in range(5):
        audited_transaction(n)  # warm up the connection and the caches
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(transactions):
        audited_transaction(n)
    print("done", flush=True)


def interleaved(chain: Any, transactions: int) -> None:
    """One process alternating linked and unlinked transactions one by one, so that the machine's
    load changes fall on both alike: prints the median time of each, in milliseconds."""
    linking = chain.link_pending
    times: dict[str, list[float]] = {"linked": [], "unlinked": []}
    for n in range(5):
        audited_transaction(n)
    for n in range(2 * transactions):
        mode = "linked" if n % 2 else "unlinked"
        chain.link_pending = linking if mode == "linked" else (lambda connection: 0)
        began = time.perf_counter()
        audited_transaction(n)
        times[mode].append((time.perf_counter() - began) * 1000)
    print(json.dumps({mode: statistics.median(ms) for mode, ms in times.items()}))


def pages(chain: Any, requests: int) -> None:
    """The demo caseworker's caseload (a list of clients) and a client record, request by
    request with and without linking: prints the median time of each, in milliseconds."""
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from testing.helpers import sign_in
    from wingman.accounts.models import User
    from wingman.casework.selectors import caseload_of

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    user = User.objects.get(username="caseworker")
    browser = Client()
    sign_in(browser, user)
    clients = list(caseload_of(user).values_list("pk", flat=True)[:20])
    paths = {
        "caseload": lambda i: "/clients/",
        "client record": lambda i: f"/clients/{clients[i % len(clients)]}/",
    }
    linking = chain.link_pending
    result: dict[str, float] = {}
    for name, path in paths.items():
        times: dict[str, list[float]] = {"linked": [], "unlinked": []}
        for i in range(5):
            browser.get(path(i))
        for i in range(2 * requests):
            mode = "linked" if i % 2 else "unlinked"
            chain.link_pending = linking if mode == "linked" else (lambda connection: 0)
            began = time.perf_counter()
            assert browser.get(path(i)).status_code == 200
            times[mode].append((time.perf_counter() - began) * 1000)
        for mode, ms in times.items():
            result[f"{name} {mode}"] = statistics.median(ms)
    print(json.dumps(result))


def transactions_per_second(env: dict[str, str], mode: str, workers: int, n: int) -> float:
    command = [sys.executable, __file__, "--worker", mode, "--transactions", str(n)]
    procs = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for _ in range(workers)
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    began = time.perf_counter()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "done"
    elapsed = time.perf_counter() - began
    for proc in procs:
        if proc.wait() != 0:
            raise SystemExit(f"a worker failed ({mode}, {workers} workers)")
    return workers * n / elapsed


def database_url(kind: str) -> str:
    if kind == "postgres":
        url = os.environ["BENCH_DATABASE_URL"].rsplit("/", 1)[0] + "/bench_audit_chain"
        create_postgres_database(url)
        return url
    path = ROOT / "var" / "bench" / "audit-chain.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def create_postgres_database(url: str) -> None:
    """A fresh database each run, so the chain and the verification start empty."""
    import psycopg
    from psycopg import sql

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--transactions", type=int, default=200, help="per worker and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", help="e.g. 1,4 (the default on PostgreSQL; 1 on SQLite)")
    parser.add_argument(
        "--worker", choices=["linked", "unlinked", "interleaved", "pages"], help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.transactions)
        return

    env = dict(
        os.environ,
        DATABASE_URL=database_url(args.database),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
    )
    py = sys.executable
    subprocess.run(
        [py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    print(f"{args.database}: {args.transactions} transactions a worker a round, 27 audit rows each")
    print(f"{'workers':>8} {'linked tx/s':>12} {'unlinked tx/s':>14} {'ratio':>6} {'+ms/tx':>7}")
    counts = args.workers or ("1,4" if args.database == "postgres" else "1")
    for workers in (int(w) for w in counts.split(",")):
        linked, unlinked = [], []
        for _ in range(args.rounds):
            linked.append(transactions_per_second(env, "linked", workers, args.transactions))
            unlinked.append(transactions_per_second(env, "unlinked", workers, args.transactions))
        with_links, without = statistics.median(linked), statistics.median(unlinked)
        added_ms = (1000 / with_links - 1000 / without) * workers
        print(
            f"{workers:>8} {with_links:>12.1f} {without:>14.1f} {with_links / without:>6.2f} "
            f"{added_ms:>7.2f}"
        )
    done = subprocess.run(
        [py, __file__, "--worker", "interleaved", "--transactions", str(args.transactions * 2)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    ms = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"one worker, alternating transaction by transaction: median {ms['linked']:.2f} ms "
        f"linked, {ms['unlinked']:.2f} ms unlinked, ratio of rates "
        f"{ms['unlinked'] / ms['linked']:.2f}, +{ms['linked'] - ms['unlinked']:.2f} ms"
    )
    subprocess.run(
        [py, "manage.py", "seed_demo", "--if-empty", "--scale", "1"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    done = subprocess.run(
        [py, __file__, "--worker", "pages", "--transactions", str(args.transactions // 2)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    ms = json.loads(done.stdout.strip().splitlines()[-1])
    for page in ("caseload", "client record"):
        linked, unlinked = ms[f"{page} linked"], ms[f"{page} unlinked"]
        print(
            f"demo caseworker's {page} page, request by request: median {linked:.2f} ms linked, "
            f"{unlinked:.2f} ms unlinked, ratio of rates {unlinked / linked:.2f}"
        )
    out = subprocess.run(
        [py, "manage.py", "audit_verify"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    # Rows written while linking was off are reported as not in the chain; nothing else may be.
    problems = [line for line in out.stdout.splitlines() if line.startswith("PROBLEM")]
    others = [line for line in problems if not line.startswith("PROBLEM (added)")]
    print(f"audit_verify afterwards: {len(problems)} rows written unlinked, {len(others)} other")
    if others:
        raise SystemExit("\n".join(others[:5]))


if __name__ == "__main__":
    main()
