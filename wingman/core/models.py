"""Building blocks shared by every app."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    """A record edited through forms: `version` goes up by one on every save through a service,
    so that a save based on an older version is refused instead of overwriting someone's work."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    class Meta:
        abstract = True


class FormSubmission(models.Model):
    """A create form's one-time token, so that a form sent twice makes one record."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    # A hash of what was sent (the API's canonical request body), so that a token sent again
    # with something else is refused rather than answered with the first record. Empty for
    # tokens stored before it was kept.
    fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return f"{self.token} -> {self.object_type} {self.object_id}"

    @staticmethod
    def new_token() -> str:
        return str(uuid.uuid4())
