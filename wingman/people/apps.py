from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "wingman.people"
    label = "people"
