from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "wingman.casework"
    label = "casework"
