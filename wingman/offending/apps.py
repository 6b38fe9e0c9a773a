from django.apps import AppConfig


class OffendingConfig(AppConfig):
    name = "wingman.offending"
    label = "offending"
    verbose_name = "Offending"
