"""The monthly report's speed at demo scale and at 100x: one borough's busiest month, built by
`monthly_report`, next to hand-written SQL computing every figure it shows from the same rows
(referrals by source; journeys accepted, open and closed by reason; hours by type of contact and
by pathway; partner referrals; distance travelled; proven reoffending; outcomes against each
stream's indicators; unit costs), each for the borough by funding stream, for the month and the
month before. It prints the ratio of the two and each one's query count at each size (the goal:
at most 2x, and the same count at every size).

    .venv/bin/python benchmarks/reports.py [--scales 1,100] [--repeats 5] [--database sqlite]

Each size is measured in its own process against its own database: the demo service at scale 1
(`seed_demo`), and for N above 1 that service with every row a report reads copied N - 1 times
in set-based SQL (`copy_service`: each copy a new client with the same journeys, contacts,
assessments, offences and outcomes on the same days, in the same teams and streams), so that a
month has N times the work. Kept under var/bench/ or on BENCH_DATABASE_URL's server.

The hand-written SQL is a baseline for reading the rows, not a second report: it adds up minutes
per pathway in fractions rather than whole minutes, and hides nothing.
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

# The rows a report reads, in the order they can be copied, each with the columns that point at
# another copied table. Every other column is copied as it is.
COPIED = [
    ("people_client", {}),
    ("referrals_referral", {"client_id": "people_client"}),
    (
        "casework_journey",
        {"client_id": "people_client", "referral_id": "referrals_referral"},
    ),
    ("casework_stagechange", {"journey_id": "casework_journey"}),
    ("casework_contact", {"client_id": "people_client", "journey_id": "casework_journey"}),
    ("casework_contact_also_for", {"contact_id": "casework_contact"}),
    (
        "casework_partnerreferral",
        {"client_id": "people_client", "journey_id": "casework_journey"},
    ),
    (
        "assessments_assessment",
        {"client_id": "people_client", "journey_id": "casework_journey"},
    ),
    ("assessments_answer", {"assessment_id": "assessments_assessment"}),
    ("offending_offence", {"client_id": "people_client"}),
    ("outcomes_outcome", {"client_id": "people_client", "journey_id": "casework_journey"}),
]
# Free text no report reads, left empty in the copies to keep the database small.
BLANKED = {"note", "evidence", "address", "outcome", "decision_reason", "reason", "sentence"}
# Columns pointing at rows that are not copied: a copy points at nothing.
CLEARED = {"appointment_task_id"}


def copy_service(times: int) -> None:
    """Every row a report reads, copied `times - 1` more times in one transaction."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        top: dict[str, int] = {}
        for table, _ in COPIED:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            top[table] = cursor.fetchone()[0]
        for table, pointers in COPIED:
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            values = []
            for column in columns:
                if column == "id":
                    values.append(f"t.id + copies.k * {top[table]}")
                elif column in pointers:
                    values.append(f"t.{column} + copies.k * {top[pointers[column]]}")
                elif column in BLANKED:
                    values.append("''")
                elif column in CLEARED:
                    values.append("NULL")
                else:
                    values.append(f't."{column}"')
            quoted = ", ".join(f'"{c}"' for c in columns)
            cursor.execute(
                "WITH RECURSIVE copies(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM copies"  # noqa: S608
                f" WHERE k < %s) INSERT INTO {table} ({quoted}) SELECT {', '.join(values)}"
                f" FROM {table} t CROSS JOIN copies WHERE t.id <= %s",
                [times - 1, top[table]],
            )
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"  # noqa: S608
                )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _dialect(vendor: str) -> dict[str, str]:
    if vendor == "postgresql":
        return {
            "pathways": (
                "LEFT JOIN LATERAL jsonb_array_elements_text(c.pathways) AS pw(value) ON true"
            ),
            "length": "GREATEST(jsonb_array_length(c.pathways), 1)",
            "follow_up_end": "(pe.start_on + interval '12 months')::date",
            "final": "(pe.start_on + interval '18 months')::date",
            "age": "date_part('year', age(pe.start_on, pe.date_of_birth))",
        }
    return {
        "pathways": "LEFT JOIN json_each(c.pathways) AS pw",
        "length": "MAX(json_array_length(c.pathways), 1)",
        "follow_up_end": "date(pe.start_on, '+12 months')",
        "final": "date(pe.start_on, '+18 months')",
        "age": (
            "(CAST(strftime('%%Y', pe.start_on) AS integer)"
            " - CAST(strftime('%%Y', pe.date_of_birth) AS integer)"
            " - (strftime('%%m-%%d', pe.start_on) < strftime('%%m-%%d', pe.date_of_birth)))"
        ),
    }


# Each query's parameters, by name: b (the borough), o (its organisation), the period's first and
# last day, the month before's, and the day each period's reoffending is known on.
PERIODS = (
    "periods(p, first_day, last_day) AS (VALUES ('this', %(s)s, %(e)s), ('before', %(bs)s, %(be)s))"
)
COUNTED = "COALESCE(s.borough_id, t.borough_id) = %(b)s"
# Journeys with what `COUNTED` needs: their client's team and their stream, if any.
JOURNEYS = """FROM casework_journey j
  JOIN people_client c ON c.id = j.client_id
  JOIN accounts_team t ON t.id = c.team_id
  LEFT JOIN referrals_fundingstream s ON s.id = j.funding_stream_id"""

QUERIES = {
    "referrals": """
WITH {periods}
SELECT r.funding_stream_id, r.source, periods.p, COUNT(*)
  FROM referrals_referral r
  JOIN people_client c ON c.id = r.client_id
  JOIN accounts_team t ON t.id = c.team_id
  LEFT JOIN referrals_fundingstream s ON s.id = r.funding_stream_id
  JOIN periods ON r.received_on BETWEEN periods.first_day AND periods.last_day
 WHERE {counted}
 GROUP BY 1, 2, 3""",
    "accepted": """
WITH {periods}
SELECT j.funding_stream_id, periods.p, COUNT(*)
  {journeys}
  JOIN periods ON j.opened_on BETWEEN periods.first_day AND periods.last_day
 WHERE {counted}
 GROUP BY 1, 2""",
    "closed": """
WITH {periods}
SELECT j.funding_stream_id, j.closure_reason, periods.p, COUNT(*)
  {journeys}
  JOIN periods ON j.closed_on BETWEEN periods.first_day AND periods.last_day
 WHERE {counted}
 GROUP BY 1, 2, 3""",
    "open": """
WITH {periods}
SELECT j.funding_stream_id, periods.p, COUNT(*)
  {journeys}
  JOIN periods ON j.opened_on <= periods.last_day
   AND (j.closed_on IS NULL OR j.closed_on > periods.last_day)
 WHERE {counted}
 GROUP BY 1, 2""",
    "hours_by_type": """
SELECT j.funding_stream_id, c.contact_type, SUM(c.minutes)
  FROM casework_contact c
  JOIN people_client p ON p.id = c.client_id
  JOIN accounts_team t ON t.id = p.team_id
  LEFT JOIN casework_journey j ON j.id = c.journey_id
  LEFT JOIN referrals_fundingstream s ON s.id = j.funding_stream_id
 WHERE c.occurred_on BETWEEN %(s)s AND %(e)s AND {counted}
 GROUP BY 1, 2
 UNION ALL
SELECT a.fundingstream_id, c.contact_type, SUM(c.minutes)
  FROM casework_contact_also_for a
  JOIN casework_contact c ON c.id = a.contact_id
  JOIN referrals_fundingstream s ON s.id = a.fundingstream_id
 WHERE c.occurred_on BETWEEN %(s)s AND %(e)s AND s.borough_id = %(b)s
 GROUP BY 1, 2""",
    "hours_by_pathway": """
SELECT j.funding_stream_id, pw.value, SUM(c.minutes * 1.0 / {length})
  FROM casework_contact c
  {pathways}
  JOIN people_client p ON p.id = c.client_id
  JOIN accounts_team t ON t.id = p.team_id
  LEFT JOIN casework_journey j ON j.id = c.journey_id
  LEFT JOIN referrals_fundingstream s ON s.id = j.funding_stream_id
 WHERE c.occurred_on BETWEEN %(s)s AND %(e)s AND {counted}
 GROUP BY 1, 2""",
    "partner_referrals": """
WITH {periods}
SELECT j.funding_stream_id, r.partner_type, r.status, periods.p, COUNT(*)
  FROM casework_partnerreferral r
  JOIN people_client c ON c.id = r.client_id
  JOIN accounts_team t ON t.id = c.team_id
  LEFT JOIN casework_journey j ON j.id = r.journey_id
  LEFT JOIN referrals_fundingstream s ON s.id = j.funding_stream_id
  JOIN periods ON r.made_on BETWEEN periods.first_day AND periods.last_day
 WHERE {counted}
 GROUP BY 1, 2, 3, 4""",
    "distance": """
WITH {periods},
members AS (
  SELECT p, client_id, funding_stream_id FROM (
    SELECT periods.p, j.client_id, j.funding_stream_id,
           ROW_NUMBER() OVER (PARTITION BY periods.p, j.client_id
                              ORDER BY j.opened_on DESC, j.id DESC) AS n
      FROM casework_journey j
      JOIN referrals_fundingstream s ON s.id = j.funding_stream_id
      JOIN periods ON j.opened_on <= periods.last_day
       AND (j.closed_on IS NULL OR j.closed_on >= periods.first_day)
     WHERE s.borough_id = %(b)s) m
   WHERE n = 1),
scores AS (
  SELECT m.p, m.funding_stream_id, a.client_id, q.pathway, a.assessed_on, x.score,
         ROW_NUMBER() OVER (PARTITION BY m.p, a.client_id, q.pathway, a.assessed_on
                            ORDER BY a.id DESC) AS n
    FROM members m
    JOIN periods ON periods.p = m.p
    JOIN assessments_assessment a ON a.client_id = m.client_id
     AND a.assessed_on <= periods.last_day
    JOIN assessments_answer x ON x.assessment_id = a.id
    JOIN assessments_question q ON q.id = x.question_id
   WHERE a.state = 'recorded' AND q.scale = 'ladder' AND x.score IS NOT NULL
     AND q.pathway <> ''),
firsts AS (
  SELECT p, funding_stream_id, pathway, ROW_NUMBER() OVER w AS r, COUNT(*) OVER w AS scored,
         FIRST_VALUE(score) OVER w AS first_score,
         FIRST_VALUE(score) OVER (PARTITION BY p, client_id, pathway ORDER BY assessed_on DESC)
           AS last_score
    FROM scores
   WHERE n = 1
  WINDOW w AS (PARTITION BY p, client_id, pathway ORDER BY assessed_on
               ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)),
moves AS (
  SELECT p, funding_stream_id, pathway, last_score - first_score AS change
    FROM firsts WHERE r = 1 AND scored >= 2)
SELECT p, funding_stream_id, pathway,
       CASE WHEN change > 0 THEN 'up' WHEN change < 0 THEN 'down' ELSE 'same' END,
       COUNT(*), SUM(change)
  FROM moves
 GROUP BY 1, 2, 3, 4""",
    "reoffending": """
WITH periods(p, first_day, last_day, known) AS (
  VALUES ('this', %(s)s, %(e)s, %(known)s), ('before', %(bs)s, %(be)s, %(known_before)s)),
starts AS (
  SELECT j.id, j.client_id, j.funding_stream_id, j.opened_on,
         COALESCE(s.borough_id, t.borough_id) AS borough_id,
         CASE WHEN COALESCE(
                (SELECT sc.to_stage = 'in_custody' FROM casework_stagechange sc
                  WHERE sc.journey_id = j.id AND sc.from_stage = ''
                  ORDER BY sc."on", sc.id LIMIT 1),
                j.stage = 'in_custody' OR j.released_on IS NOT NULL)
              THEN COALESCE(
                (SELECT sc."on" FROM casework_stagechange sc
                  WHERE sc.journey_id = j.id AND sc.to_stage = 'release_day'
                  ORDER BY sc."on", sc.id LIMIT 1),
                j.released_on)
              ELSE j.opened_on END AS start_on
    FROM casework_journey j
    JOIN people_client c ON c.id = j.client_id
    JOIN accounts_team t ON t.id = c.team_id
    JOIN accounts_borough tb ON tb.id = t.borough_id
    LEFT JOIN referrals_fundingstream s ON s.id = j.funding_stream_id
   WHERE tb.organisation_id = %(o)s),
earliest AS (
  SELECT client_id, funding_stream_id, borough_id, start_on,
         ROW_NUMBER() OVER (PARTITION BY client_id ORDER BY start_on, opened_on, id) AS n
    FROM starts WHERE start_on IS NOT NULL),
people AS (
  SELECT e.client_id, e.funding_stream_id, e.start_on, periods.p, periods.known,
         c.date_of_birth
    FROM earliest e
    JOIN periods ON e.start_on BETWEEN periods.first_day AND periods.last_day
     AND e.start_on <= periods.known
    JOIN people_client c ON c.id = e.client_id
   WHERE e.n = 1 AND e.borough_id = %(b)s AND c.date_of_birth IS NOT NULL),
followed AS (
  SELECT pe.p, pe.funding_stream_id, {age} AS age,
         (SELECT COUNT(*) FROM offending_offence o
           WHERE o.client_id = pe.client_id AND NOT o.breach
             AND o.disposal IN ('conviction', 'caution', 'conditional_caution',
                                'youth_caution', 'youth_conditional_caution', 'reprimand',
                                'final_warning')
             AND o.committed_on >= pe.start_on AND o.committed_on < {follow_up_end}
             AND o.disposal_on < {final}
             AND o.committed_on <= pe.known AND o.disposal_on <= pe.known) AS reoffences
    FROM people pe)
SELECT p, funding_stream_id, CASE WHEN age >= 18 THEN 'adult' ELSE 'juvenile' END,
       reoffences > 0, COUNT(*), SUM(reoffences)
  FROM followed
 WHERE age >= 10
 GROUP BY 1, 2, 3, 4""",
    "indicators": """
SELECT ia.id, COUNT(o.id), COUNT(DISTINCT o.client_id)
  FROM outcomes_indicatorassignment ia
  JOIN referrals_fundingstream s ON s.id = ia.funding_stream_id
  JOIN outcomes_indicatordefinition_outcome_types it ON it.indicatordefinition_id = ia.indicator_id
  LEFT JOIN outcomes_outcome o ON o.outcome_type_id = it.outcometype_id
   AND o.achieved_on BETWEEN ia.period_start AND ia.period_end AND o.status = 'recorded'
   AND EXISTS (SELECT 1 FROM casework_journey j
                WHERE j.client_id = o.client_id AND j.funding_stream_id = ia.funding_stream_id
                  AND j.opened_on <= o.achieved_on
                  AND (j.closed_on IS NULL OR j.closed_on >= o.achieved_on))
 WHERE s.borough_id = %(b)s
 GROUP BY ia.id""",
    "unit_costs": """
SELECT key, label, amount, unit, source, price_year, valid_from
  FROM costs_unitcost WHERE valid_from <= %(today)s ORDER BY key, valid_from, id""",
}


def measure(repeats: int) -> dict[str, float]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from wingman.accounts.models import Borough
    from wingman.casework.models import Contact
    from wingman.reports.monthly import month_bounds, monthly_report
    from wingman.reports.progress import as_of

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
    today = timezone.localdate()
    known = as_of(periods, today)
    params = {
        "b": borough.pk,
        "o": borough.organisation_id,
        "s": periods.start,
        "e": periods.end,
        "bs": periods.before_start,
        "be": periods.before_end,
        "known": known["this"],
        "known_before": known["before"],
        "today": today,
    }
    words = _dialect(connection.vendor)
    queries = {
        name: sql.format(periods=PERIODS, counted=COUNTED, journeys=JOURNEYS, **words)
        for name, sql in QUERIES.items()
    }
    answers: dict[str, list[tuple[object, ...]]] = {}

    def report() -> None:
        monthly_report(borough=borough, start=month, end=month)

    def by_hand() -> None:
        with connection.cursor() as cursor:
            for name, sql in queries.items():
                cursor.execute(sql, params)
                answers[name] = cursor.fetchall()

    out: dict[str, float] = {"contacts": busiest["n"]}
    for name, call in (("report", report), ("sql", by_hand)):
        call()
        times = []
        count = 0
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                call()
                times.append((time.perf_counter() - start) * 1000)
            count = len(ctx.captured_queries)
        out[f"{name}_ms"] = statistics.median(times)
        out[f"{name}_queries"] = count
    # The two read the same rows: the same minutes of contact for the month.
    built = monthly_report(borough=borough, start=month, end=month)
    hours = next(s for s in built.sections if s.title == "Hours of contact").tables[0]
    funded = {row[0] for row in answers["hours_by_type"] if row[0] is not None}
    minutes = sum(row[2] for row in answers["hours_by_type"] if row[0] in funded)
    assert abs(hours.rows[-1][1][0] - round(minutes / 60, 1)) < 0.11, (hours.rows, minutes)
    return out


def run_child(scale: str, repeats: int, kind: str) -> dict[str, float]:
    name = f"reports_{scale}"
    url = database_for(name, kind)
    if kind == "postgres":
        create_postgres_database(url)
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings.dev")
    py = sys.executable
    subprocess.run(
        [py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [py, __file__, "--build", scale], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
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


def build(scale: int) -> None:
    """The demo service at scale 1, copied to `scale` times its work, unless already built."""
    import django

    django.setup()
    from django.core.management import call_command

    from wingman.people.models import Client

    if Client.objects.exists():
        return
    call_command("seed_demo", scale=1)
    if scale > 1:
        copy_service(scale)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="1,100")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--build", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.repeats)))
        return
    if args.build:
        build(int(args.build))
        return
    scales = args.scales.split(",")
    results = {s: run_child(s, args.repeats, args.database) for s in scales}
    print(
        f"{'scale':>6}{'contacts':>10}{'report ms':>11}{'queries':>9}{'sql ms':>9}"
        f"{'queries':>9}{'ratio':>8}"
    )
    for s in scales:
        r = results[s]
        print(
            f"{s:>6}{r['contacts']:>10.0f}{r['report_ms']:>11.1f}{r['report_queries']:>9.0f}"
            f"{r['sql_ms']:>9.1f}{r['sql_queries']:>9.0f}{r['report_ms'] / r['sql_ms']:>7.1f}x"
        )


if __name__ == "__main__":
    main()
