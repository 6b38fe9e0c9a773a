"""Outcomes achieved, with their date and evidence, and the indicators each funding stream counts
them against."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "wingman.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receiver)
