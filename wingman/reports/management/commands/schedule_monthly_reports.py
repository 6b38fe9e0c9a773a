"""Put the monthly reports on the schedule: enqueue the task that issues last month's reports on
the first of each month at 06:00, unless it is already waiting (so it may be run at every
start)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wingman.reports.tasks import issue_monthly_reports, next_run


class Command(BaseCommand):
    help = "Schedule the monthly reports (does nothing if they are already scheduled)."

    def handle(self, *args: Any, **options: Any) -> None:
        waiting = DBTaskResult.objects.filter(
            task_path=issue_monthly_reports.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        if waiting.exists():
            self.stdout.write("The monthly reports are already scheduled.")
            return
        when = next_run(timezone.localdate())
        issue_monthly_reports.using(run_after=when).enqueue()
        self.stdout.write(f"The monthly reports are scheduled for {when:%d %B %Y at %H:%M}.")
