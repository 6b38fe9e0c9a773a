"""Load: many caseworkers at once against the server `make run` starts (gunicorn with
`config/gunicorn.py` and the demo settings), measured with locust.

    .venv/bin/python benchmarks/load.py --database sqlite   --staff 50  [--seconds 120]
    .venv/bin/python benchmarks/load.py --database postgres --staff 200 [--seconds 180]

Each run builds its own database: a SQLite file under var/bench/ (in WAL, as `make run` has it),
or a throwaway PostgreSQL cluster from `scripts/pg`, stopped and removed afterwards. It is
migrated and seeded with `seed_demo`, and given one caseworker account per simulated member of
staff, each with a caseload of five clients. Those caseworkers sign in (two-factor is relaxed,
as in the demo), then open their home page, caseload and client records and log contacts
(`benchmarks/locustfile.py`), with one to five seconds between clicks, for a bounded time, on
loopback only. Prints requests, throughput, p50/p95 and errors per request type; the goal is no
error at all. `--json FILE` writes the same figures.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "wingman-demo-2026"  # noqa: S105 (the demo accounts', generator.DEMO_PASSWORD)
ORDER = ["sign-in page", "sign in", "home", "caseload", "client record", "contact form",
         "contact save"]  # fmt: skip

STAFF = """
import json
from django.contrib.auth.hashers import make_password
from wingman.accounts.choices import Role
from wingman.accounts.models import Team, User
from testing.factories import ClientFactory, JourneyFactory
teams = list(Team.objects.select_related("borough__organisation").order_by("pk"))
hashed = make_password({password!r})
accounts = []
for n in range({staff}):
    team = teams[n % len(teams)]
    user = User.objects.create(
        username=f"bench{{n:03d}}", first_name="Bench", last_name=f"Caseworker {{n}}",
        role=Role.CASEWORKER, team=team, organisation=team.borough.organisation, password=hashed,
    )
    clients = [ClientFactory(team=team, caseworker=user, created_by=user) for _ in range(5)]
    for client in clients:
        JourneyFactory(client=client)
    accounts.append({{"username": user.username, "clients": [c.pk for c in clients]}})
print(json.dumps(accounts))
"""


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


@contextmanager
def database(kind: str, work: Path) -> Iterator[tuple[str, str]]:
    """The database's URL for migrating and the URL the server connects with: on PostgreSQL the
    tables' owner and the application role, as an install runs them (README)."""
    if kind == "sqlite":
        path = work / "load.sqlite3"
        for stale in work.glob("load.sqlite3*"):
            stale.unlink()
        yield f"sqlite:///{path}", f"sqlite:///{path}"
        return
    cluster = Path(tempfile.mkdtemp(prefix="wingman-bench-pg-"))
    url = subprocess.run(
        [str(ROOT / "scripts" / "pg"), "start", str(cluster)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    try:
        yield url, url.replace("//wingman_owner@", "//wingman_app@")
    finally:
        subprocess.run([str(ROOT / "scripts" / "pg"), "stop", str(cluster)], check=False)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], errors: Path) -> Iterator[str]:
    port = free_port()
    with errors.open("w") as err:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=5):  # noqa: S310
                        break
                except OSError:
                    if server.poll() is not None:
                        sys.exit(errors.read_text()[-3000:])
                    time.sleep(0.1)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=60)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def figures(samples: list[list[Any]], since: float = 0.0) -> dict[str, dict[str, float]]:
    """Requests, throughput, p50/p95 and errors per request type, for requests ending after
    `since` (a time stamp)."""
    chosen = [s for s in samples if s[1] > since]
    if not chosen:
        return {}
    seconds = max(s[1] for s in chosen) - max(since, min(s[1] for s in samples))
    rows = {}
    for name in [*ORDER, "all"]:
        picked = [s for s in chosen if name in ("all", s[0])]
        if picked:
            rows[name] = {
                "requests": len(picked),
                "per_second": len(picked) / max(seconds, 1e-9),
                "p50_ms": percentile([s[2] for s in picked], 0.50),
                "p95_ms": percentile([s[2] for s in picked], 0.95),
                "errors": sum(1 for s in picked if s[3]),
            }
    return rows


def table(title: str, rows: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(f"{'request':<15}{'requests':>10}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
    for name, r in rows.items():
        print(
            f"{name:<15}{r['requests']:>10}{r['per_second']:>8.1f}"
            f"{r['p50_ms']:>9.0f}{r['p95_ms']:>9.0f}{r['errors']:>8}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--staff", type=int, default=50, help="simulated caseworkers")
    parser.add_argument("--seconds", type=int, default=120, help="how long the load lasts")
    parser.add_argument("--spawn-rate", type=float, default=5, help="caseworkers starting a second")
    parser.add_argument("--scale", default="1", help="seed_demo --scale (1: the demo's size)")
    parser.add_argument("--static-root", help="collected static files to reuse")
    parser.add_argument("--json", help="write the figures to this file as well")
    parser.add_argument("--work", help="folder for the database, logs and locust's CSV files")
    args = parser.parse_args()

    work = Path(args.work) if args.work else ROOT / "var" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    static = Path(args.static_root) if args.static_root else work / "static"
    with database(args.database, work) as (owner_url, app_url):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.demo",
            "DATABASE_URL": owner_url,
            "WINGMAN_DATABASE_APP_ROLE": "wingman_app" if args.database == "postgres" else "",
            "DJANGO_STATIC_ROOT": str(static),
            "WINGMAN_ACCESS_LOG": "",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        started = time.perf_counter()
        manage(env, "migrate", "--noinput", "-v", "0")
        if not (static / "staticfiles.json").exists() or not args.static_root:
            manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "seed_demo", "--scale", args.scale)
        accounts = manage(env, "shell", "-c", STAFF.format(staff=args.staff, password=PASSWORD))
        staff_file = work / f"staff-{args.database}.json"
        staff_file.write_text(accounts.strip().splitlines()[-1])
        log(f"{args.database}: database ready in {time.perf_counter() - started:.0f} s")

        errors = work / f"gunicorn-{args.database}.log"
        with gunicorn({**env, "DATABASE_URL": app_url}, errors) as base:
            prefix = work / f"locust-{args.database}"
            samples_file = work / f"samples-{args.database}.json"
            locust = subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f", str(ROOT / "benchmarks" / "locustfile.py"),
                    "--headless",
                    "--host", base,
                    "--users", str(args.staff),
                    "--spawn-rate", str(args.spawn_rate),
                    "--run-time", f"{args.seconds}s",
                    "--stop-timeout", "30",
                    "--csv", str(prefix),
                    "--only-summary",
                    "--loglevel", "WARNING",
                ],
                cwd=ROOT,
                env={
                    **env,
                    "WINGMAN_BENCH_STAFF": str(staff_file),
                    "WINGMAN_BENCH_PASSWORD": PASSWORD,
                    "WINGMAN_BENCH_SAMPLES": str(samples_file),
                },
                capture_output=True,
                text=True,
                timeout=args.seconds + 300,
                check=False,
            )  # fmt: skip
            if locust.returncode not in (0, 1):  # 1: some requests failed, reported below
                sys.exit(f"locust failed:\n{locust.stderr[-3000:]}")
        server_errors = errors.read_text().count("Traceback")
    samples = json.loads(samples_file.read_text())
    signed_in = [s[1] for s in samples if s[0] == "sign in"]
    whole = figures(samples)
    steady = figures(samples, since=max(signed_in)) if len(signed_in) == args.staff else {}
    where = f"{args.database}, {args.staff} caseworkers, gunicorn with the demo settings"
    table(f"The whole run ({args.seconds} s; {where})", whole)
    if steady:
        table("After every caseworker had signed in", steady)
    total = whole.get("all", {}).get("errors", 0)
    print(f"\nserver log: {server_errors} tracebacks")
    print("goal met: no errors" if total == 0 and server_errors == 0 else "goal NOT met: errors")
    failures = Path(f"{prefix}_failures.csv").read_text().strip().splitlines()[1:]
    for line in failures[:10]:
        print("  failure:", line)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "database": args.database,
                    "staff": args.staff,
                    "seconds": args.seconds,
                    "requests": whole,
                    "after_sign_in": steady,
                    "server_tracebacks": server_errors,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
