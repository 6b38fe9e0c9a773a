from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "wingman.plans"
    label = "plans"
    verbose_name = "Support plans"
