from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "wingman.home"
    label = "home"
