from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "wingman.audit"
    label = "audit"
