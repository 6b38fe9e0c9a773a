"""One definition of a live caseload (`casework.selectors.live`): the caseworker's home page, their
team lead's table and the allocation page all count the same clients."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from testing.factories import (
    ClientFactory,
    JourneyFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.casework.choices import ClosureReason, Stage
from wingman.casework.selectors import caseload_of, caseloads
from wingman.referrals.choices import ReferralState

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory()


@pytest.fixture
def lead(team):
    return UserFactory(role=Role.SENIOR_CASEWORKER, team=team, first_name="Ade", last_name="Lead")


@pytest.fixture
def caseworker(team, lead):
    """A caseworker with a client of every kind: two of them live."""
    worker = UserFactory(role=Role.CASEWORKER, team=team, first_name="Kim", last_name="Lewis")
    today = timezone.localdate()
    open_journey = ClientFactory(team=team, caseworker=worker, given_name="Open")
    JourneyFactory(client=open_journey, stage=Stage.COMMUNITY)
    open_referral = ClientFactory(team=team, caseworker=worker, given_name="Waiting")
    ReferralFactory(client=open_referral, state=ReferralState.SCREENING)
    closed = ClientFactory(team=team, caseworker=worker, given_name="Closed")
    JourneyFactory(
        client=closed,
        stage=Stage.CLOSED,
        closed_on=today - timedelta(days=3),
        closure_reason=ClosureReason.GOALS_MET,
    )
    declined = ClientFactory(team=team, caseworker=worker, given_name="Declined")
    ReferralFactory(client=declined, state=ReferralState.DECLINED)
    walk_in = ClientFactory(team=team, caseworker=None, created_by=worker, given_name="Walkin")
    ReferralFactory(client=walk_in, created_by=worker)
    return worker


LIVE = 2


def numbers_in_row(page: str, name: str) -> list[int]:
    row = next(r for r in re.findall(r"<tr .*?</tr>", page, re.S) if name in r)
    return [int(n) for n in re.findall(r'--numeric"[^>]*>\s*(\d+)\s*<', row)]


def test_the_selectors_count_the_same_live_clients(caseworker):
    assert caseload_of(caseworker).count() == LIVE
    (load,) = caseloads(caseworkers=[caseworker], today=timezone.localdate())
    assert load.live == LIVE
    names = {c.given_name for c in caseload_of(caseworker)}
    assert names == {"Open", "Waiting"}


def test_every_page_shows_the_same_live_caseload(client, caseworker, lead):
    sign_in(client, caseworker)
    home = client.get("/").content.decode()
    assert re.search(rf'id="caseload-count">\s*{LIVE} live clients', home)

    sign_in(client, lead)
    team_home = client.get("/").content.decode()
    assert numbers_in_row(team_home, "Kim Lewis")[0] == LIVE

    walk_in = caseworker.team.clients.get(given_name="Walkin")
    allocate = client.get(f"/clients/{walk_in.pk}/allocate/").content.decode()
    assert numbers_in_row(allocate, "Kim Lewis")[0] == LIVE
    assert f"Kim Lewis – {LIVE} live, " in allocate


def test_the_home_page_counts_every_live_client_past_those_it_lists(
    client, caseworker, team, monkeypatch
):
    from wingman.home import selectors

    for n in range(3):
        JourneyFactory(client=ClientFactory(team=team, caseworker=caseworker, given_name=f"M{n}"))
    monkeypatch.setattr(selectors, "HOME_LIST_LIMIT", 3)
    sign_in(client, caseworker)
    home = client.get("/").content.decode()
    assert re.search(rf'id="caseload-count">\s*{LIVE + 3} live clients: the first 3', home)
