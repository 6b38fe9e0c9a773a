from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wingman.core"
    label = "core"
