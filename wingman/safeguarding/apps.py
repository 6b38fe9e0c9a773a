from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "wingman.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding"
