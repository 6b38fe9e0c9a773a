"""Changes to how an organisation's reports are made."""

from django.db import transaction

from wingman.accounts import permissions
from wingman.accounts.models import Organisation, User
from wingman.audit.models import AuditEvent
from wingman.audit.services import diff, record_change, snapshot
from wingman.core.errors import NotAllowed, ServiceError

from .models import PresetChoice, ReportSettings, SplitRule

FIELDS = ("preset", "split_rule")


def settings_of(organisation: Organisation) -> ReportSettings:
    """The organisation's settings, the defaults if it has never chosen (not saved)."""
    found = ReportSettings.objects.filter(organisation=organisation).first()
    return found or ReportSettings(organisation=organisation)


def report_settings_save(
    *, actor: User, organisation: Organisation, preset: str, split_rule: str
) -> ReportSettings:
    """Choose which small counts the organisation's reports hide and how the minutes of a contact
    for several funding streams are split. Its managers only."""
    if not permissions.keeps_report_settings(actor) or actor.organisation_id != organisation.pk:
        raise NotAllowed("Only the organisation's managers change its report settings.")
    if preset not in PresetChoice.values:
        raise ServiceError("Choose which small counts are hidden", field="preset")
    if split_rule not in SplitRule.values:
        raise ServiceError("Choose how hours are split between streams", field="split_rule")
    with transaction.atomic():
        settings, created = ReportSettings.objects.select_for_update().get_or_create(
            organisation=organisation
        )
        before = snapshot(settings, FIELDS)
        settings.preset, settings.split_rule = preset, split_rule
        settings.save()
        record_change(
            actor=actor,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=settings,
            client_id=None,
            changes=diff({} if created else before, snapshot(settings, FIELDS)),
            summary="Report settings changed",
        )
    return settings
