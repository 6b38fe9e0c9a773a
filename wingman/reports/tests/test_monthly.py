"""The monthly report's figures: hours split between funders without counting any minute twice
or dropping one, and a fixed number of queries whatever the size of the data."""

import re
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from testing.factories import (
    BoroughFactory,
    ClientFactory,
    FundingStreamFactory,
    JourneyFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)
from wingman.accounts.choices import Role
from wingman.casework.models import Contact
from wingman.reports import hours
from wingman.reports.models import SplitRule
from wingman.reports.monthly import monthly_report
from wingman.reports.services import report_settings_save

DAY = date(2026, 11, 10)


def test_largest_remainder_adds_up_and_gives_ties_to_the_first():
    assert hours.largest_remainder(10, [(1, 1), (2, 1), (3, 1)]) == {1: 4, 2: 3, 3: 3}
    assert hours.largest_remainder(7, [(1, 30), (2, 10)]) == {1: 5, 2: 2}
    assert hours.largest_remainder(5, [(1, 0), (2, 0)]) == {1: 3, 2: 2}


@given(st.integers(0, 2000), st.lists(st.integers(0, 50), min_size=1, max_size=6))
def test_largest_remainder_parts_add_up_and_stay_within_one_of_the_quota(total, weights):
    shares = hours.largest_remainder(total, list(enumerate(weights)))
    assert sum(shares.values()) == total
    whole = sum(weights) or len(weights)
    for i, w in enumerate(weights):
        quota = Fraction(total * (w if sum(weights) else 1), whole)
        assert abs(shares[i] - quota) < 1


@pytest.fixture
def service(db):
    org = OrganisationFactory()
    boroughs = [BoroughFactory(organisation=org, name=f"Borough {i}") for i in range(3)]
    teams = [TeamFactory(borough=b) for b in boroughs]
    streams = [
        FundingStreamFactory(borough=b, capacity=cap)
        for b, cap in zip([*boroughs, boroughs[0]], [10, 25, 5, 40], strict=True)
    ]
    worker = UserFactory(role=Role.CASEWORKER, team=teams[0])
    manager = UserFactory(role=Role.MANAGER, team=teams[0], organisation=org)
    return {
        "org": org,
        "boroughs": boroughs,
        "teams": teams,
        "streams": streams,
        "worker": worker,
        "manager": manager,
    }


contact_specs = st.lists(
    st.tuples(
        st.integers(0, 2),  # team
        st.one_of(st.none(), st.integers(0, 3)),  # the journey's stream
        st.sets(st.integers(0, 3), max_size=3),  # also served
        st.integers(1, 600),  # minutes
        st.lists(st.sampled_from(["accommodation", "ete", "safety"]), max_size=3, unique=True),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(contact_specs, st.sampled_from([SplitRule.EQUAL, SplitRule.BY_PLACES]))
def test_every_funders_hours_add_up_to_the_minutes_worked(service, specs, rule):
    Contact.objects.all().delete()
    report_settings_save(
        actor=service["manager"], organisation=service["org"], preset="DEFAULT", split_rule=rule
    )
    for team, first, also, minutes, pathways in specs:
        client = ClientFactory(team=service["teams"][team])
        journey = JourneyFactory(
            client=client,
            funding_stream=None if first is None else service["streams"][first],
            unfunded_reason="" if first is not None else "Walk-in",
        )
        contact = Contact.objects.create(
            client=client,
            journey=journey,
            occurred_on=DAY,
            minutes=minutes,
            contact_type="phone",
            pathways=pathways,
            author=service["worker"],
        )
        contact.also_for.set([service["streams"][s] for s in also])
    total = sum(spec[3] for spec in specs)
    counted = 0.0
    by_minutes = 0
    for borough in service["boroughs"]:
        report = monthly_report(borough=borough, start=DAY, end=DAY)
        sections = {s.title: s for s in report.sections}
        by_type = sections["Hours of contact"].tables[0]
        by_pathway = sections["Hours of contact"].tables[1]
        unfunded = sections["Unfunded work"].tables[-1]
        assert by_type.rows[-1][1][0] == by_pathway.rows[-1][1][0]
        counted += by_type.rows[-1][1][0] + unfunded.rows[-1][1][0]
    rows = hours.contact_rows(organisation=service["org"], start=DAY, end=DAY)
    places = {s.pk: s.capacity for s in service["streams"]}
    by_minutes = sum(p.minutes for p in hours.parts(rows, rule=rule, places=places))
    assert by_minutes == total
    # Each borough's hours are rounded to a tenth: at most 0.05 hours off each.
    assert abs(counted - total / 60) <= 0.05 * 2 * len(service["boroughs"]) + 1e-9


def _grow(service, n):
    for i in range(n):
        client = ClientFactory(team=service["teams"][i % 3])
        journey = JourneyFactory(client=client, funding_stream=service["streams"][i % 4])
        contact = Contact.objects.create(
            client=client,
            journey=journey,
            occurred_on=DAY,
            minutes=30 + i,
            contact_type="phone",
            pathways=["ete"],
            author=service["worker"],
        )
        contact.also_for.set([service["streams"][(i + 1) % 4]])


def test_the_report_takes_the_same_number_of_queries_at_two_sizes(
    service, django_assert_max_num_queries, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _grow(service, 3)
    with CaptureQueriesContext(connection) as small:
        monthly_report(borough=service["boroughs"][0], start=DAY, end=DAY)
    _grow(service, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        monthly_report(borough=service["boroughs"][0], start=DAY, end=DAY)


def test_a_contact_for_two_streams_splits_its_minutes_by_places(service):
    report_settings_save(
        actor=service["manager"],
        organisation=service["org"],
        preset="DEFAULT",
        split_rule=SplitRule.BY_PLACES,
    )
    a, b = service["streams"][0], service["streams"][1]  # 10 and 25 places
    client = ClientFactory(team=service["teams"][0])
    journey = JourneyFactory(client=client, funding_stream=a)
    contact = Contact.objects.create(
        client=client,
        journey=journey,
        occurred_on=DAY,
        minutes=70,
        contact_type="phone",
        author=service["worker"],
    )
    contact.also_for.set([b])
    first = monthly_report(borough=a.borough, start=DAY, end=DAY)
    second = monthly_report(borough=b.borough, start=DAY, end=DAY)
    assert first.sections[2].tables[0].rows[-1][1][0] == round(20 / 60, 1)
    assert second.sections[2].tables[0].rows[-1][1][0] == round(50 / 60, 1)


def test_a_contact_logged_as_also_serving_another_stream_counts_for_both_boroughs(service):
    from wingman.casework.services import contact_log

    a, b = service["streams"][0], service["streams"][1]
    client = ClientFactory(team=service["teams"][0])
    JourneyFactory(client=client, funding_stream=a)
    contact, _ = contact_log(
        actor=service["worker"],
        client=client,
        data={"occurred_on": DAY, "minutes": 90, "contact_type": "phone", "also_for": [b.pk]},
    )
    assert list(contact.also_for.all()) == [b]
    for stream in (a, b):
        report = monthly_report(borough=stream.borough, start=DAY, end=DAY)
        assert report.sections[2].tables[0].rows[-1][1][0] == 0.8  # 45 minutes each


def test_a_stream_of_another_organisation_is_refused_for_a_contact(service):
    from wingman.casework.services import contact_log
    from wingman.core.errors import ServiceError

    client = ClientFactory(team=service["teams"][0])
    JourneyFactory(client=client, funding_stream=service["streams"][0])
    elsewhere = FundingStreamFactory(
        borough=BoroughFactory(organisation=OrganisationFactory(name="Another Trust"))
    )
    with pytest.raises(ServiceError):
        contact_log(
            actor=service["worker"],
            client=client,
            data={
                "occurred_on": DAY,
                "minutes": 30,
                "contact_type": "phone",
                "also_for": [elsewhere.pk],
            },
        )


def test_only_the_organisations_managers_change_its_report_settings(service):
    from wingman.audit.models import AuditEvent
    from wingman.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        report_settings_save(
            actor=service["worker"], organisation=service["org"], preset="TEN", split_rule="equal"
        )
    saved = report_settings_save(
        actor=service["manager"], organisation=service["org"], preset="TEN", split_rule="equal"
    )
    assert saved.threshold.below == 10
    assert AuditEvent.objects.filter(summary="Report settings changed").count() == 1


def test_a_caseworker_ticks_the_other_streams_a_contact_served_on_its_form(service, client):
    from django.urls import reverse

    from testing.helpers import date_boxes, sign_in
    from wingman.core.models import FormSubmission

    a, b = service["streams"][0], service["streams"][1]
    young_person = ClientFactory(team=service["teams"][0], caseworker=service["worker"])
    JourneyFactory(client=young_person, funding_stream=a)
    sign_in(client, service["worker"])
    url = reverse("casework:contact-new", args=[young_person.pk])
    page = client.get(url).content.decode()
    assert "Also served" in page and b.name in page
    assert f'value="{a.pk}"' not in page.split("Also served")[1]  # the client's own stream
    response = client.post(
        url,
        {
            **date_boxes("occurred_on", date.today()),
            "minutes": "60",
            "contact_type": "phone",
            "also_for": [str(b.pk)],
            "form_token": FormSubmission.new_token(),
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(client=young_person)
    assert list(contact.also_for.all()) == [b]
    edit = client.get(reverse("casework:contact-edit", args=[contact.pk])).content.decode()
    ticked = re.findall(r'<input[^>]*name="also_for"[^>]*>', edit)
    assert [tag for tag in ticked if "checked" in tag and f'value="{b.pk}"' in tag], ticked


def _cells(table):
    return [cell for _label, cells in table.rows for cell in cells]


def test_a_streams_hidden_count_cannot_be_had_from_the_boroughs_report_less_its_other_stream(
    service,
):
    borough, one, other = service["boroughs"][0], service["streams"][0], service["streams"][3]
    for stream, accepted in ((one, 7), (other, 2)):
        for _ in range(accepted):
            JourneyFactory(
                client=ClientFactory(team=service["teams"][0]), funding_stream=stream, opened_on=DAY
            )
    reports = [
        monthly_report(borough=borough, funding_stream=stream, start=DAY, end=DAY)
        for stream in (None, one, other)
    ]
    tables = [
        {t.title: t for section in report.sections for t in section.tables} for report in reports
    ]
    flow = [t["Journeys accepted and closed"] for t in tables]
    assert dict(flow[0].rows)["Accepted"][0] is None or dict(flow[1].rows)["Accepted"][0] is None
    # In every table of funded work, the borough's figure is its two streams' added up: a
    # number hidden in one of the three is hidden in another too.
    funded = [
        "Journeys accepted and closed",
        "Journeys open on the last day",
        "Journeys closed, by reason",
        "Young people scored at least twice, by pathway and how their score moved",
    ]
    for title in funded:
        cells = [_cells(t[title]) for t in tables]
        for at, (whole, part, rest) in enumerate(zip(*cells, strict=True)):
            hidden = [whole is None, part is None, rest is None]
            assert sum(hidden) != 1, (title, at, whole, part, rest)
            if not any(hidden):
                assert whole == part + rest
