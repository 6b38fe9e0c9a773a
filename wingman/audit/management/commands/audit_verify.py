"""Checks that the audit trail is as Wingman wrote it, and prints the head of the chain to write
down elsewhere. Exits with status 1 when anything has been changed, removed or slipped in."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from wingman.audit.roles import rewriting_powers
from wingman.audit.verify import verify


class Command(BaseCommand):
    help = (
        "Check every audit row against the audit chain: report any row changed, removed or put "
        "in outside Wingman, and any link removed, moved or forged. Prints the head of the "
        "chain: write it down outside the database, and pass it back later with --anchor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="HASH",
            help="a head of the chain written down earlier, which must still be in the chain",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify(options["database"], anchors=options["anchor"])
        counts = ", ".join(f"{n} in {table}" for table, n in report.rows.items())
        self.stdout.write(f"Audit rows: {counts}. Links in the chain: {report.links}.")
        for problem in report.problems:
            self.stdout.write(f"PROBLEM ({problem.kind}): {problem.text}")
        if report.hint:
            self.stdout.write(report.hint)
        if connections[options["database"]].vendor == "postgresql":
            role, powers = rewriting_powers(options["database"])
            if powers:
                self.stdout.write(
                    f"WARNING: the application's database role {role!r} could rewrite the audit "
                    f"trail: {'; '.join(powers)} (README, 'Running in production')."
                )
            else:
                self.stdout.write(
                    f"The application's database role {role!r} can only add to and read the "
                    "audit trail."
                )
        if report.head:
            link_id, sealed = report.head
            self.stdout.write(
                f"Head of the chain: link {link_id}, {sealed}\n"
                "Write this down outside the database, with today's date; "
                f"`manage.py audit_verify --anchor {sealed}` later checks it is still there."
            )
        else:
            self.stdout.write("The chain is empty: no audit row has been written yet.")
        if not report.intact:
            raise CommandError(
                f"The audit trail has been tampered with: {len(report.problems)} problem(s) "
                "found (listed above)."
            )
        self.stdout.write(
            self.style.SUCCESS("The audit trail is intact: every row is as Wingman wrote it.")
        )
