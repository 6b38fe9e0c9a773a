from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "wingman.costs"
    label = "costs"
    verbose_name = "Costs and benefits"
