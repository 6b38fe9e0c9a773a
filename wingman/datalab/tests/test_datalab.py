"""The Justice Data Lab: who goes in a file and why others are kept out, the file in the Lab's
columns, its refusal below 60, consent, the audit of each file, and temporary licence."""

import csv
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.urls import reverse

from testing.factories import ClientFactory, FundingStreamFactory, JourneyFactory
from testing.helpers import date_boxes, sign_in
from wingman.accounts import permissions
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.core.errors import NotAllowed, ServiceError
from wingman.core.models import FormSubmission
from wingman.datalab import selectors
from wingman.datalab.models import DataLabConsent, DataLabExport
from wingman.datalab.selectors import Choice, readiness
from wingman.datalab.services import consent_record, datalab_export

pytestmark = pytest.mark.django_db

TODAY = date.today()
LONG_AGO = TODAY - timedelta(days=800)  # follow-up (12 months and 6 for outcomes) complete
RECENT = TODAY - timedelta(days=100)
FROM, TO = TODAY - timedelta(days=1000), TODAY - timedelta(days=50)
CHOICE = Choice(started_from=FROM, started_to=TO)


def person(
    world: dict[str, Any],
    *,
    opened_on: date = LONG_AGO,
    consent: bool | None = True,
    **details: Any,
) -> Any:
    """A client of team A1 with a journey in the community, opened on `opened_on`."""
    values = {"gender": "male", "pnc_number": "12/345678A", "prison_number": "A1234BC", **details}
    client = ClientFactory(team=world["teams"][0], caseworker=world["colleague"], **values)
    JourneyFactory(client=client, opened_on=opened_on, closed_on=opened_on + timedelta(days=200))
    if consent is not None:
        consent_record(
            actor=world["users"][Role.SENIOR_CASEWORKER],
            client=client,
            given=consent,
            on=TODAY - timedelta(days=3),
        )
    return client


def query(started_from: date = FROM, started_to: date = TO) -> dict[str, str]:
    return {**date_boxes("started_from", started_from), **date_boxes("started_to", started_to)}


def test_readiness_counts_who_goes_in_and_each_reason_others_are_kept_out(world):
    senior = world["users"][Role.SENIOR_CASEWORKER]
    ready = [person(world) for _ in range(3)]
    recent = person(world, opened_on=RECENT)
    unasked = person(world, consent=None)
    withdrawn = person(world)
    consent_record(actor=senior, client=withdrawn, given=False, on=TODAY)
    no_birth = person(world, date_of_birth=None)
    no_gender = person(world, gender="")
    no_numbers = person(world, pnc_number="", prison_number="")
    person(world, opened_on=TODAY - timedelta(days=1200))  # started before the dates chosen

    found = readiness(senior, CHOICE, today=TODAY)

    assert found.started == 9
    assert found.eligible == 8
    assert {c.client for c in found.in_file} == {*ready, no_numbers}
    reasons = {c.client: c.reasons for c in found.dropped}
    assert reasons == {
        recent: [selectors.TOO_RECENT],
        unasked: [selectors.NO_CONSENT],
        withdrawn: [selectors.CONSENT_WITHDRAWN],
        no_birth: [selectors.NO_DATE_OF_BIRTH],
        no_gender: [selectors.NO_GENDER],
    }
    assert found.drop_counts == {
        selectors.CONSENT_WITHDRAWN: 1,
        selectors.NO_CONSENT: 1,
        selectors.NO_DATE_OF_BIRTH: 1,
        selectors.NO_GENDER: 1,
        selectors.TOO_RECENT: 1,
    }
    assert found.missing_counts == {
        selectors.NO_DATE_OF_BIRTH: 1,
        selectors.NO_GENDER: 1,
        selectors.NO_IDENTIFIER: 1,
    }
    assert not found.reaches_minimum
    assert found.words == "The Lab needs at least 60 people; this file would have 4 people."


def test_readiness_covers_only_the_clients_the_viewer_sees(world):
    person(world)
    far = ClientFactory(team=world["teams"][2], gender="male")
    JourneyFactory(client=far, opened_on=LONG_AGO)
    assert readiness(world["users"][Role.SENIOR_CASEWORKER], CHOICE, today=TODAY).started == 1


def test_the_readiness_page_lists_the_people_kept_out_with_links(world, client):
    kept_out = person(world, consent=None)
    senior = world["users"][Role.SENIOR_CASEWORKER]
    sign_in(client, senior)
    response = client.get(reverse("datalab:readiness"), query())
    assert response.status_code == 200
    page = response.content.decode()
    assert "The Lab needs at least 60 people; this file would have 0 people." in page
    assert reverse("datalab:consent", args=[kept_out.pk]) in page
    assert AccessEvent.objects.filter(
        actor=senior, kind=AccessEvent.Kind.LIST, client_id=kept_out.pk
    ).exists()


def test_below_60_the_file_is_refused_and_nothing_is_downloaded(world, client):
    for _ in range(59):
        person(world)
    sign_in(client, world["users"][Role.MANAGER])
    response = client.get(reverse("datalab:file"), query())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "No file was made" in page
    assert "The Lab needs at least 60 people; this file would have 59 people." in page
    assert not DataLabExport.objects.exists()
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


def test_the_file_has_the_labs_columns_one_row_a_consenting_person_and_is_audited(world, client):
    people = [person(world) for _ in range(60)]
    withdrawn = person(world, family_name="Withdrawn")
    senior = world["users"][Role.SENIOR_CASEWORKER]
    consent_record(actor=senior, client=withdrawn, given=False, on=TODAY)
    sign_in(client, senior)

    response = client.get(reverse("datalab:file"), query())

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(StringIO(response.content.decode())))
    assert rows[0] == [
        "Surname",
        "Forename",
        "Date of Birth",
        "Gender",
        "Index Date",
        "PNC ID",
        "Prison Number",
        "End Date",
    ]
    assert len(rows) == 61
    first = people[0]
    assert [
        first.family_name,
        first.given_name,
        first.date_of_birth.strftime("%d/%m/%Y"),
        "Male",
        LONG_AGO.strftime("%d/%m/%Y"),
        "12/345678A",
        "A1234BC",
        (LONG_AGO + timedelta(days=200)).strftime("%d/%m/%Y"),
    ] in rows
    assert "Withdrawn" not in {row[0] for row in rows}
    export = DataLabExport.objects.get()
    assert (export.people, export.with_identifiers, export.created_by) == (60, True, senior)
    exported = AccessEvent.objects.filter(actor=senior, kind=AccessEvent.Kind.EXPORT)
    assert (
        exported.filter(object_type="datalab.datalabexport", object_id=str(export.pk)).count() == 1
    )
    assert set(
        exported.filter(object_type="people.client").values_list("client_id", flat=True)
    ) == {c.pk for c in people}


def test_a_manager_who_does_not_see_identifiers_gets_them_empty(world, client):
    for _ in range(60):
        person(world)
    sign_in(client, world["users"][Role.MANAGER])
    rows = list(csv.reader(StringIO(client.get(reverse("datalab:file"), query()).content.decode())))
    assert len(rows) == 61
    assert {(row[5], row[6]) for row in rows[1:]} == {("", "")}
    assert DataLabExport.objects.get().with_identifiers is False


def test_staff_on_temporary_licence_never_make_the_file(world):
    senior = world["users"][Role.SENIOR_CASEWORKER]
    for _ in range(60):
        person(world)
    senior.on_temporary_licence = True
    senior.save()
    assert permissions.prepares_datalab_file(senior)
    assert not permissions.exports_to_datalab(senior)
    with pytest.raises(NotAllowed):
        datalab_export(actor=senior, readiness=readiness(senior, CHOICE, today=TODAY))
    assert not DataLabExport.objects.exists()


def test_the_service_refuses_below_60_in_plain_words(world):
    senior = world["users"][Role.SENIOR_CASEWORKER]
    person(world)
    with pytest.raises(ServiceError, match="this file would have 1 person"):
        datalab_export(actor=senior, readiness=readiness(senior, CHOICE, today=TODAY))


def test_a_caseworker_records_consent_on_the_clients_page_and_it_is_audited(world, client):
    own = world["clients"]["own"]
    caseworker = world["users"][Role.CASEWORKER]
    sign_in(client, caseworker)
    url = reverse("datalab:consent", args=[own.pk])
    sent = {
        "given": "no",
        "note": "Changed his mind",
        "form_token": FormSubmission.new_token(),
        **date_boxes("on", TODAY),
    }
    response = client.post(url, sent)
    assert client.post(url, sent).status_code == 302  # sent twice: recorded once
    assert response.status_code == 302
    answer = DataLabConsent.objects.get(client=own)
    assert (answer.given, answer.recorded_by, answer.note) == (
        False,
        caseworker,
        "Changed his mind",
    )
    assert AuditEvent.objects.filter(
        actor=caseworker, object_type="datalab.datalabconsent", client_id=own.pk
    ).exists()
    assert "Did not agree, or withdrew" in client.get(url).content.decode()


def test_the_same_answer_recorded_again_by_someone_else_is_kept_once_and_a_new_one_is_kept(
    world,
):
    own = world["clients"]["own"]
    caseworker, lead = world["users"][Role.CASEWORKER], world["users"][Role.SENIOR_CASEWORKER]
    first = consent_record(actor=caseworker, client=own, given=True, on=TODAY)
    assert consent_record(actor=lead, client=own, given=True, on=TODAY) == first
    withdrawn = consent_record(actor=lead, client=own, given=False, on=TODAY)
    again = consent_record(actor=caseworker, client=own, given=True, on=TODAY)
    answers = DataLabConsent.objects.filter(client=own).order_by("id")
    assert list(answers) == [first, withdrawn, again]
    audited = AuditEvent.objects.filter(object_type="datalab.datalabconsent", client_id=own.pk)
    assert audited.count() == 3


def test_consent_needs_a_date_in_the_past(world, client):
    own = world["clients"]["own"]
    sign_in(client, world["users"][Role.CASEWORKER])
    url = reverse("datalab:consent", args=[own.pk])
    response = client.post(
        url,
        {
            "given": "yes",
            "form_token": FormSubmission.new_token(),
            **date_boxes("on", TODAY + timedelta(days=2)),
        },
    )
    assert response.status_code == 200
    assert not DataLabConsent.objects.exists()


def test_a_last_start_date_before_the_first_is_refused_on_the_page_in_the_services_words(
    world, client
):
    sign_in(client, world["users"][Role.MANAGER])
    response = client.get(reverse("datalab:readiness"), query(started_from=TO, started_to=FROM))
    assert response.status_code == 200
    assert "The last start date must be on or after the first" in response.content.decode()


def test_choosing_a_funding_stream_covers_only_its_journeys(world):
    senior = world["users"][Role.SENIOR_CASEWORKER]
    stream = FundingStreamFactory(borough=world["boroughs"][0])
    funded = person(world)
    funded.journeys.update(funding_stream=stream)
    person(world)
    found = readiness(
        senior,
        Choice(started_from=FROM, started_to=TO, funding_stream_id=stream.pk),
        today=TODAY,
    )
    assert [c.client for c in found.candidates] == [funded]
    by_borough = readiness(
        senior,
        Choice(started_from=FROM, started_to=TO, borough_id=world["boroughs"][1].pk),
        today=TODAY,
    )
    assert by_borough.candidates == []


def test_the_clients_record_shows_their_latest_answer_and_the_way_to_record_one(world, client):
    own = world["clients"]["own"]
    caseworker = world["users"][Role.CASEWORKER]
    sign_in(client, caseworker)
    record = reverse("home:client", args=[own.pk])
    page = client.get(record).content.decode()
    assert "Nobody has asked them yet" in page
    assert reverse("datalab:consent", args=[own.pk]) in page
    consent_record(actor=caseworker, client=own, given=False, on=TODAY)
    assert "They said no to the Justice Data Lab" in client.get(record).content.decode()
