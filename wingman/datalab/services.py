"""Recording a client's answer about the Justice Data Lab, and making the Lab's file."""

from datetime import date
from typing import Any

from django.db import transaction

from wingman.accounts import permissions
from wingman.accounts.models import Borough
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.audit.services import record_change, record_export, record_list
from wingman.core.errors import NotAllowed, ServiceError
from wingman.core.once import fingerprint_of, once
from wingman.core.validation import check_lengths, past_date
from wingman.people.models import Client
from wingman.referrals.models import FundingStream

from .models import DataLabConsent, DataLabExport
from .selectors import MINIMUM_PEOPLE, Choice, Readiness, file_rows

CONSENT_DATE = past_date("on", "The date they said so")
STARTED_FROM = past_date("started_from", "The first start date")
STARTED_TO = past_date("started_to", "The last start date")


def choose(
    *,
    actor: Any,
    started_from: date,
    started_to: date,
    funding_stream_id: int | None = None,
    borough_id: int | None = None,
) -> Choice:
    """What a file is to cover, checked once for the page and the API: dates in order, and a
    funding stream or borough of the actor's organisation."""
    STARTED_FROM.check(started_from)
    STARTED_TO.check(started_to)
    if started_to < started_from:
        raise ServiceError("The last start date must be on or after the first", field="started_to")
    streams = FundingStream.objects.of_organisation_of(actor)
    if funding_stream_id is not None and not streams.filter(pk=funding_stream_id).exists():
        raise ServiceError("Choose a funding stream of your organisation", field="funding_stream")
    boroughs = Borough.objects.of_organisation_of(actor)
    if borough_id is not None and not boroughs.filter(pk=borough_id).exists():
        raise ServiceError("Choose a borough of your organisation", field="borough")
    return Choice(started_from, started_to, funding_stream_id, borough_id)


def consent_record(
    *,
    actor: Any,
    client: Client,
    given: bool,
    on: date | None,
    note: str = "",
    token: str | None = None,
) -> DataLabConsent:
    """Record a client's answer: consent to be sent to the Lab given, or withdrawn. The latest
    answer counts; a withdrawal keeps them out of every file made after it. Sent twice with one
    token, it is recorded once."""
    if not permissions.records_datalab_consent(actor):
        raise NotAllowed("Your role does not record consent for the Justice Data Lab.")
    if on is None:
        raise ServiceError("Enter the date they said so", field="on")
    CONSENT_DATE.check(on)
    check_lengths(DataLabConsent, {"note": note})

    def create() -> DataLabConsent:
        # One client's answers are recorded one at a time: the same answer recorded again by
        # someone else at the same moment (given or withdrawn, the same day, the same note) is
        # the answer already kept, not another.
        Client.objects.select_for_update().filter(pk=client.pk).exists()
        latest = DataLabConsent.objects.filter(client=client).order_by("-on", "-id").first()
        if latest is not None and (latest.given, latest.on, latest.note) == (given, on, note):
            return latest
        consent = DataLabConsent.objects.create(
            client=client, given=given, recorded_by=actor, on=on, note=note
        )
        record_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=consent,
            client_id=client.pk,
            changes={"given": [None, given], "on": [None, on.isoformat()]},
            summary=(
                "Consent to the Justice Data Lab given"
                if given
                else "Consent to the Justice Data Lab withdrawn"
            ),
        )
        return consent

    fingerprint = fingerprint_of(client.pk, given, on, note)
    consent, _created = once(
        token=token, user=actor, model=DataLabConsent, create=create, fingerprint=fingerprint
    )
    return consent


def datalab_export(*, actor: Any, readiness: Readiness) -> tuple[DataLabExport, list[list[str]]]:
    """The Lab's file for what `readiness` found: refused below the Lab's minimum, recorded as an
    export naming every client in it. PNC IDs and prison numbers only for those who see them."""
    if not permissions.exports_to_datalab(actor):
        raise NotAllowed("Your role does not make files for the Justice Data Lab.")
    people = readiness.in_file
    if len(people) < MINIMUM_PEOPLE:
        raise ServiceError(f"{readiness.words} Nothing was downloaded.")
    with_identifiers = permissions.sees_identifiers(actor)
    choice = readiness.choice
    with transaction.atomic():
        export = DataLabExport.objects.create(
            created_by=actor,
            funding_stream_id=choice.funding_stream_id,
            borough_id=choice.borough_id,
            started_from=choice.started_from,
            started_to=choice.started_to,
            people=len(people),
            with_identifiers=with_identifiers,
        )
        record_export(actor=actor, obj=export)
        record_list(
            actor=actor, client_ids=[c.client.pk for c in people], kind=AccessEvent.Kind.EXPORT
        )
    return export, file_rows(readiness, with_identifiers=with_identifiers)
