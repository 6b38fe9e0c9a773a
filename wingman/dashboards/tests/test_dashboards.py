"""The dashboards' figures on a team and an organisation built by hand, each number counted here
from the records made; who may drill into whose caseload; month boundaries; the charts beside
their tables; and a fixed number of queries whatever the amount of data."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from testing.factories import (
    BoroughFactory,
    ClientFactory,
    JourneyFactory,
    OrganisationFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.accounts.models import DEFAULT_CASELOAD_CAPACITY
from wingman.assessments.tests.records import give_assessment
from wingman.audit.models import AccessEvent
from wingman.casework.choices import Stage, TaskKind
from wingman.casework.models import Contact, Task
from wingman.dashboards import selectors

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)


def contact(client: Any, author: Any, on: date, minutes: int) -> Contact:
    return Contact.objects.create(
        client=client, occurred_on=on, minutes=minutes, contact_type="phone", author=author
    )


def task(client: Any, to: Any, due: date, done: bool = False) -> Task:
    return Task.objects.create(
        client=client,
        kind=TaskKind.FOLLOW_UP,
        title="Ring back",
        due_on=due,
        assigned_to=to,
        created_by=to,
        done_at=timezone.now() if done else None,
    )


def journey(team: Any, caseworker: Any, **fields: Any) -> Any:
    return JourneyFactory(client=ClientFactory(team=team, caseworker=caseworker), **fields)


@pytest.fixture
def team() -> dict[str, Any]:
    """Team T in borough A, led by Lena, with Ana (capacity 3) and Ben (the default); team U in
    the same borough (Uma) and team V in borough B (Vic)."""
    org = OrganisationFactory()
    borough_a = BoroughFactory(organisation=org, name="Borough A")
    borough_b = BoroughFactory(organisation=org, name="Borough B")
    t = TeamFactory(borough=borough_a, name="T")
    u = TeamFactory(borough=borough_a, name="U")
    v = TeamFactory(borough=borough_b, name="V")
    lead = UserFactory(role=Role.SENIOR_CASEWORKER, team=t, first_name="Lena", last_name="Lead")
    manager = UserFactory(role=Role.MANAGER, team=t, first_name="Mo", last_name="Manager")
    ana = UserFactory(team=t, first_name="Ana", last_name="Adu", caseload_capacity=3)
    ben = UserFactory(team=t, first_name="Ben", last_name="Bell")
    uma = UserFactory(team=u, first_name="Uma", last_name="Usman")
    vic = UserFactory(team=v, first_name="Vic", last_name="Vance")
    return {
        "t": t,
        "u": u,
        "v": v,
        "lead": lead,
        "manager": manager,
        "ana": ana,
        "ben": ben,
        "uma": uma,
        "vic": vic,
    }


@pytest.fixture
def casework(team: dict[str, Any]) -> dict[str, Any]:
    """Ana's clients: c1 in the community, c2 in custody released in 10 days, c3 an open
    referral only, c4 closed (not live), c5 and c6 in custody released in 20 and 29 days. Ben's
    b1 in the community. Uma's u1."""
    t, ana, ben = team["t"], team["ana"], team["ben"]
    c1 = journey(t, ana, stage=Stage.COMMUNITY).client
    c2 = journey(
        t, ana, stage=Stage.IN_CUSTODY, expected_release_date=TODAY + timedelta(days=10)
    ).client
    c3 = ReferralFactory(client=ClientFactory(team=t, caseworker=ana)).client
    c4 = journey(t, ana, stage=Stage.CLOSED, closed_on=TODAY - timedelta(days=3)).client
    c5 = journey(
        t, ana, stage=Stage.IN_CUSTODY, expected_release_date=TODAY + timedelta(days=20)
    ).client
    c6 = journey(
        t, ana, stage=Stage.IN_CUSTODY, expected_release_date=TODAY + timedelta(days=29)
    ).client
    b1 = journey(t, ben, stage=Stage.COMMUNITY).client
    u1 = journey(team["u"], team["uma"], stage=Stage.COMMUNITY).client
    # Hours: Ana 90 + 30 minutes this month (28 February is last month); Ben 48 minutes, on one
    # of Ana's clients (hours are the author's).
    contact(c1, ana, date(2026, 2, 28), 60)
    contact(c1, ana, date(2026, 3, 1), 90)
    contact(c2, ana, TODAY, 30)
    contact(c1, ben, date(2026, 3, 2), 48)
    contact(u1, team["uma"], TODAY, 600)
    # Tasks: one of Ana's overdue; one done; one due today (not overdue yet).
    task(c1, ana, TODAY - timedelta(days=1))
    task(c2, ana, TODAY - timedelta(days=5), done=True)
    task(c3, ana, TODAY)
    task(u1, team["uma"], TODAY - timedelta(days=9))
    # Reviews (every 12 weeks): c1's last was 13 weeks ago (due); c2's 2 weeks ago (not due);
    # c5 has none (intake due); c6 has one started, not recorded (intake due). Ben's b1 is fine.
    give_assessment(c1, ana, on=TODAY - timedelta(weeks=13))
    give_assessment(c2, ana, on=TODAY - timedelta(weeks=2))
    give_assessment(c6, ana, on=TODAY - timedelta(days=1), recorded=False)
    give_assessment(b1, ben, on=TODAY - timedelta(weeks=1))
    return {"live": [c1, c2, c3, c5, c6], "closed": c4, "b1": b1, "u1": u1}


def test_each_caseworkers_figures_are_those_counted_by_hand(team, casework):
    board = selectors.team_dashboard(team["lead"], team["t"], today=TODAY)
    rows = {r.caseworker.first_name: r for r in board.rows}
    # The team lead carries a caseload too (none yet); the manager does not.
    assert list(rows) == ["Ana", "Ben", "Lena"]
    ana, ben = rows["Ana"], rows["Ben"]
    assert rows["Lena"].live == rows["Lena"].minutes == 0
    assert (ana.live, ana.capacity, ana.over_capacity) == (5, 3, True)
    assert (ana.minutes, ana.hours) == (120, 2.0)
    assert ana.overdue_tasks == 1
    assert ana.reviews_due == 3
    assert (ana.releases_soon, ana.releases_later) == (1, 2)
    assert (ben.live, ben.capacity, ben.over_capacity) == (1, DEFAULT_CASELOAD_CAPACITY, False)
    assert (ben.minutes, ben.hours) == (48, 0.8)
    assert (ben.overdue_tasks, ben.reviews_due, ben.releases_soon, ben.releases_later) == (
        0,
        0,
        0,
        0,
    )
    total = board.totals
    assert (total.live, total.capacity, total.minutes, total.hours) == (6, 27, 168, 2.8)
    assert (total.overdue_tasks, total.reviews_due) == (1, 3)
    assert (total.releases_soon, total.releases_later) == (1, 2)


def test_a_new_member_of_staff_carries_twelve_live_clients_unless_set():
    assert UserFactory().caseload_capacity == DEFAULT_CASELOAD_CAPACITY == 12


def test_hours_of_the_month_start_on_its_first_day_and_end_today(team):
    c = journey(team["t"], team["ana"]).client
    contact(c, team["ana"], date(2026, 2, 28), 60)  # the day before the month
    contact(c, team["ana"], date(2026, 3, 1), 30)  # its first day
    contact(c, team["ana"], date(2026, 3, 31), 600)  # later in the month than "today"
    board = selectors.team_dashboard(team["lead"], team["t"], today=date(2026, 3, 1))
    assert {r.caseworker.first_name: r.minutes for r in board.rows}["Ana"] == 30
    board = selectors.team_dashboard(team["lead"], team["t"], today=date(2026, 2, 28))
    assert {r.caseworker.first_name: r.minutes for r in board.rows}["Ana"] == 60


def test_releases_in_14_and_28_days_include_both_ends(team):
    for days in (-1, 0, 14, 15, 28, 29):
        journey(
            team["t"],
            team["ana"],
            stage=Stage.IN_CUSTODY,
            expected_release_date=TODAY + timedelta(days=days),
        )
    journey(
        team["t"], team["ana"], stage=Stage.COMMUNITY, expected_release_date=TODAY
    )  # released already
    row = selectors.team_dashboard(team["lead"], team["t"], today=TODAY).rows[0]
    assert (row.releases_soon, row.releases_later) == (2, 4)


def test_the_team_lead_sees_the_chart_and_its_table_and_each_name_opens_a_caseload(
    client, team, casework
):
    sign_in(client, team["lead"])
    page = client.get(reverse("dashboards:team")).content.decode()
    assert "<svg" in page and 'aria-describedby="team-caseloads"' in page
    assert 'id="team-caseloads"' in page
    assert reverse("dashboards:caseload", args=[team["ana"].pk]) in page
    assert reverse("dashboards:caseload", args=[team["ben"].pk]) in page
    assert "Uma" not in page
    assert "Over capacity" in page


def test_a_drill_down_shows_the_caseworkers_live_clients_and_records_each_as_listed(
    client, team, casework
):
    lead = team["lead"]
    sign_in(client, lead)
    response = client.get(reverse("dashboards:caseload", args=[team["ana"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for c in casework["live"]:
        assert c.display_name in page
    assert casework["closed"].display_name not in page
    assert casework["b1"].display_name not in page
    listed = AccessEvent.objects.filter(actor=lead, kind=AccessEvent.Kind.LIST)
    assert sorted(listed.values_list("client_id", flat=True)) == sorted(
        c.pk for c in casework["live"]
    )


def test_a_team_lead_opens_neither_another_teams_dashboard_nor_its_caseloads(
    client, team, casework
):
    sign_in(client, team["lead"])
    assert client.get(reverse("dashboards:team"), {"team": team["u"].pk}).status_code == 404
    assert client.get(reverse("dashboards:caseload", args=[team["uma"].pk])).status_code == 404
    assert client.get(reverse("dashboards:team"), {"team": "nonsense"}).status_code == 404
    refused = AccessEvent.objects.filter(actor=team["lead"], kind=AccessEvent.Kind.DENIED)
    assert refused.count() == 3


def test_a_manager_opens_any_team_of_their_borough_and_none_of_another(client, team, casework):
    sign_in(client, team["manager"])
    page = client.get(reverse("dashboards:team"), {"team": team["u"].pk})
    assert page.status_code == 200
    assert "Uma" in page.content.decode()
    drill = client.get(reverse("dashboards:caseload", args=[team["uma"].pk]))
    assert casework["u1"].display_name in drill.content.decode()
    assert client.get(reverse("dashboards:team"), {"team": team["v"].pk}).status_code == 404
    assert client.get(reverse("dashboards:caseload", args=[team["vic"].pk])).status_code == 404


def _queries(http: Any, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url, params).status_code == 200
    return len(queries)


def _more_casework(team: dict[str, Any], n: int) -> None:
    for i in range(n):
        worker = UserFactory(team=team["t"], first_name=f"Extra{i}")
        for days in (3, 20):
            c = journey(
                team["t"],
                worker,
                stage=Stage.IN_CUSTODY,
                expected_release_date=timezone.localdate() + timedelta(days=days),
            ).client
            contact(c, worker, timezone.localdate(), 40)
            task(c, worker, timezone.localdate() - timedelta(days=2))
            give_assessment(c, worker, on=timezone.localdate() - timedelta(weeks=20))
            ReferralFactory(client=ClientFactory(team=team["v"], caseworker=team["vic"]))


def test_the_dashboards_ask_the_database_the_same_number_of_questions_at_any_size(
    client, team, casework
):
    sign_in(client, team["manager"])
    team_page = reverse("dashboards:team")
    organisation_page = reverse("dashboards:organisation")
    drill = reverse("dashboards:caseload", args=[team["ana"].pk])
    small = (
        _queries(client, team_page),
        _queries(client, organisation_page),
        _queries(client, drill),
    )
    _more_casework(team, 6)
    for _ in range(4):
        journey(team["t"], team["ana"], stage=Stage.COMMUNITY)
    large = (
        _queries(client, team_page),
        _queries(client, organisation_page),
        _queries(client, drill),
    )
    assert small == large


# The organisation dashboard -------------------------------------------------------------------


@pytest.fixture
def organisation(team: dict[str, Any]) -> dict[str, Any]:
    """Borough A: a1 (referral on 1 March), a2 (referral on 28 February), a3 (referred 1 March,
    opened 2 March, in custody, released in 15 days), a4 (referred 2 January, opened 5 January,
    closed 10 March). Borough B: b1 (referred 1 April 2025, opened 10 April 2025). Another
    organisation's client with work this month, counted nowhere."""
    t, v, ana, vic = team["t"], team["v"], team["ana"], team["vic"]
    a1 = ReferralFactory(client=ClientFactory(team=t, caseworker=ana), received_on=date(2026, 3, 1))
    ReferralFactory(client=ClientFactory(team=t, caseworker=ana), received_on=date(2026, 2, 28))
    a3 = journey(
        t,
        ana,
        referral__received_on=date(2026, 3, 1),
        opened_on=date(2026, 3, 2),
        stage=Stage.IN_CUSTODY,
        expected_release_date=TODAY + timedelta(days=15),
    )
    journey(
        t,
        ana,
        referral__received_on=date(2026, 1, 2),
        opened_on=date(2026, 1, 5),
        closed_on=date(2026, 3, 10),
        stage=Stage.CLOSED,
    )
    b1 = journey(
        v,
        vic,
        referral__received_on=date(2025, 4, 1),
        opened_on=date(2025, 4, 10),
        stage=Stage.COMMUNITY,
    )
    contact(a1.client, ana, date(2026, 3, 3), 60)
    contact(a3.client, ana, date(2026, 2, 10), 30)
    contact(b1.client, vic, TODAY, 120)
    contact(b1.client, vic, date(2025, 3, 31), 30)  # before the 12 months
    elsewhere = UserFactory(
        team=TeamFactory(borough=BoroughFactory(organisation=OrganisationFactory(name="Other")))
    )
    far = journey(
        elsewhere.team,
        elsewhere,
        referral__received_on=TODAY,
        opened_on=TODAY,
        stage=Stage.IN_CUSTODY,
        expected_release_date=TODAY + timedelta(days=2),
    )
    contact(far.client, elsewhere, TODAY, 500)
    return team


def test_boroughs_side_by_side_are_the_figures_counted_by_hand(organisation):
    board = selectors.organisation_dashboard(organisation["manager"], today=TODAY)
    rows = {r.borough.name: r for r in board.boroughs}
    assert list(rows) == ["Borough A", "Borough B"]
    a, b = rows["Borough A"], rows["Borough B"]
    assert (a.referrals, a.live, a.opened, a.closed, a.hours, a.releases_due) == (
        2,
        3,
        1,
        1,
        1.0,
        1,
    )
    assert (b.referrals, b.live, b.opened, b.closed, b.hours, b.releases_due) == (
        0,
        1,
        0,
        0,
        2.0,
        0,
    )
    total = board.totals
    assert (total.referrals, total.live, total.minutes, total.releases_due) == (2, 4, 180, 1)


def test_trends_cover_the_last_twelve_months_each_month_counted_by_hand(organisation):
    board = selectors.organisation_dashboard(organisation["manager"], today=TODAY)
    months = [m.month for m in board.months]
    assert months[0] == date(2025, 4, 1) and months[-1] == date(2026, 3, 1)
    assert len(months) == 12
    by = {m.month: (m.referrals, m.opened, m.minutes) for m in board.months}
    assert by[date(2025, 4, 1)] == (1, 1, 0)
    assert by[date(2026, 1, 1)] == (1, 1, 0)
    assert by[date(2026, 2, 1)] == (1, 0, 30)
    assert by[date(2026, 3, 1)] == (2, 1, 180)
    quiet = [m for m in months if m not in by or by[m] == (0, 0, 0)]
    assert len(quiet) == 8


def test_twelve_months_back_cross_the_new_year():
    assert selectors.months_back(date(2026, 1, 31))[:2] == [date(2025, 2, 1), date(2025, 3, 1)]
    assert selectors.months_back(date(2026, 1, 31))[-1] == date(2026, 1, 1)


def test_the_organisation_page_draws_both_trends_each_beside_its_table(client, organisation):
    sign_in(client, organisation["manager"])
    page = client.get(reverse("dashboards:organisation")).content.decode()
    for table in ("trend-counts", "trend-hours"):
        assert f'aria-describedby="{table}"' in page
        assert f'id="{table}"' in page
    assert 'id="boroughs"' in page
    assert "Borough A" in page and "Borough B" in page


def test_a_funder_never_sees_a_dashboard(client, team):
    funder = UserFactory(role=Role.FUNDER, team=None, funded_borough=team["t"].borough)
    sign_in(client, funder)
    for url in (
        reverse("dashboards:team"),
        reverse("dashboards:organisation"),
        reverse("dashboards:caseload", args=[team["ana"].pk]),
    ):
        assert client.get(url).status_code == 403


def test_the_home_page_links_the_dashboards_a_role_has(client, team):
    sign_in(client, team["manager"])
    page = client.get(reverse("home:index")).content.decode()
    assert reverse("dashboards:team") in page and reverse("dashboards:organisation") in page
    sign_in(client, team["lead"])
    page = client.get(reverse("home:index")).content.decode()
    assert reverse("dashboards:team") in page and reverse("dashboards:organisation") not in page
    sign_in(client, team["ana"])
    page = client.get(reverse("home:index")).content.decode()
    assert "/dashboards/" not in page
