"""Import the demo's comparison pool (deterministic), as the first manager, unless it is there."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wingman.accounts.choices import Role
from wingman.accounts.models import User
from wingman.impact import services
from wingman.impact.demo_pool import demo_pool_csv
from wingman.impact.models import ComparisonPool

NAME = "Demo comparison pool"


class Command(BaseCommand):
    help = "Import a deterministic comparison pool for the demo service."

    def handle(self, *args: Any, **options: Any) -> None:
        manager = User.objects.filter(role=Role.MANAGER, is_active=True).order_by("pk").first()
        if manager is None:
            raise CommandError("There is no manager to import the pool as: seed the demo first.")
        if ComparisonPool.objects.filter(organisation=manager.organisation, name=NAME).exists():
            self.stdout.write("The demo comparison pool is there already.")
            return
        content = demo_pool_csv()
        headers, _ = services.read_csv(content)
        pool = services.pool_import(
            actor=manager,
            name=NAME,
            source="Generated for the demo (synthetic)",
            content=content,
            mapping=services.guess_mapping(headers),
        )
        self.stdout.write(f"Imported {pool.row_count} people into '{pool.name}'.")
