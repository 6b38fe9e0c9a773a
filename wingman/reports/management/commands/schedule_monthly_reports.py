"""Put the monthly reports on the schedule: enqueue the task that issues last month's reports on
the first of each month at 06:00, unless it is already waiting (so it may be run at every
start, by any number of starts at once)."""

from typing import Any

from django.core.management.base import BaseCommand

from wingman.reports.tasks import schedule_monthly_reports


class Command(BaseCommand):
    help = "Schedule the monthly reports (does nothing if they are already scheduled)."

    def handle(self, *args: Any, **options: Any) -> None:
        when = schedule_monthly_reports()
        if when is None:
            self.stdout.write("The monthly reports are already scheduled.")
        else:
            self.stdout.write(f"The monthly reports are scheduled for {when:%d %B %Y at %H:%M}.")
