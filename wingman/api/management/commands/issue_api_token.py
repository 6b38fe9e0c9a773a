"""Issue an API token for a member of staff and print its key, which is shown only this once."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from wingman.accounts.models import User
from wingman.api.services import api_token_issue
from wingman.core.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Issue an API token acting as USERNAME. The key is printed once and never stored: "
        "only its hash is kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The member of staff the token acts as")
        parser.add_argument(
            "--name", required=True, help="What the token is for, such as the system using it"
        )
        parser.add_argument(
            "--expires-in-days",
            type=int,
            default=None,
            help="Days until the token stops working (default: it does not expire)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No member of staff has the username {options['username']!r}")
        days = options["expires_in_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-in-days must be 1 or more")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            token, key = api_token_issue(
                actor=None, user=user, name=options["name"], expires_at=expires_at
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f'Token {token.pk} "{token.name}" issued for {user.username}. '
            "Copy the key now: it is not shown again."
        )
        self.stdout.write(key)
