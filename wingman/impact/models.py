"""Comparison pools imported from an extract, and evaluation runs against them.

A pool holds people who did not get the service, with the covariates matching needs and the
outcome (reoffended within 12 months); never a name. A run is one evaluation: its parameters,
a fingerprint of everything that went in, its background job and its result.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wingman.accounts import permissions
from wingman.accounts.models import Organisation
from wingman.background.models import Job


class EvaluationQuerySet(models.QuerySet):
    """Pools and runs are seen by those who run evaluations, in their own organisation only."""

    def visible_to(self, user: Any) -> "EvaluationQuerySet":
        if not permissions.runs_evaluations(user):
            return self.none()
        return self.filter(organisation_id=user.organisation_id)


class ComparisonPool(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    source = models.CharField(_("where it came from"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    row_count = models.PositiveIntegerField(_("people"), default=0)
    # Wingman's field name -> the CSV column it was read from.
    mapping = models.JSONField(_("columns used"), default=dict)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("comparison pool")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name


class ComparisonPerson(models.Model):
    """One person in a comparison pool: covariates and outcome only."""

    pool = models.ForeignKey(ComparisonPool, on_delete=models.CASCADE, related_name="people")
    row = models.PositiveIntegerField(_("row in the file"))
    identifier = models.CharField(_("identifier"), max_length=64, blank=True)
    reoffended = models.BooleanField(_("reoffended within 12 months"))
    age = models.PositiveSmallIntegerField(_("age at start"))
    male = models.BooleanField(_("male"))
    sanctions = models.PositiveSmallIntegerField(_("previous sanctions"))
    age_first_sanction = models.PositiveSmallIntegerField(_("age at first sanction"))
    age_current_sanction = models.PositiveSmallIntegerField(_("age at current sanction"))
    custody_months = models.PositiveSmallIntegerField(_("custody length in months"), default=0)
    offence = models.CharField(_("offence type"), max_length=40, blank=True)

    class Meta:
        ordering = ["pool", "row"]
        constraints = [models.UniqueConstraint(fields=["pool", "row"], name="pool_person_row")]

    def __str__(self) -> str:
        return f"Row {self.row}"


class EvaluationRun(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    pool = models.ForeignKey(
        ComparisonPool, on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    job = models.OneToOneField(Job, on_delete=models.PROTECT, null=True, related_name="+")
    result = models.JSONField(_("result"), null=True, blank=True)
    engine_version = models.CharField(_("engine version"), max_length=40, blank=True)
    left_out = models.JSONField(_("clients left out, by reason"), default=dict)
    # The treated people's covariates and outcome as they were when the run was asked for (no
    # client identifiers), so that running it again uses the same inputs.
    treated_rows = models.JSONField(_("treated people"), default=list)
    idempotency_token = models.CharField(max_length=64, blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation run")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Evaluation {self.pk}"

    @property
    def matched(self) -> bool:
        return self.pool_id is not None


class PoolUploadQuerySet(models.QuerySet):
    """An upload waiting for its columns to be chosen is seen by the person who uploaded it."""

    def visible_to(self, user: Any) -> "PoolUploadQuerySet":
        if not permissions.runs_evaluations(user):
            return self.none()
        return self.filter(organisation_id=user.organisation_id, uploaded_by_id=user.pk)


class PoolUpload(models.Model):
    """An extract uploaded and waiting for its columns to be chosen; deleted once imported."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    name = models.CharField(_("name"), max_length=120)
    source = models.CharField(_("where it came from"), max_length=200)
    content = models.BinaryField(_("the file"))
    headers = models.JSONField(_("columns"), default=list)

    objects = PoolUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("comparison pool upload")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name
