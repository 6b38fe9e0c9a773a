"""The back office for unit costs: a new figure is added as a new version (a new row valid from
its date), through `costs.services.unit_cost_add`, audited. A version is never changed or
removed: its page is read-only, and the add page takes the key of the version it replaces."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wingman.accounts.admin_site import ServiceErrorsShown

from . import services
from .models import UnitCost


@admin.register(UnitCost)
class UnitCostAdmin(ServiceErrorsShown, admin.ModelAdmin):
    list_display = ["key", "label", "amount", "unit", "price_year", "valid_from"]
    list_filter = ["key"]
    search_fields = ["key", "label", "source"]
    fields = ["key", "label", "amount", "unit", "source", "price_year", "valid_from"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.unit_cost_add(actor=request.user, cost=obj)
