"""What sealing audit rows into the chain at commit costs: audited transactions per second with
the linking and without it, and their ratio, on one database in one run.

    .venv/bin/python benchmarks/audit_chain.py [--database sqlite|postgres] [--transactions 300]
        [--rounds 5] [--threads 1,4]

Each transaction writes what a caseworker opening a list and a record writes: a list of 25
clients (25 access rows), one record viewed and one change (27 audit rows in all). Rounds with
and without linking alternate, so the machine's noise falls on both; the median of each is kept.
SQLite: a fresh file under var/bench/. PostgreSQL: database bench_audit_chain on the server that
BENCH_DATABASE_URL names (for a throwaway one, `scripts/pg start DIR` prints a URL), made if
missing. With more than one thread the writers run at once, each on its own connection.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def transactions_per_second(transactions: int, threads: int) -> float:
    from django.db import connections, transaction

    from wingman.audit.models import AuditEvent
    from wingman.audit.services import record_change, record_list, record_view

    start = threading.Barrier(threads + 1)
    failures: list[BaseException] = []

    def work(writer: int) -> None:
        try:
            start.wait()
            for n in range(transactions // threads):
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
        except BaseException as failure:
            failures.append(failure)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(w,)) for w in range(threads)]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise failures[0]
    return (transactions // threads) * threads / elapsed


def measure(transactions: int, rounds: int, threads: int) -> dict[str, float]:
    """Runs inside a child process whose DATABASE_URL points at a migrated database."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from wingman.audit import chain

    linking = chain.link_pending

    def not_linking(connection: Any) -> int:
        return 0

    with_links, without = [], []
    transactions_per_second(max(threads, 20), threads)  # warm up connections and caches
    for _ in range(rounds):
        chain.link_pending = linking
        with_links.append(transactions_per_second(transactions, threads))
        chain.link_pending = not_linking
        without.append(transactions_per_second(transactions, threads))
    chain.link_pending = linking

    from wingman.audit.verify import verify

    report = verify()
    assert not [p for p in report.problems if p.kind != "added"], report.problems[:3]
    linked, unlinked = statistics.median(with_links), statistics.median(without)
    return {"linked_tps": linked, "unlinked_tps": unlinked, "ratio": linked / unlinked}


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
    import psycopg
    from psycopg import sql

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--transactions", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", default="1,4")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.transactions, args.rounds, args.child)))
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
    print(f"{args.database}: {args.transactions} transactions a round, 27 audit rows each")
    print(f"{'threads':>8} {'linked tx/s':>12} {'unlinked tx/s':>14} {'ratio':>6}")
    for threads in (int(t) for t in args.threads.split(",")):
        out = subprocess.run(
            [py, __file__, "--child", str(threads), "--transactions", str(args.transactions),
             "--rounds", str(args.rounds)],
            cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{threads:>8} {result['linked_tps']:>12.1f} {result['unlinked_tps']:>14.1f} "
            f"{result['ratio']:>6.2f}"
        )


if __name__ == "__main__":
    main()
