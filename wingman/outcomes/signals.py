"""A new organisation starts with the standard outcome types, whichever way it is added (the
back office, a command, the demo)."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from wingman.accounts.models import Organisation

from .services import standard_outcome_types_add


@receiver(post_save, sender=Organisation, dispatch_uid="outcomes-standard-types")
def give_new_organisation_standard_outcome_types(
    sender: Any, instance: Organisation, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        standard_outcome_types_add(organisation=instance)
