from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "wingman.impact"
    label = "impact"
    verbose_name = "Impact"
