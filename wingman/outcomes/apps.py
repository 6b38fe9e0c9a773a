from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "wingman.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"
