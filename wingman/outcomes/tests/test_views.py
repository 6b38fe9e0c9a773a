"""The outcome pages, the client record's section, the stream indicator page and the back
office's outcome types and indicators."""

import re
from datetime import timedelta

from django.utils import timezone

from testing.factories import FundingStreamFactory
from testing.helpers import date_boxes, sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.outcomes.models import IndicatorAssignment, IndicatorDefinition, Outcome, OutcomeType
from wingman.outcomes.selectors import for_client_record
from wingman.outcomes.services import outcome_record


def today():
    return timezone.localdate()


def form_token(page):
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def record(actor, client, kind, evidence="Enrolment letter"):
    outcome, _ = outcome_record(
        actor=actor,
        client=client,
        data={"outcome_type_id": kind.pk, "achieved_on": today(), "evidence": evidence},
    )
    return outcome


def test_a_caseworker_records_training_started_once_and_it_shows_on_the_client_record(
    client, caseworker, own, kinds
):
    sign_in(client, caseworker)
    url = f"/clients/{own.pk}/outcomes/new/"
    page = client.get(url).content.decode()
    assert "Education, skills and work" in page  # the types are grouped by pathway
    post = {
        "form_token": form_token(page),
        "outcome_type": str(kinds["Training started"].pk),
        "evidence": "Place confirmed on the CSCS course starting Monday",
        **date_boxes("achieved_on", today()),
    }
    response = client.post(url, post)
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{own.pk}/#outcomes"
    client.post(url, post)
    assert Outcome.objects.count() == 1
    record_page = client.get(f"/clients/{own.pk}/").content.decode()
    assert "Training started" in record_page and "1 outcome achieved" in record_page
    listed = client.get(f"/clients/{own.pk}/outcomes/").content.decode()
    assert "CSCS course" in listed


def test_the_form_shows_the_services_refusal_of_a_future_date(client, caseworker, own, kinds):
    sign_in(client, caseworker)
    url = f"/clients/{own.pk}/outcomes/new/"
    response = client.post(
        url,
        {
            "form_token": form_token(client.get(url).content.decode()),
            "outcome_type": str(kinds["ID obtained"].pk),
            "evidence": "Passport",
            **date_boxes("achieved_on", today() + timedelta(days=2)),
        },
    )
    assert response.status_code == 200
    assert "Date achieved must be today or in the past" in response.content.decode()
    assert not Outcome.objects.exists()


def test_withdrawing_moves_the_outcome_to_withdrawn_with_its_reason(client, caseworker, own, kinds):
    outcome = record(caseworker, own, kinds["Bank account opened"])
    sign_in(client, caseworker)
    response = client.post(
        f"/outcomes/{outcome.pk}/withdraw/",
        {"reason": "Recorded for the wrong person", "version": 1},
    )
    assert response.status_code == 302
    listed = client.get(f"/clients/{own.pk}/outcomes/").content.decode()
    assert "Recorded for the wrong person" in listed
    assert client.get(f"/outcomes/{outcome.pk}/edit/").status_code == 302


def test_an_edit_from_an_older_version_shows_both_versions(client, caseworker, own, kinds):
    outcome = record(caseworker, own, kinds["ID obtained"])
    sign_in(client, caseworker)
    form = {
        "outcome_type": str(outcome.outcome_type_id),
        "evidence": "Passport seen",
        "version": 1,
        **date_boxes("achieved_on", today()),
    }
    assert client.post(f"/outcomes/{outcome.pk}/edit/", form).status_code == 302
    response = client.post(f"/outcomes/{outcome.pk}/edit/", form | {"evidence": "Other"})
    assert response.status_code == 409


def test_the_client_record_section_takes_the_same_queries_for_one_outcome_or_many(
    caseworker, own, kinds, django_assert_num_queries
):
    record(caseworker, own, kinds["ID obtained"])
    with django_assert_num_queries(2):
        assert for_client_record(caseworker, own)["count"] == 1
    for _ in range(6):
        record(caseworker, own, kinds["Benefits in payment"])
    with django_assert_num_queries(2):
        shown = for_client_record(caseworker, own)
    assert shown["count"] == 7 and len(shown["latest"]) == 3


def test_a_manager_reads_their_boroughs_stream_target_against_result_without_names(
    client, world, caseworker, own, kinds
):
    stream = FundingStreamFactory(borough=world["boroughs"][0], name="Southwark gang exit")
    own.journeys.update(funding_stream=stream)
    indicator = IndicatorDefinition.objects.create(
        organisation=world["org"], name="Young people into training", unit="young people"
    )
    indicator.outcome_types.add(kinds["Training started"])
    IndicatorAssignment.objects.create(
        indicator=indicator,
        funding_stream=stream,
        target=12,
        period_start=today() - timedelta(days=60),
        period_end=today() + timedelta(days=300),
    )
    record(caseworker, own, kinds["Training started"])
    sign_in(client, world["users"][Role.MANAGER])
    assert "Southwark gang exit" in client.get("/funding-streams/indicators/").content.decode()
    page = client.get(f"/funding-streams/{stream.pk}/indicators/").content.decode()
    assert "Young people into training" in page
    assert 'data-label="Target">12<' in page and 'data-label="Result">1<' in page
    assert "In progress" in page
    assert own.given_name not in page and own.family_name not in page


def test_an_administrator_adds_an_outcome_type_in_the_back_office_and_it_is_audited(client, world):
    admin = world["users"][Role.ADMINISTRATOR]
    sign_in(client, admin)
    response = client.post(
        "/back-office/outcomes/outcometype/add/",
        {
            "organisation": world["org"].pk,
            "name": "Driving licence gained",
            "pathway": "ete",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = OutcomeType.objects.get(name="Driving licence gained")
    assert AuditEvent.objects.filter(
        actor=admin, object_type="outcomes.outcometype", object_id=str(made.pk)
    ).exists()


def test_the_back_office_refuses_a_period_that_ends_before_it_starts(client, world, kinds):
    indicator = IndicatorDefinition.objects.create(organisation=world["org"], name="ID")
    indicator.outcome_types.add(kinds["ID obtained"])
    stream = FundingStreamFactory(borough=world["boroughs"][0])
    sign_in(client, world["users"][Role.ADMINISTRATOR])
    response = client.post(
        "/back-office/outcomes/indicatorassignment/add/",
        {
            "indicator": indicator.pk,
            "funding_stream": stream.pk,
            "target": "10",
            "direction": "increase",
            "period_start": "2026-04-01",
            "period_end": "2026-03-31",
        },
    )
    assert response.status_code == 200
    assert "The period must end on or after the day it starts" in response.content.decode()
    assert not IndicatorAssignment.objects.exists()
