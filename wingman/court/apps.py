from django.apps import AppConfig


class CourtConfig(AppConfig):
    name = "wingman.court"
    label = "court"
    verbose_name = "Court support"
