"""Recording and correcting offences: the rules on input, the audit trail and edit conflicts, on
the pages and through the API."""

from datetime import timedelta

import pytest

from testing.helpers import date_boxes, sign_in
from wingman.accounts.choices import Role
from wingman.accounts.models import ApiToken, hash_token
from wingman.api.tests.conftest import ApiClient
from wingman.audit.models import AuditEvent
from wingman.core.errors import EditConflict, NotAllowed, ServiceError
from wingman.core.models import FormSubmission
from wingman.offending import services
from wingman.offending.models import Offence

from .conftest import record, today


def data(**changes):
    return {
        "committed_on": today() - timedelta(days=30),
        "category": "burglary_domestic",
        "disposal": "conviction",
        "disposal_on": today() - timedelta(days=2),
        "sentence": "Youth rehabilitation order",
        "breach": False,
        "source": "youth_offending_team",
    } | changes


def test_recording_an_offence_is_audited_with_its_values(caseworker, own):
    offence, created = services.offence_record(actor=caseworker, client=own, data=data())
    assert created and offence.recorded_by == caseworker
    event = AuditEvent.objects.get(object_type="offending.offence", object_id=str(offence.pk))
    assert event.client_id == own.pk and event.summary == "Offence recorded"
    assert event.changes["disposal"] == [None, "conviction"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"disposal_on": None}, "disposal_on", "Enter the date of the outcome"),
        (
            {"disposal": "awaiting"},
            "disposal_on",
            "An outcome still awaited has no date yet: clear the date, or choose the outcome",
        ),
        (
            {"disposal_on": today() - timedelta(days=40)},
            "disposal_on",
            "The date of the outcome must be the same as or after the offence date",
        ),
        ({"committed_on": today() + timedelta(days=1)}, "committed_on", None),
        ({"category": "shoplifting"}, "category", "Choose the kind of offence"),
        ({"source": "rumour"}, "source", "Choose where we learned of it"),
        ({"sentence": "x" * 201}, "sentence", "Sentence must be 200 characters or less"),
    ],
)
def test_an_offence_the_rules_refuse_is_not_recorded(caseworker, own, changes, field, message):
    with pytest.raises(ServiceError) as refused:
        services.offence_record(actor=caseworker, client=own, data=data(**changes))
    assert refused.value.field == field
    if message:
        assert refused.value.message == message
    assert not Offence.objects.exists()


def test_an_outcome_still_awaited_is_recorded_without_a_date(caseworker, own):
    offence, _ = services.offence_record(
        actor=caseworker, client=own, data=data(disposal="awaiting", disposal_on=None)
    )
    assert offence.disposal_on is None and not offence.decided


def test_a_role_that_does_not_record_casework_cannot_record_an_offence(world, own):
    with pytest.raises(NotAllowed):
        services.offence_record(
            actor=world["users"][Role.SAFEGUARDING_LEAD], client=own, data=data()
        )


def test_a_correction_keeps_the_old_values_in_the_audit_trail(caseworker, own):
    offence = record(
        caseworker,
        own,
        committed_on=today() - timedelta(days=9),
        disposal="awaiting",
        disposal_on=None,
    )
    services.offence_correct(
        actor=caseworker,
        offence=offence,
        data=data(committed_on=offence.committed_on, disposal_on=today()),
        expected_version=1,
    )
    offence.refresh_from_db()
    assert offence.version == 2 and offence.disposal == "conviction"
    event = AuditEvent.objects.get(summary="Offence corrected")
    assert event.changes["disposal"] == ["awaiting", "conviction"]


def test_a_correction_from_an_older_version_is_refused(caseworker, own):
    offence = record(caseworker, own, committed_on=today() - timedelta(days=9))
    services.offence_correct(
        actor=caseworker, offence=offence, data=data(sentence="Fine"), expected_version=1
    )
    with pytest.raises(EditConflict):
        services.offence_correct(
            actor=caseworker, offence=offence, data=data(sentence="Discharge"), expected_version=1
        )


def test_the_form_sent_twice_records_one_offence(client, caseworker, own):
    sign_in(client, caseworker)
    form = {
        "form_token": FormSubmission.new_token(),
        "category": "robbery",
        "disposal": "conviction",
        "source": "court",
        **date_boxes("committed_on", today() - timedelta(days=20)),
        **date_boxes("disposal_on", today()),
    }
    url = f"/clients/{own.pk}/offending/offences/new/"
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert Offence.objects.filter(client=own).count() == 1
    page = client.get(f"/clients/{own.pk}/offending/").content.decode()
    # The world's journey opened 30 days ago in the community: this is a proven reoffence.
    assert "Robbery" in page and "1 proven reoffence in the 12 months from" in page


def test_a_caseworker_out_of_scope_gets_404_on_another_teams_offence(client, world, caseworker):
    other = world["clients"]["other_team"]
    offence = record(world["users"][Role.MANAGER], other, committed_on=today() - timedelta(days=5))
    sign_in(client, caseworker)
    assert client.get(f"/offending/offences/{offence.pk}/edit/").status_code == 404
    assert client.get(f"/clients/{other.pk}/offending/").status_code == 404


def api_for(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="Test", key_hash=hash_token(key))
    return ApiClient(key)


def test_the_api_records_and_corrects_an_offence_through_the_same_rules(caseworker, own):
    api = api_for(caseworker)
    sent = {
        "committed_on": (today() - timedelta(days=10)).isoformat(),
        "category": "robbery",
        "disposal": "awaiting",
        "source": "self_report",
    }
    made = api.post(f"/api/v1/clients/{own.pk}/offences", sent)
    assert made.status_code == 201, made.content
    offence_id = made.json()["id"]
    refused = api.patch(f"/api/v1/offences/{offence_id}", {"version": 1, "disposal": "caution"})
    assert refused.status_code == 422
    assert refused.json()["field"] == "disposal_on"
    corrected = api.patch(
        f"/api/v1/offences/{offence_id}",
        {"version": 1, "disposal": "caution", "disposal_on": today().isoformat()},
    )
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["disposal"] == "caution" and corrected.json()["version"] == 2
    stale = api.patch(f"/api/v1/offences/{offence_id}", {"version": 1, "sentence": "Fine"})
    assert stale.status_code == 409


def test_the_api_gives_the_clients_status_in_the_pages_words(caseworker, own):
    status = api_for(caseworker).get(f"/api/v1/clients/{own.pk}/reoffending").json()
    journey = own.journeys.get()
    assert status["follow_up_starts_on"] == journey.opened_on.isoformat()
    assert status["starts_at_release"] is False
    assert status["provisional"] is True and status["reoffences"] == 0
    assert status["status"].startswith("No proven reoffence in the 12 months from")
