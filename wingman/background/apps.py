from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "wingman.background"
    label = "background"
    verbose_name = "Background work"
