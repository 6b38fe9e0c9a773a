from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "wingman.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"
