from datetime import timedelta

import pytest
from django.utils import timezone

from wingman.audit.models import AuditEvent
from wingman.casework import services
from wingman.casework.choices import ContactType
from wingman.casework.models import Contact, ContactRevision
from wingman.core.errors import EditConflict, ServiceError
from wingman.core.models import FormSubmission
from wingman.core.pathways import Pathway


def contact_data(**changes):
    return {
        "occurred_on": timezone.localdate(),
        "minutes": 90,
        "contact_type": ContactType.PRISON_VISIT,
        "place": "HMP Rochester",
        "present": "Client",
        "pathways": [Pathway.ATTITUDES],
        "note": "Self-esteem work: who is he without the gang?",
    } | changes


def test_a_back_dated_contact_is_logged_against_the_open_journey(caseworker, own, journey):
    last_week = timezone.localdate() - timedelta(days=7)
    contact, created = services.contact_log(
        actor=caseworker, client=own, data=contact_data(occurred_on=last_week)
    )
    assert created and contact.occurred_on == last_week
    assert contact.journey == journey and contact.author == caseworker
    assert AuditEvent.objects.filter(object_type="casework.contact", action="create").exists()


def test_a_contact_dated_in_the_future_is_refused(caseworker, own):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ServiceError) as refused:
        services.contact_log(actor=caseworker, client=own, data=contact_data(occurred_on=tomorrow))
    assert refused.value.message == "Date of the contact must be today or in the past"
    assert refused.value.field == "occurred_on"
    assert not Contact.objects.exists()


def test_a_contact_sent_twice_with_one_token_is_logged_once(caseworker, own):
    token = FormSubmission.new_token()
    first, created = services.contact_log(
        actor=caseworker, client=own, data=contact_data(), token=token
    )
    again, created_again = services.contact_log(
        actor=caseworker, client=own, data=contact_data(), token=token
    )
    assert created and not created_again and first == again
    assert Contact.objects.count() == 1


def test_editing_a_contact_keeps_the_version_it_replaced(caseworker, colleague_senior, own):
    contact, _ = services.contact_log(actor=caseworker, client=own, data=contact_data())
    services.contact_edit(
        actor=colleague_senior,
        contact=contact,
        data=contact_data(minutes=120),
        expected_version=1,
    )
    contact.refresh_from_db()
    assert contact.minutes == 120 and contact.version == 2
    revision = ContactRevision.objects.get(contact=contact)
    assert revision.version == 1 and revision.values["minutes"] == 90
    assert revision.replaced_by == colleague_senior


def test_editing_a_contact_on_a_stale_version_raises_a_conflict(caseworker, own):
    contact, _ = services.contact_log(actor=caseworker, client=own, data=contact_data())
    services.contact_edit(
        actor=caseworker, contact=contact, data=contact_data(minutes=60), expected_version=1
    )
    with pytest.raises(EditConflict) as conflict:
        services.contact_edit(
            actor=caseworker, contact=contact, data=contact_data(minutes=30), expected_version=1
        )
    assert conflict.value.current.minutes == 60
    assert conflict.value.submitted["minutes"] == 30
    assert ContactRevision.objects.filter(contact=contact).count() == 1


@pytest.fixture
def colleague_senior(world):
    from wingman.accounts.choices import Role

    return world["users"][Role.SENIOR_CASEWORKER]
