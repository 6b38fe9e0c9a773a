"""Reset a person's sign-in and print an enrolment code, from the server: for the first
administrator of a new install (after `createsuperuser`), or when no one else can hand a code
over. The code is printed once and never stored: only its hash is kept."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wingman.accounts.models import EnrolmentCode, User
from wingman.accounts.services import enrolment_code_issue, enrolment_reset, has_authenticator
from wingman.core.errors import ServiceError

LOST = {
    "password": EnrolmentCode.Reason.PASSWORD,
    "phone": EnrolmentCode.Reason.TWO_FACTOR,
    "both": EnrolmentCode.Reason.BOTH,
}


class Command(BaseCommand):
    help = (
        "Reset USERNAME's sign-in and print a one-time enrolment code for them to set it up "
        "again at /sign-in/enrol/. Give it to them in person."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--lost",
            choices=sorted(LOST),
            help="What they have lost: their password, their phone (authenticator app), or "
            "both. Not needed for an account that has never been set up.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No member of staff has the username {options['username']!r}")
        if options["lost"]:
            reason = LOST[options["lost"]]
        elif not user.has_usable_password() and not has_authenticator(user):
            reason = EnrolmentCode.Reason.NEW_ACCOUNT
        else:
            raise CommandError(
                "This account has been set up: say what was lost with --lost password, "
                "--lost phone or --lost both."
            )
        try:
            code = enrolment_reset(actor=None, user=user, reason=reason)
            raw = enrolment_code_issue(actor=None, code=code)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Enrolment code for {user.username} ({code.get_reason_display().lower()}), shown "
            "only this once. It works once, at /sign-in/enrol/, for "
            f"{int((code.expires_at - code.requested_at).total_seconds() // 3600)} hours."
        )
        self.stdout.write(raw)
