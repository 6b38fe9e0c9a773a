"""Loading the signed-in member of staff once a request, with what every request checks."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import CharField, Exists, OuterRef, QuerySet, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AccessWindow, User


def staff_for_requests() -> "QuerySet[User]":
    """Staff with their team, whether they have access windows (ROTL) and the ids of their
    confirmed authenticator apps, in one query: the session limits and the two-factor check
    then need no query of their own."""
    devices = (
        TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        .order_by()
        .values("user")
        .annotate(ids=StringAgg(Cast("pk", CharField()), delimiter=Value(",")))
        .values("ids")[:1]
    )
    return User._default_manager.select_related("team").annotate(
        has_access_windows=Exists(AccessWindow.objects.filter(user=OuterRef("pk"))),
        confirmed_totp_ids=Coalesce(Subquery(devices), Value(""), output_field=CharField()),
    )


class StaffBackend(ModelBackend):
    """Django's ModelBackend (passwords, `is_active`), loading users through
    `staff_for_requests`."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = staff_for_requests().get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
