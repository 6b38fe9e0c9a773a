from datetime import date, timedelta

import pytest

from testing.factories import (
    ClientFactory,
    FundingStreamFactory,
    ReferralFactory,
    UserFactory,
)
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.casework.selectors import over_norm_warning
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.referrals import services
from wingman.referrals.choices import ReferralState, Source


@pytest.fixture
def caseworker(db):
    return UserFactory(role=Role.CASEWORKER)


@pytest.fixture
def referral(caseworker):
    client = ClientFactory(
        team=caseworker.team, created_by=caseworker, borough=caseworker.team.borough
    )
    return ReferralFactory(client=client, created_by=caseworker)


@pytest.fixture
def stream(caseworker):
    s = FundingStreamFactory(borough=caseworker.team.borough, capacity=1)
    s.residence_boroughs.add(caseworker.team.borough)
    return s


def test_a_referral_of_someone_new_creates_the_client_and_audits_both(caseworker):
    referral = services.referral_create(
        actor=caseworker,
        team=caseworker.team,
        client_fields={"given_name": "Amara", "family_name": "Okafor"},
        referral_fields={"source": Source.SELF, "reason": "Walked in wanting out of a gang"},
    )
    assert referral.state == ReferralState.RECEIVED
    assert referral.client.team == caseworker.team and referral.client.caseworker is None
    assert AuditEvent.objects.filter(client_id=referral.client_id, action="create").count() == 2


def test_a_referral_needs_a_reason_and_cannot_be_dated_in_the_future(caseworker):
    with pytest.raises(ServiceError, match="reason"):
        services.referral_create(
            actor=caseworker,
            team=caseworker.team,
            client_fields={"given_name": "A", "family_name": "B"},
            referral_fields={"source": Source.POLICE, "reason": " "},
        )
    with pytest.raises(ServiceError, match="Date received must be today or in the past"):
        services.referral_create(
            actor=caseworker,
            team=caseworker.team,
            client_fields={"given_name": "A", "family_name": "B"},
            referral_fields={
                "source": Source.POLICE,
                "reason": "x",
                "received_on": date.today() + timedelta(days=1),
            },
        )


@pytest.mark.parametrize("final", ["decline", "withdraw"])
def test_declined_or_withdrawn_referrals_need_a_reason_and_end_there(caseworker, referral, final):
    move = getattr(services, f"referral_{final}")
    with pytest.raises(ServiceError):
        move(actor=caseworker, referral=referral, reason="")
    move(actor=caseworker, referral=referral, reason="Moved out of London")
    with pytest.raises(InvalidTransition):
        services.referral_start_screening(actor=caseworker, referral=referral)


def test_a_funder_cannot_decide_referrals(db, referral):
    funder = UserFactory(role=Role.FUNDER, team=None)
    with pytest.raises(NotAllowed):
        services.referral_decline(actor=funder, referral=referral, reason="x")


def test_allocation_over_the_norm_warns_but_does_not_block(db):
    lead = UserFactory(role=Role.SENIOR_CASEWORKER)
    worker = UserFactory(role=Role.CASEWORKER, team=lead.team)
    for _ in range(40):
        client = ClientFactory(team=lead.team, created_by=lead)
        services.client_allocate(actor=lead, client=client, caseworker=worker)
    client = ClientFactory(team=lead.team, created_by=lead)
    allocated = services.client_allocate(actor=lead, client=client, caseworker=worker)
    assert allocated.caseworker == worker
    assert "over the norm" in over_norm_warning(worker, today=date.today())


def test_a_team_lead_cannot_allocate_to_another_team(db):
    lead = UserFactory(role=Role.SENIOR_CASEWORKER)
    elsewhere = UserFactory(role=Role.CASEWORKER)
    with pytest.raises(ServiceError, match="in your team"):
        services.client_allocate(
            actor=lead, client=ClientFactory(team=lead.team, created_by=lead), caseworker=elsewhere
        )


def test_a_new_client_goes_only_to_a_team_the_referrer_may_use(caseworker):
    from testing.factories import TeamFactory

    elsewhere = TeamFactory()
    with pytest.raises(ServiceError) as refused:
        services.referral_create(
            actor=caseworker,
            team=elsewhere,
            client_fields={"given_name": "A", "family_name": "B"},
            referral_fields={"source": Source.SELF, "reason": "Walked in"},
        )
    assert refused.value.field == "team_id"


def test_a_referral_keeps_the_same_limits_as_every_channel(caseworker):
    def refused(**fields):
        with pytest.raises(ServiceError) as error:
            services.referral_create(
                actor=caseworker,
                team=caseworker.team,
                client_fields={"given_name": "A", "family_name": "B"},
                referral_fields={"source": Source.SELF, "reason": "Walked in"} | fields,
            )
        return error.value

    assert refused(received_on=date(1999, 12, 31)).field == "received_on"
    assert refused(reason="x" * 20_001).message == (
        "Reason for referral must be 20,000 characters or less"
    )
    assert refused(referrer_name="x" * 151).field == "referrer_name"
    assert refused(source="rumour").field == "source"
