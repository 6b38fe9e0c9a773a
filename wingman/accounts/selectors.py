"""Reads about staff accounts."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from . import permissions
from .choices import Role
from .models import EnrolmentCode


def handovers_for(helper: Any) -> QuerySet[EnrolmentCode]:
    """Enrolment codes waiting for `helper` to hand over: the same rule as
    `permissions.may_hand_over_to`, as a query, and never a reset `helper` asked for."""
    codes = (
        EnrolmentCode.objects.filter(
            state=EnrolmentCode.State.AWAITING,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .exclude(user_id=helper.pk)
        .exclude(requested_by_id=helper.pk)
        .select_related("user__team__borough", "requested_by")
        .order_by("expires_at", "pk")
    )
    if not permissions.hands_over_enrolment_codes(helper):
        return codes.none()
    if helper.role in permissions.BACK_OFFICE_ROLES:
        return codes
    led = permissions.LEADS.get(helper.role)
    if not led or helper.team_id is None:
        return codes.none()
    codes = codes.filter(user__role__in=led)
    if helper.role == Role.SENIOR_CASEWORKER:
        return codes.filter(user__team_id=helper.team_id)
    return codes.filter(user__team__borough_id=helper.team.borough_id)
