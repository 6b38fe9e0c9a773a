"""Build the synthetic demo service: `manage.py seed_demo [--if-empty] [--scale N] [--seed S]`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import override_settings

from wingman.accounts.models import User
from wingman.demo.generator import DEFAULT_SEED, DEMO_USERNAMES, build_demo, demo_is_seeded
from wingman.people.models import Client


class Command(BaseCommand):
    help = (
        "Load a synthetic demo service: one fictional organisation across 18 London boroughs, "
        "its staff and about three years of referrals, journeys and casework. Every person in it "
        "is made up."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds any client.",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="How big: 1 is about 600 referrals a year for three years; 0.1 a tenth of that, "
            "100 a hundred times (for benchmarks).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="The same seed builds the same service."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Client.objects.exists():
            self.stdout.write("The database already holds clients: the demo service is not loaded.")
            return
        scale = options["scale"]
        if not scale > 0:
            raise CommandError("--scale must be more than 0.")
        if demo_is_seeded():
            raise CommandError(
                "The demo service is already loaded. Start from an empty database to load it again."
            )
        taken = sorted(
            User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True)
        )
        if taken:
            raise CommandError(
                f"These demo accounts already exist: {', '.join(taken)}. "
                "Start from an empty database to load the demo service."
            )

        def progress(line: str) -> None:
            self.stderr.write(line, style_func=str)
            self.stderr.flush()

        # With DEBUG on, Django keeps the text of every query in memory; a big demo would fill it.
        with override_settings(DEBUG=False):
            summary = build_demo(seed=options["seed"], scale=scale, progress=progress)
        # Fresh statistics, so the query planner knows the tables' sizes: without them SQLite
        # walks every release this week in the organisation to find one caseworker's.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(summary.line()))
