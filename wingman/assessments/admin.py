"""The back office for assessments: instruments and their questions (with answer options), and
each organisation's review interval. Every change goes through `assessments.services`, audited; a
version that has been answered is never changed ("Make a new version" copies it)."""

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from wingman.accounts.admin_site import AuditedReferenceAdmin
from wingman.core.errors import ServiceError

from . import services
from .models import AnswerOption, Instrument, Question, ReviewSettings


def _save_parts(request: HttpRequest, formset: Any, save: Any) -> None:
    """Each row of an inline through its audited service: removed, changed or added."""
    actor: Any = request.user
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.initial_forms:
        obj = form.instance
        if obj.pk is None:
            continue
        if form in formset.deleted_forms:
            services.instrument_part_remove(actor=actor, obj=obj)
            formset.deleted_objects.append(obj)
        elif form.has_changed():
            save(actor=actor, obj=form.save(commit=False))
            formset.changed_objects.append((obj, form.changed_data))
    for form in formset.extra_forms:
        if not form.has_changed() or form in formset.deleted_forms:
            continue
        obj = form.save(commit=False)
        save(actor=actor, obj=obj)
        formset.new_objects.append(obj)


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["position", "text", "help_text", "pathway", "scale"]
    extra = 0
    show_change_link = True


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    fields = ["position", "label", "score"]
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(AuditedReferenceAdmin):
    list_display = ["name", "version", "organisation", "active", "min_age", "max_age"]
    list_filter = ["active", "organisation"]
    search_fields = ["name"]
    inlines = [QuestionInline]
    actions = ["make_new_version"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.instrument_save(actor=request.user, instrument=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        _save_parts(
            request,
            formset,
            lambda actor, obj: services.question_save(actor=actor, question=obj),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.instrument_part_remove(actor=request.user, obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            services.instrument_part_remove(actor=request.user, obj=obj)

    @admin.action(description="Make a new version of the selected instruments")
    def make_new_version(self, request: HttpRequest, queryset: Any) -> None:
        for instrument in queryset:
            try:
                copy = services.instrument_new_version(actor=request.user, instrument=instrument)
            except ServiceError as error:
                messages.error(request, f"Nothing was made for {instrument}: {error.message}")
            else:
                messages.success(request, f"Made {copy}: change its questions before using it.")


@admin.register(Question)
class QuestionAdmin(AuditedReferenceAdmin):
    list_display = ["text", "instrument", "position", "pathway", "scale"]
    list_filter = ["instrument"]
    inlines = [AnswerOptionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """A question stays with the instrument it was written for."""
        return ["instrument"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.question_save(actor=request.user, question=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        _save_parts(
            request,
            formset,
            lambda actor, obj: services.option_save(actor=actor, option=obj),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.instrument_part_remove(actor=request.user, obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            services.instrument_part_remove(actor=request.user, obj=obj)


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(AuditedReferenceAdmin):
    list_display = ["organisation", "review_weeks"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.review_settings_save(actor=request.user, settings=obj)
