"""The unit costs page: every version, current and past, with its source and price year."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wingman.accounts import permissions
from wingman.core.views_helpers import role_required

from .models import UnitCost


@role_required(permissions.reads_unit_costs)
@require_GET
def unit_costs(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    current = UnitCost.objects.valid_on(today)
    current_ids = {cost.pk for cost in current.values()}
    versions = list(UnitCost.objects.order_by("key", "-valid_from", "-id"))
    context = {
        "current": sorted(current.values(), key=lambda c: c.key),
        "past": [v for v in versions if v.pk not in current_ids],
        "today": today,
    }
    return render(request, "costs/unit_costs.html", context)
