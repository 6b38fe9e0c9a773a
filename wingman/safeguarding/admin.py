"""The back office for safeguarding: each organisation's triage deadlines, saved through
`services.triage_deadlines` (checked, and audited with the old and new values)."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest

from wingman.accounts.admin_site import AuditedReferenceAdmin
from wingman.core.errors import ServiceError

from .models import TriageDeadlines
from .services import triage_deadlines


class TriageDeadlinesForm(forms.ModelForm):
    class Meta:
        model = TriageDeadlines
        fields = [
            "organisation",
            "triage_hours",
            "red_hours",
            "amber_working_days",
            "green_working_days",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                triage_deadlines.check(cleaned)
            except ServiceError as error:
                self.add_error(error.field, error.message)
        return cleaned


@admin.register(TriageDeadlines)
class TriageDeadlinesAdmin(AuditedReferenceAdmin):
    form = TriageDeadlinesForm
    list_display = [
        "organisation",
        "triage_hours",
        "red_hours",
        "amber_working_days",
        "green_working_days",
    ]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """A new organisation's deadlines start from the service's defaults."""
        return {**settings.WINGMAN_TRIAGE_DEADLINES, **super().get_changeform_initial_data(request)}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        triage_deadlines.triage_deadlines_save(actor=request.user, deadlines=obj)
