from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "wingman.demo"
    label = "demo"
