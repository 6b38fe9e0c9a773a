"""Page speed at demo scale and at 100x: p50/p95 and query counts of the home page, the caseload
(clients list), a client record and saving a contact, signed in as the demo caseworker, each also
as a ratio to a minimal signed-in view (one that does nothing but answer, through every check a
signed-in request passes: session, account, licensed hours, two-factor, the request's
transaction), so that what a page costs of its own is plain.

    .venv/bin/python benchmarks/pages.py [--scales 1,100] [--requests 60] [--database sqlite]

Each scale is measured in its own process against its own database, built once with
`seed_demo --scale N` and kept: SQLite files under var/bench/, or with `--database postgres`
databases bench_1, bench_100, ... created on the server that BENCH_DATABASE_URL names (for a
throwaway one, `scripts/pg start DIR` prints a URL). This script prints both and their ratios.
The goals: query counts do not grow with the data, and p95 at 100x is within 1.3x of 1x.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["minimal", "home", "caseload", "client record", "contact save"]


def minimal_urlconf() -> object:
    """The service's addresses plus the minimal signed-in view."""
    import types

    from django.contrib.auth.decorators import login_required
    from django.http import HttpRequest, HttpResponse
    from django.urls import path

    import config.urls

    @login_required
    def minimal(request: HttpRequest) -> HttpResponse:
        return HttpResponse("signed in")

    module = types.ModuleType("minimal_urls")
    module.urlpatterns = [path("minimal/", minimal), *config.urls.urlpatterns]  # type: ignore[attr-defined]
    for name in ("handler400", "handler403", "handler404", "handler500"):
        if hasattr(config.urls, name):
            setattr(module, name, getattr(config.urls, name))
    return module


def measure(requests: int) -> dict[str, dict[str, float]]:
    """Runs inside a child process whose DATABASE_URL points at one seeded database."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from testing.helpers import date_boxes, sign_in
    from wingman.accounts.models import User
    from wingman.casework.selectors import caseload_of
    from wingman.core.models import FormSubmission

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ROOT_URLCONF = minimal_urlconf()
    user = User.objects.get(username="caseworker")
    browser = Client()
    sign_in(browser, user)
    clients = list(caseload_of(user).values_list("pk", flat=True)[:20])

    def contact_post(i: int) -> tuple[str, dict[str, str]]:
        return (
            f"/clients/{clients[i % len(clients)]}/contacts/new/",
            {
                **date_boxes("occurred_on", date.today()),
                "minutes": "30",
                "contact_type": "phone",
                "pathways": "accommodation",
                "note": "Benchmark call",
                "form_token": FormSubmission.new_token(),
            },
        )

    calls = {
        "minimal": lambda i: browser.get("/minimal/"),
        "home": lambda i: browser.get("/"),
        "caseload": lambda i: browser.get("/clients/"),
        "client record": lambda i: browser.get(f"/clients/{clients[i % len(clients)]}/"),
        "contact save": lambda i: browser.post(*contact_post(i)),
    }
    results: dict[str, dict[str, float]] = {}
    for name, call in calls.items():
        for i in range(5):  # warm up
            call(i)
        times, queries = [], []
        for i in range(requests):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = call(i)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code in (200, 302), (name, response.status_code)
            queries.append(len(ctx.captured_queries))
        times.sort()
        results[name] = {
            "p50_ms": statistics.median(times),
            "p95_ms": times[int(len(times) * 0.95) - 1],
            "queries": statistics.median(queries),  # a session renewal adds 3 once a minute
        }
    return results


def database_for(scale: str, kind: str) -> str:
    if kind == "postgres":
        return (
            os.environ["BENCH_DATABASE_URL"].rsplit("/", 1)[0] + f"/bench_{scale.replace('.', '_')}"
        )
    path = ROOT / "var" / "bench" / f"scale-{scale}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def create_postgres_database(url: str) -> None:
    """Create the database a URL names, on its server, unless it exists."""
    import psycopg
    from psycopg import sql

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run_child(scale: str, requests: int, kind: str) -> dict[str, dict[str, float]]:
    if kind == "postgres":
        create_postgres_database(database_for(scale, kind))
    env = dict(
        os.environ,
        DATABASE_URL=database_for(scale, kind),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
    )
    py = sys.executable
    subprocess.run(
        [py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    started = time.perf_counter()
    subprocess.run(
        [py, "manage.py", "seed_demo", "--if-empty", "--scale", scale],
        cwd=ROOT,
        env=env,
        check=True,
    )
    print(
        f"scale {scale}: database ready in {time.perf_counter() - started:.0f} s", file=sys.stderr
    )
    out = subprocess.run(
        [py, __file__, "--child", "--requests", str(requests)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="1,100")
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="postgres: BENCH_DATABASE_URL names a server; a database per scale, made if missing",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.requests)))
        return
    scales = args.scales.split(",")
    results = {scale: run_child(scale, args.requests, args.database) for scale in scales}
    base = results[scales[0]]
    print(
        f"{'page':<15}"
        + "".join(f"{'x' + s + ' p50':>12}{'p95':>9}{'queries':>9}" for s in scales)
        + f"{'p95 ratio':>11}"
    )
    ok = True
    for page in PAGES:
        row = f"{page:<15}"
        for s in scales:
            r = results[s][page]
            row += f"{r['p50_ms']:>12.1f}{r['p95_ms']:>9.1f}{r['queries']:>9.0f}"
        last = results[scales[-1]][page]
        ratio = last["p95_ms"] / base[page]["p95_ms"]
        same_queries = last["queries"] == base[page]["queries"]
        ok &= ratio <= 1.3 and same_queries
        row += f"{ratio:>10.2f}x" + ("" if same_queries else "  queries grew")
        print(row)
    print("goal met" if ok else "goal NOT met: p95 ratio over 1.3 or query counts grew")
    print()
    print("Each page against the minimal signed-in view, at each scale (p50 ratio, queries ratio):")
    print(f"{'page':<15}" + "".join(f"{'x' + s + ' p50':>12}{'queries':>9}" for s in scales))
    for page in PAGES[1:]:
        row = f"{page:<15}"
        for s in scales:
            r, floor = results[s][page], results[s]["minimal"]
            row += (
                f"{r['p50_ms'] / floor['p50_ms']:>11.1f}x{r['queries'] / floor['queries']:>8.1f}x"
            )
        print(row)
    print(f"(the minimal view: {results[scales[0]]['minimal']['queries']:.0f} queries)")


if __name__ == "__main__":
    main()
