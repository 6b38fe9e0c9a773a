from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "wingman.audit"
    label = "audit"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the system checks)
        from .roles import grant_application_role

        post_migrate.connect(grant_application_role, sender=self)
