from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "wingman.assessments"
    label = "assessments"
    verbose_name = "Assessments"
