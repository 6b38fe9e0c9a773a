"""Proven reoffending by cohort: aggregates over the clients the viewer may see, adult and
juvenile apart, no names, and a group of fewer than 10 shown as "fewer than 10"."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from testing.factories import ClientFactory
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.casework.choices import Stage
from wingman.evaluation import reoffending as rule
from wingman.offending.selectors import cohort_rows, for_client_record

from .conftest import journey_with_history, record, today, years_ago


def cohort(world, actor, n, *, team, start, reoffend=0, age=20):
    clients = []
    for i in range(n):
        client = ClientFactory(
            team=team,
            caseworker=actor,
            given_name=f"Cohort{i}",
            family_name="Member",
            gender="male",
            date_of_birth=start.replace(year=start.year - age) - timedelta(days=30),
        )
        journey_with_history(client, [("", Stage.COMMUNITY, start)])
        if i < reoffend:
            record(actor, client, committed_on=start + timedelta(days=40))
        clients.append(client)
    return clients


def test_a_cohort_shows_its_size_rate_and_frequency_and_whether_it_is_final(world):
    manager = world["users"][Role.MANAGER]
    start = years_ago(3)
    cohort(world, manager, 12, team=world["teams"][0], start=start, reoffend=3)
    rows = [r for r in cohort_rows(manager, today=today()) if r.period == str(start.year)]
    adults = next(r for r in rows if r.cohort == rule.ADULT)
    assert adults.shown and adults.figures is not None
    assert (adults.figures.people, adults.figures.reoffenders) == (12, 3)
    assert adults.figures.rate == 0.25 and adults.figures.per_reoffender == 1.0
    assert not adults.figures.provisional


def test_a_group_of_fewer_than_10_is_shown_without_figures(world, client):
    manager = world["users"][Role.MANAGER]
    start = years_ago(0, 80)
    cohort(world, manager, 9, team=world["teams"][0], start=start, reoffend=2, age=16)
    rows = cohort_rows(manager, today=today())
    juveniles = [r for r in rows if r.cohort == rule.JUVENILE]
    assert juveniles and all(not r.shown and r.figures is None for r in juveniles)
    sign_in(client, manager)
    page = client.get("/offending/reoffending/").content.decode()
    assert "Not shown: fewer than 10 people" in page
    assert "Cohort0" not in page and "Member" not in page


def test_team_leads_see_their_teams_cohorts_and_managers_their_boroughs(world):
    senior, manager = world["users"][Role.SENIOR_CASEWORKER], world["users"][Role.MANAGER]
    start = years_ago(3)
    a1, a2 = world["teams"][0], world["teams"][1]
    cohort(world, manager, 10, team=a1, start=start)
    cohort(world, manager, 10, team=a2, start=start, reoffend=10)

    def adults(viewer):
        rows = cohort_rows(viewer, today=today())
        return next(r for r in rows if r.period == str(start.year) and r.cohort == rule.ADULT)

    seen_by_lead = adults(senior)
    assert seen_by_lead.figures is not None and seen_by_lead.figures.people == 10
    assert seen_by_lead.figures.reoffenders == 0
    seen_by_manager = adults(manager)
    assert seen_by_manager.figures is not None and seen_by_manager.figures.people == 20


def test_cohorts_by_month_are_labelled_by_month(world):
    manager = world["users"][Role.MANAGER]
    start = years_ago(2).replace(day=15)
    cohort(world, manager, 10, team=world["teams"][0], start=start)
    rows = cohort_rows(manager, today=today(), by="month")
    assert any(r.shown and r.period == start.strftime("%B %Y") for r in rows)


def test_the_client_record_section_takes_the_same_queries_whatever_the_history(world):
    caseworker = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    with CaptureQueriesContext(connection) as few:
        for_client_record(caseworker, own)
    for day in range(30):
        record(caseworker, own, committed_on=today() - timedelta(days=60 + day))
    journey_with_history(
        own, [("", Stage.COMMUNITY, years_ago(4)), (Stage.COMMUNITY, Stage.CLOSED, years_ago(3))]
    )
    with CaptureQueriesContext(connection) as many:
        for_client_record(caseworker, own)
    assert len(many) == len(few)


def test_the_api_gives_a_teams_cohort_figures_without_names(world):
    from wingman.accounts.models import ApiToken, hash_token
    from wingman.api.tests.conftest import ApiClient

    manager = world["users"][Role.MANAGER]
    start = years_ago(3)
    team = world["teams"][0]
    cohort(world, manager, 10, team=team, start=start, reoffend=2)
    key = ApiToken.new_key()
    ApiToken.objects.create(user=manager, name="Test", key_hash=hash_token(key))
    answer = ApiClient(key).get(f"/api/v1/teams/{team.pk}/reoffending-cohorts")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    adults = next(i for i in body["items"] if i["period"] == str(start.year))
    assert adults["cohort"] == "adult" and adults["people"] == 10 and adults["rate"] == 0.2
    assert adults["provisional"] is False
    assert "Cohort0" not in answer.content.decode()
    other_borough = world["teams"][2]
    assert (
        ApiClient(key).get(f"/api/v1/teams/{other_borough.pk}/reoffending-cohorts").status_code
        == 404
    )
