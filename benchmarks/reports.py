"""The monthly report's speed at demo scale and at 100x: one borough's busiest month, built by
`monthly_report`, next to a hand-written SQL aggregate over the same rows (the borough's funded
minutes by type of contact and its referrals by source, the least the report must read), with
the ratio of the two and the report's query count at each size (the goal: the same count).

    .venv/bin/python benchmarks/reports.py [--scales 1,100] [--repeats 5] [--database sqlite]

Each scale is measured in its own process against its own database, built as `pages.py` builds
them (`seed_demo --scale N`, kept under var/bench/ or on BENCH_DATABASE_URL's server).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pages import create_postgres_database, database_for  # noqa: E402

SQL = """
SELECT c.contact_type, SUM(c.minutes)
  FROM casework_contact c
  JOIN casework_journey j ON j.id = c.journey_id
  JOIN referrals_fundingstream s ON s.id = j.funding_stream_id
 WHERE s.borough_id = %s AND c.occurred_on BETWEEN %s AND %s
 GROUP BY c.contact_type;
"""
SQL_REFERRALS = """
SELECT r.source, COUNT(*)
  FROM referrals_referral r
  JOIN people_client p ON p.id = r.client_id
  JOIN accounts_team t ON t.id = p.team_id
  LEFT JOIN referrals_fundingstream s ON s.id = r.funding_stream_id
 WHERE COALESCE(s.borough_id, t.borough_id) = %s AND r.received_on BETWEEN %s AND %s
 GROUP BY r.source;
"""


def measure(repeats: int) -> dict[str, float]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.test.utils import CaptureQueriesContext

    from wingman.accounts.models import Borough
    from wingman.casework.models import Contact
    from wingman.reports.monthly import month_bounds, monthly_report

    busiest = (
        Contact.objects.filter(journey__funding_stream__isnull=False)
        .annotate(month=TruncMonth("occurred_on"))
        .values("journey__funding_stream__borough", "month")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    borough = Borough.objects.select_related("organisation").get(
        pk=busiest["journey__funding_stream__borough"]
    )
    month = busiest["month"]
    month = month.date() if hasattr(month, "date") else month
    periods = month_bounds(month, month)

    def report() -> None:
        monthly_report(borough=borough, start=month, end=month)

    def by_hand() -> None:
        with connection.cursor() as cursor:
            for sql in (SQL, SQL_REFERRALS):
                cursor.execute(sql, [borough.pk, periods.start, periods.end])
                cursor.fetchall()

    out: dict[str, float] = {"contacts": busiest["n"]}
    for name, call in (("report", report), ("sql", by_hand)):
        call()
        times = []
        queries = 0
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                call()
                times.append((time.perf_counter() - start) * 1000)
            queries = len(ctx.captured_queries)
        out[f"{name}_ms"] = statistics.median(times)
        out[f"{name}_queries"] = queries
    return out


def run_child(scale: str, repeats: int, kind: str) -> dict[str, float]:
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
    subprocess.run(
        [py, "manage.py", "seed_demo", "--if-empty", "--scale", scale],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    out = subprocess.run(
        [py, __file__, "--child", "--repeats", str(repeats)],
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
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.repeats)))
        return
    scales = args.scales.split(",")
    results = {s: run_child(s, args.repeats, args.database) for s in scales}
    print(f"{'scale':>6}{'contacts':>10}{'report ms':>11}{'queries':>9}{'sql ms':>9}{'ratio':>8}")
    for s in scales:
        r = results[s]
        print(
            f"{s:>6}{r['contacts']:>10.0f}{r['report_ms']:>11.1f}{r['report_queries']:>9.0f}"
            f"{r['sql_ms']:>9.2f}{r['report_ms'] / r['sql_ms']:>7.0f}x"
        )
    same = len({results[s]["report_queries"] for s in scales}) == 1
    print("query counts the same at every scale" if same else "query counts GREW with the data")


if __name__ == "__main__":
    main()
