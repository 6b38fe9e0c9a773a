from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "wingman.oversight"
    label = "oversight"
