from datetime import date, timedelta

import pytest

from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.casework.choices import Stage
from wingman.casework.models import Journey
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.core.testing import (
    ClientFactory,
    FundingStreamFactory,
    JourneyFactory,
    ReferralFactory,
    UserFactory,
)
from wingman.referrals import services
from wingman.referrals.choices import ReferralState, Source
from wingman.referrals.selectors import stream_fits


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
    with pytest.raises(ServiceError, match="future"):
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


def test_the_monday_walk_in_is_accepted_as_unfunded_with_a_reason(caseworker, referral):
    with pytest.raises(ServiceError):
        services.referral_accept_unfunded(
            actor=caseworker, referral=referral, reason="", stage=Stage.COMMUNITY
        )
    journey = services.referral_accept_unfunded(
        actor=caseworker,
        referral=referral,
        reason="No stream covers her; seen today",
        stage=Stage.COMMUNITY,
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED_UNFUNDED
    assert journey.is_unfunded and journey.unfunded_reason.startswith("No stream")
    assert journey.stage_changes.get().to_stage == Stage.COMMUNITY


def test_accepting_into_a_stream_takes_one_of_its_places(caseworker, referral, stream):
    fit = next(
        f
        for f in stream_fits(client=referral.client, cohort=None, on=date.today())
        if f.stream == stream
    )
    assert fit.fits and fit.places_left == 1
    journey = services.referral_accept(
        actor=caseworker, referral=referral, stream=stream, stage=Stage.IN_CUSTODY
    )
    assert journey.funding_stream == stream
    fit = next(
        f
        for f in stream_fits(client=referral.client, cohort=None, on=date.today())
        if f.stream == stream
    )
    assert fit.places_left == 0


def test_a_full_stream_refuses_and_points_to_unfunded(caseworker, referral, stream):
    JourneyFactory(funding_stream=stream, client__team=caseworker.team)
    with pytest.raises(ServiceError, match="no places left"):
        services.referral_accept(
            actor=caseworker, referral=referral, stream=stream, stage=Stage.COMMUNITY
        )
    referral.refresh_from_db()
    assert referral.state == ReferralState.RECEIVED
    assert not Journey.objects.filter(referral=referral).exists()


def test_a_stream_the_person_does_not_fit_is_refused_with_the_reasons(caseworker, referral, stream):
    referral.client.date_of_birth = date.today() - timedelta(days=365 * 40)
    referral.client.save()
    with pytest.raises(ServiceError, match="outside"):
        services.referral_accept(
            actor=caseworker, referral=referral, stream=stream, stage=Stage.COMMUNITY
        )


@pytest.mark.parametrize("final", ["decline", "withdraw"])
def test_declined_or_withdrawn_referrals_need_a_reason_and_end_there(caseworker, referral, final):
    move = getattr(services, f"referral_{final}")
    with pytest.raises(ServiceError):
        move(actor=caseworker, referral=referral, reason="")
    move(actor=caseworker, referral=referral, reason="Moved out of London")
    with pytest.raises(InvalidTransition):
        services.referral_start_screening(actor=caseworker, referral=referral)


def test_screening_then_acceptance_is_recorded_as_transitions(caseworker, referral):
    services.referral_start_screening(actor=caseworker, referral=referral)
    services.referral_accept_unfunded(
        actor=caseworker, referral=referral, reason="r", stage=Stage.COMMUNITY
    )
    moves = AuditEvent.objects.filter(
        object_type="referrals.referral", action="transition"
    ).order_by("id")
    assert [m.changes["state"][1] for m in moves] == ["screening", "accepted_unfunded"]


def test_a_funder_cannot_decide_referrals(db, referral):
    funder = UserFactory(role=Role.FUNDER, team=None)
    with pytest.raises(NotAllowed):
        services.referral_decline(actor=funder, referral=referral, reason="x")


def test_a_second_open_journey_is_refused(caseworker, referral):
    services.referral_accept_unfunded(
        actor=caseworker, referral=referral, reason="r", stage=Stage.COMMUNITY
    )
    second = ReferralFactory(client=referral.client, created_by=caseworker)
    with pytest.raises(ServiceError, match="already has an open journey"):
        services.referral_accept_unfunded(
            actor=caseworker, referral=second, reason="r", stage=Stage.COMMUNITY
        )


def test_allocation_over_the_norm_warns_but_does_not_block(db):
    lead = UserFactory(role=Role.SENIOR_CASEWORKER)
    worker = UserFactory(role=Role.CASEWORKER, team=lead.team)
    for _ in range(40):
        client = ClientFactory(team=lead.team, created_by=lead)
        services.client_allocate(actor=lead, client=client, caseworker=worker)
    client = ClientFactory(team=lead.team, created_by=lead)
    result = services.client_allocate(actor=lead, client=client, caseworker=worker)
    assert result.client.caseworker == worker
    assert "over the norm" in result.warning


def test_a_team_lead_cannot_allocate_to_another_team(db):
    lead = UserFactory(role=Role.SENIOR_CASEWORKER)
    elsewhere = UserFactory(role=Role.CASEWORKER)
    with pytest.raises(ServiceError, match="in your team"):
        services.client_allocate(
            actor=lead, client=ClientFactory(team=lead.team, created_by=lead), caseworker=elsewhere
        )


def test_a_community_referral_does_not_fit_a_custody_leavers_stream(caseworker, referral, stream):
    referral.cohort = "community"
    referral.save()
    with pytest.raises(ServiceError, match="custody leavers"):
        services.referral_accept(
            actor=caseworker, referral=referral, stream=stream, stage=Stage.COMMUNITY
        )
