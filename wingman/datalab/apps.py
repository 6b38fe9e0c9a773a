from django.apps import AppConfig


class DatalabConfig(AppConfig):
    name = "wingman.datalab"
    label = "datalab"
    verbose_name = "Justice Data Lab"
