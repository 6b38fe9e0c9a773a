from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "wingman.family"
    label = "family"
    verbose_name = "Family and the people around the client"
