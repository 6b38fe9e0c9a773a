"""Print how to sign in to the demo service: one account per role, and the shared password."""

import os
import textwrap
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from wingman.accounts.choices import Role
from wingman.accounts.models import User
from wingman.casework.selectors import live
from wingman.demo.generator import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_is_seeded
from wingman.people.models import Client

WIDTH = 78


class Command(BaseCommand):
    help = "Print the demo accounts, what each role sees, and the shared demo password."

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo_is_seeded():
            self.stdout.write(
                "The demo service has not been loaded: run `manage.py seed_demo` first."
            )
            return
        port = os.environ.get("PORT", "8000")
        users = {
            u.username: u
            for u in User.objects.select_related("team__borough", "funded_borough").filter(
                username__in=[a.username for a in DEMO_ACCOUNTS]
            )
        }
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Wingman demo service: http://127.0.0.1:{port}/"))
        out.write("Every person in it is made up. Sign in as any of these accounts:")
        out.write("")
        width = max(len(a.username) for a in DEMO_ACCOUNTS) + 2
        for account in DEMO_ACCOUNTS:
            user = users.get(account.username)
            if user is None:
                continue
            where = self._where(user)
            out.write(
                self.style.MIGRATE_LABEL(f"  {account.username:<{width}}")
                + f"{Role(account.role).label}{where}"
            )
            sees = account.sees
            if account.role in (Role.CASEWORKER, Role.VOLUNTEER):
                count = live(Client.objects.filter(caseworker=user)).count()
                sees = f"{sees} {count} live clients."
            for line in textwrap.wrap(sees, WIDTH - width - 2):
                out.write(f"  {'':<{width}}{line}")
        out.write("")
        out.write(f"Password for every demo account: {self.style.SUCCESS(DEMO_PASSWORD)}")
        if not settings.WINGMAN_TWO_FACTOR_REQUIRED:
            out.write("Two-factor sign-in is relaxed for the demo (every page says so).")
        else:
            out.write(
                "Two-factor sign-in is on: each account sets up its authenticator app with an "
                "enrolment code first. Print one with"
            )
            out.write("  python manage.py issue_enrolment_code caseworker --lost phone")
            out.write(
                "then choose 'Set up your sign-in with an enrolment code' on the sign-in page."
            )
        out.write("")
        for line in textwrap.wrap(
            "To see how a new member of staff starts: as admin, add one in the back office (their "
            "team lead hands over their enrolment code, from the home page); as teamlead, hand it "
            "over; then set up their sign-in at /sign-in/enrol/.",
            WIDTH,
        ):
            out.write(line)
        out.write("")

    @staticmethod
    def _where(user: User) -> str:
        if user.team is not None:
            return f", {user.team.name} team, {user.team.borough.name}"
        if user.funded_borough is not None:
            return f", funding {user.funded_borough.name}"
        return ""
