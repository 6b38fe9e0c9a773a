"""Email the safeguarding notifications still in the outbox (those whose email failed when their
concern was raised). Run it from cron every few minutes in production."""

from typing import Any

from django.core.management.base import BaseCommand

from wingman.safeguarding.models import Notification
from wingman.safeguarding.services.notify import send_notifications


class Command(BaseCommand):
    help = "Email the safeguarding notifications not yet sent."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_notifications()
        left = Notification.objects.unsent().count()
        self.stdout.write(f"{sent} sent; {left} still waiting")
