"""A caseworker takes on a walk-in they recorded themselves (the Monday walk-in: no one has
allocated her, and she is being seen today): `referrals.services.client_take_on`."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from testing.factories import ClientFactory, ReferralFactory, UserFactory
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.casework.selectors import caseload_of, caseloads
from wingman.core.errors import NotAllowed, ServiceError
from wingman.people.models import Client
from wingman.referrals import services
from wingman.referrals.models import Allocation


@pytest.fixture
def caseworker(db):
    return UserFactory(role=Role.CASEWORKER, first_name="Junior", last_name="Smith")


@pytest.fixture
def lead(caseworker):
    return UserFactory(role=Role.SENIOR_CASEWORKER, team=caseworker.team)


@pytest.fixture
def walk_in(caseworker):
    client = ClientFactory(
        team=caseworker.team,
        caseworker=None,
        created_by=caseworker,
        given_name="Shanice",
        family_name="Walker",
    )
    ReferralFactory(client=client, created_by=caseworker)
    return client


def test_a_caseworker_takes_on_a_walk_in_they_recorded(caseworker, walk_in):
    client = services.client_take_on(actor=caseworker, client=walk_in)
    assert client.caseworker == caseworker
    allocation = Allocation.objects.get(client=walk_in)
    assert allocation.caseworker == allocation.allocated_by == caseworker
    audit = AuditEvent.objects.get(object_type="people.client", action="update")
    assert audit.actor == caseworker and audit.client_id == walk_in.pk
    assert audit.changes == {"caseworker_id": [None, caseworker.pk]}
    assert "Taken on by Junior Smith" in audit.summary


def test_the_walk_in_joins_the_live_caseload_the_team_lead_sees(caseworker, walk_in):
    (before,) = caseloads(caseworkers=[caseworker], today=timezone.localdate())
    services.client_take_on(actor=caseworker, client=walk_in)
    (after,) = caseloads(caseworkers=[caseworker], today=timezone.localdate())
    assert (before.live, after.live) == (0, 1)
    assert after.taken_on_this_year == 1
    assert list(caseload_of(caseworker)) == [walk_in]


def test_refuses_someone_elses_unallocated_client(caseworker, lead):
    theirs = ClientFactory(team=caseworker.team, caseworker=None, created_by=lead)
    with pytest.raises(ServiceError, match="ask your team lead"):
        services.client_take_on(actor=caseworker, client=theirs)
    theirs.refresh_from_db()
    assert theirs.caseworker is None
    assert not Allocation.objects.exists() and not AuditEvent.objects.exists()


def test_refuses_a_client_who_already_has_a_caseworker(caseworker, lead, walk_in):
    services.client_allocate(actor=lead, client=walk_in, caseworker=lead)
    walk_in.refresh_from_db()
    with pytest.raises(ServiceError, match="already has a caseworker"):
        services.client_take_on(actor=caseworker, client=walk_in)


def test_refuses_when_a_team_lead_allocated_the_client_meanwhile(caseworker, lead, walk_in):
    stale = Client.objects.get(pk=walk_in.pk)
    services.client_allocate(actor=lead, client=walk_in, caseworker=lead)
    with pytest.raises(ServiceError, match="since you opened the page"):
        services.client_take_on(actor=caseworker, client=stale)
    walk_in.refresh_from_db()
    assert walk_in.caseworker == lead
    assert Allocation.objects.filter(client=walk_in).count() == 1


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.MANAGER, Role.SAFEGUARDING_LEAD])
def test_roles_that_carry_no_caseload_of_their_own_cannot_take_on(db, role):
    user = UserFactory(role=role)
    client = ClientFactory(team=user.team, caseworker=None, created_by=user)
    with pytest.raises(NotAllowed):
        services.client_take_on(actor=user, client=client)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("append_only_triggers_lifted")
def test_two_takings_at_once_give_the_client_one_caseworker():
    """A team lead allocating and the caseworker taking on at the same moment. A lead may
    re-allocate, so both may succeed in turn; taking on never overwrites a lead's allocation."""
    if connection.vendor == "sqlite":
        pytest.skip("needs a database that serves two connections at once (PostgreSQL)")
    caseworker = UserFactory(role=Role.CASEWORKER)
    lead = UserFactory(role=Role.SENIOR_CASEWORKER, team=caseworker.team)
    walk_in = ClientFactory(team=caseworker.team, caseworker=None, created_by=caseworker)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(take) -> None:
        try:
            start.wait(timeout=10)
            take(Client.objects.get(pk=walk_in.pk))
            outcomes.append("taken")
        except ServiceError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(
            target=attempt, args=(lambda c: services.client_take_on(actor=caseworker, client=c),)
        ),
        threading.Thread(
            target=attempt,
            args=(lambda c: services.client_allocate(actor=lead, client=c, caseworker=lead),),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    walk_in.refresh_from_db()
    assert len(outcomes) == 2 and "taken" in outcomes
    # The lead's allocation always stands: it came after a taking on, or it refused one.
    assert walk_in.caseworker == lead
    # Whichever order they ran in, the history agrees with the record: one allocation and one
    # audit row per change made, the latest naming the caseworker the client has now.
    allocations = Allocation.objects.filter(client=walk_in).order_by("allocated_at", "id")
    assert allocations.count() == outcomes.count("taken")
    assert allocations.last().caseworker == walk_in.caseworker
    assert AuditEvent.objects.filter(client_id=walk_in.pk).count() == outcomes.count("taken")


# The pages -------------------------------------------------------------------------------------


def test_the_client_record_offers_take_on_only_to_the_caseworker_who_recorded_them(
    client, caseworker, lead, walk_in
):
    colleague = UserFactory(role=Role.CASEWORKER, team=caseworker.team)
    sign_in(client, caseworker)
    assert b"Take on this client" in client.get(f"/clients/{walk_in.pk}/").content
    sign_in(client, lead)
    assert b"Take on this client" not in client.get(f"/clients/{walk_in.pk}/").content
    sign_in(client, colleague)
    assert client.get(f"/clients/{walk_in.pk}/").status_code == 404


def test_taking_on_from_the_client_record(client, caseworker, walk_in):
    sign_in(client, caseworker)
    response = client.post(f"/clients/{walk_in.pk}/take-on/", follow=True)
    assert response.redirect_chain[-1][0] == f"/clients/{walk_in.pk}/"
    page = response.content.decode()
    assert "You are now Shanice Walker’s caseworker" in page
    assert "Take on this client" not in page
    walk_in.refresh_from_db()
    assert walk_in.caseworker == caseworker


def test_the_home_page_lists_the_walk_ins_a_caseworker_may_take_on(client, caseworker, walk_in):
    sign_in(client, caseworker)
    page = client.get("/").content.decode()
    assert "People you recorded who have no caseworker yet" in page
    assert f'action="/clients/{walk_in.pk}/take-on/"' in page
    response = client.post(f"/clients/{walk_in.pk}/take-on/", {"next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    page = response.content.decode()
    assert "People you recorded who have no caseworker yet" not in page
    assert "1 live client" in page


def test_the_team_lead_sees_the_walk_in_taken_on(client, caseworker, lead, walk_in):
    services.client_take_on(actor=caseworker, client=walk_in)
    sign_in(client, lead)
    page = client.get("/").content.decode()
    assert "Taken on by their caseworker this week" in page
    assert "Shanice Walker</a>: taken on by Junior Smith" in page


def test_taking_on_someone_elses_client_changes_nothing_and_says_why(
    client, caseworker, lead, walk_in
):
    services.client_allocate(actor=lead, client=walk_in, caseworker=caseworker)
    other = ClientFactory(team=caseworker.team, caseworker=caseworker, created_by=lead)
    sign_in(client, caseworker)
    response = client.post(f"/clients/{other.pk}/take-on/", follow=True)
    assert "already has a caseworker" in response.content.decode()
    assert Allocation.objects.filter(client=other).count() == 0


def test_a_volunteer_is_refused_take_on_with_403(client, walk_in):
    volunteer = UserFactory(role=Role.VOLUNTEER, team=walk_in.team)
    sign_in(client, volunteer)
    assert client.post(f"/clients/{walk_in.pk}/take-on/").status_code == 403


def test_take_on_is_only_a_post(client, caseworker, walk_in):
    sign_in(client, caseworker)
    assert client.get(f"/clients/{walk_in.pk}/take-on/").status_code == 405
