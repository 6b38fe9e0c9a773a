"""A safety net: however an account is disabled (back office, shell, service), its sessions end."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User
from .services import staff_sessions_end


@receiver(post_save, sender=User, dispatch_uid="end-sessions-of-disabled-staff")
def end_sessions_when_disabled(sender: Any, instance: User, **kwargs: Any) -> None:
    if not instance.is_active:
        staff_sessions_end(user=instance)
