from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "wingman.reports"
    label = "reports"
