from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wingman.api"
    label = "api"
