"""Opening a journey: accepting a referral (funded or not) and re-opening a closed journey keep the
same funding rules: one open journey per client, a stream that fits and has a place."""

from datetime import date, timedelta

import pytest

from testing.factories import (
    ClientFactory,
    FundingStreamFactory,
    JourneyFactory,
    ReferralFactory,
    UserFactory,
)
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.casework import services
from wingman.casework.choices import Stage
from wingman.casework.models import Journey
from wingman.casework.selectors import stream_fits
from wingman.core.errors import ServiceError
from wingman.referrals import services as referral_services
from wingman.referrals.choices import ReferralState


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


def test_screening_then_acceptance_is_recorded_as_transitions(caseworker, referral):
    referral_services.referral_start_screening(actor=caseworker, referral=referral)
    services.referral_accept_unfunded(
        actor=caseworker, referral=referral, reason="r", stage=Stage.COMMUNITY
    )
    moves = AuditEvent.objects.filter(
        object_type="referrals.referral", action="transition"
    ).order_by("id")
    assert [m.changes["state"][1] for m in moves] == ["screening", "accepted_unfunded"]


def test_a_second_open_journey_is_refused(caseworker, referral):
    services.referral_accept_unfunded(
        actor=caseworker, referral=referral, reason="r", stage=Stage.COMMUNITY
    )
    second = ReferralFactory(client=referral.client, created_by=caseworker)
    with pytest.raises(ServiceError, match="already has an open journey"):
        services.referral_accept_unfunded(
            actor=caseworker, referral=second, reason="r", stage=Stage.COMMUNITY
        )


def test_a_community_referral_does_not_fit_a_custody_leavers_stream(caseworker, referral, stream):
    referral.cohort = "community"
    referral.save()
    with pytest.raises(ServiceError, match="custody leavers"):
        services.referral_accept(
            actor=caseworker, referral=referral, stream=stream, stage=Stage.COMMUNITY
        )


# Re-opening a closed journey ------------------------------------------------------------------


def _closed_journey(caseworker, referral, stream=None):
    if stream is None:
        journey = services.referral_accept_unfunded(
            actor=caseworker, referral=referral, reason="Seen today", stage=Stage.COMMUNITY
        )
    else:
        journey = services.referral_accept(
            actor=caseworker, referral=referral, stream=stream, stage=Stage.COMMUNITY
        )
    return services.journey_move(
        actor=caseworker,
        journey=journey,
        to=Stage.CLOSED,
        on=date.today(),
        closure_reason="disengaged",
    )


def test_re_opening_into_a_full_stream_is_refused_and_changes_nothing(caseworker, referral, stream):
    journey = _closed_journey(caseworker, referral, stream)
    JourneyFactory(funding_stream=stream, client__team=caseworker.team)  # the last place goes
    with pytest.raises(ServiceError, match="no places left"):
        services.journey_move(
            actor=caseworker, journey=journey, to=Stage.COMMUNITY, on=date.today()
        )
    journey.refresh_from_db()
    assert journey.stage == Stage.CLOSED and journey.funding_stream == stream
    assert Journey.objects.filter(funding_stream=stream).exclude(stage=Stage.CLOSED).count() == 1


def test_re_opening_without_funding_keeps_the_stream_within_its_places(
    caseworker, referral, stream
):
    journey = _closed_journey(caseworker, referral, stream)
    JourneyFactory(funding_stream=stream, client__team=caseworker.team)
    services.journey_move(
        actor=caseworker,
        journey=journey,
        to=Stage.COMMUNITY,
        on=date.today(),
        unfunded_reason="Stream full; he is back in touch and needs seeing",
    )
    journey.refresh_from_db()
    assert journey.is_open and journey.is_unfunded
    assert journey.unfunded_reason.startswith("Stream full")
    change = AuditEvent.objects.filter(object_id=str(journey.pk), action="transition").first()
    assert change.changes["funding_stream_id"] == [stream.pk, None]


def test_re_opening_a_stream_the_client_has_aged_out_of_is_refused(caseworker, referral, stream):
    journey = _closed_journey(caseworker, referral, stream)
    referral.client.date_of_birth = date.today() - timedelta(days=365 * 30)
    referral.client.save()
    with pytest.raises(ServiceError, match="outside 14 to 25"):
        services.journey_move(
            actor=caseworker, journey=journey, to=Stage.COMMUNITY, on=date.today()
        )


def test_re_opening_while_another_journey_is_open_is_refused(caseworker, referral):
    journey = _closed_journey(caseworker, referral)
    second = ReferralFactory(client=referral.client, created_by=caseworker)
    services.referral_accept_unfunded(
        actor=caseworker, referral=second, reason="Back again", stage=Stage.COMMUNITY
    )
    with pytest.raises(ServiceError, match="already has an open journey"):
        services.journey_move(
            actor=caseworker, journey=journey, to=Stage.COMMUNITY, on=date.today()
        )
    assert Journey.objects.filter(client=referral.client).exclude(stage=Stage.CLOSED).count() == 1


def test_the_database_refuses_a_second_open_journey_for_one_client(caseworker, referral):
    from django.db import IntegrityError, transaction

    services.referral_accept_unfunded(
        actor=caseworker, referral=referral, reason="r", stage=Stage.COMMUNITY
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        JourneyFactory(client=referral.client, stage=Stage.IN_CUSTODY)


def test_an_unfunded_reason_is_only_for_re_opening(caseworker, referral):
    journey = services.referral_accept_unfunded(
        actor=caseworker, referral=referral, reason="r", stage=Stage.IN_CUSTODY
    )
    with pytest.raises(ServiceError, match="only when it re-opens"):
        services.journey_move(
            actor=caseworker,
            journey=journey,
            to=Stage.RELEASE_DAY,
            on=date.today(),
            unfunded_reason="x",
        )


def test_a_closure_reason_is_refused_on_a_move_that_does_not_close(caseworker, referral):
    journey = services.referral_accept_unfunded(
        actor=caseworker, referral=referral, reason="r", stage=Stage.IN_CUSTODY
    )
    with pytest.raises(ServiceError, match="only for closing"):
        services.journey_move(
            actor=caseworker,
            journey=journey,
            to=Stage.RELEASE_DAY,
            on=date.today(),
            closure_reason="goals_met",
        )
    journey.refresh_from_db()
    assert journey.stage == Stage.IN_CUSTODY
