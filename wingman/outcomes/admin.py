"""The back office's outcome types and indicators (reference data, each change audited with its
old and new values by `accounts.services.reference_save`). Every choice offered is of the
administrator's own organisation; the checks are the outcomes services'."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from wingman.accounts.admin_site import AuditedReferenceAdmin
from wingman.accounts.models import Organisation
from wingman.accounts.scope import organisation_of
from wingman.core.errors import ServiceError

from .models import IndicatorAssignment, IndicatorDefinition, OutcomeType
from .services import check_indicator, check_indicator_assignment


def _show(form: forms.BaseForm, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


class OwnOrganisationChoices:
    """Foreign keys and many-to-many fields offer only the administrator's organisation's."""

    def _limit(self, request: HttpRequest, model: type[models.Model]) -> Any:
        if model is Organisation:
            ours = organisation_of(request.user)
            return Organisation.objects.filter(pk__in=[ours] if ours else [])
        return model._default_manager.of_organisation_of(request.user)  # type: ignore[attr-defined]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = self._limit(request, db_field.related_model)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = self._limit(request, db_field.related_model)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(OutcomeType)
class OutcomeTypeAdmin(OwnOrganisationChoices, AuditedReferenceAdmin):
    list_display = ["name", "pathway", "active", "organisation"]
    list_filter = ["pathway", "active"]
    search_fields = ["name"]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = IndicatorDefinition
        fields = ["organisation", "name", "outcome_types", "measure", "unit"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            check_indicator(
                organisation_id=cleaned["organisation"].pk,
                outcome_types=cleaned.get("outcome_types"),
            )
        except ServiceError as error:
            _show(self, error)
        return cleaned


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(OwnOrganisationChoices, AuditedReferenceAdmin):
    form = IndicatorForm
    list_display = ["name", "measure", "unit"]
    filter_horizontal = ["outcome_types"]
    search_fields = ["name"]


class IndicatorAssignmentForm(forms.ModelForm):
    class Meta:
        model = IndicatorAssignment
        fields = [
            "indicator",
            "funding_stream",
            "target",
            "baseline",
            "direction",
            "period_start",
            "period_end",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            check_indicator_assignment(
                indicator=cleaned.get("indicator"),
                funding_stream=cleaned.get("funding_stream"),
                period_start=cleaned.get("period_start"),
                period_end=cleaned.get("period_end"),
            )
        except ServiceError as error:
            _show(self, error)
        return cleaned


@admin.register(IndicatorAssignment)
class IndicatorAssignmentAdmin(OwnOrganisationChoices, AuditedReferenceAdmin):
    form = IndicatorAssignmentForm
    list_display = ["indicator", "funding_stream", "target", "period_start", "period_end"]
    list_filter = ["funding_stream"]
    list_select_related = ["indicator", "funding_stream__borough"]
