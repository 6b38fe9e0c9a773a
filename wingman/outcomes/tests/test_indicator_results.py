"""Indicator results are counted from outcomes, never stored: each stream counts the outcomes
achieved in the period on a day one of its journeys was open, and nothing withdrawn."""

from datetime import date, timedelta

import pytest

from testing.factories import ClientFactory, FundingStreamFactory, JourneyFactory
from wingman.casework.choices import Stage
from wingman.outcomes.choices import Direction, Measure
from wingman.outcomes.models import IndicatorAssignment, IndicatorDefinition, Outcome
from wingman.outcomes.selectors import stream_results
from wingman.outcomes.services import outcome_record, outcome_withdraw

START = date(2026, 4, 1)
END = date(2026, 6, 30)
TODAY = date(2026, 11, 1)


@pytest.fixture
def borough(world):
    return world["boroughs"][0]


@pytest.fixture
def streams(borough):
    return FundingStreamFactory(borough=borough, name="A"), FundingStreamFactory(
        borough=borough, name="B"
    )


def indicator(world, kinds, *names, measure=Measure.OUTCOMES):
    made = IndicatorDefinition.objects.create(
        organisation=world["org"], name=" / ".join(names), measure=measure
    )
    made.outcome_types.set([kinds[n] for n in names])
    return made


def assign(made, stream, *, target=3, direction=Direction.INCREASE, start=START, end=END):
    return IndicatorAssignment.objects.create(
        indicator=made,
        funding_stream=stream,
        target=target,
        direction=direction,
        period_start=start,
        period_end=end,
    )


def achieved(actor, client, kind, day):
    outcome, _ = outcome_record(
        actor=actor,
        client=client,
        data={"outcome_type_id": kind.pk, "achieved_on": day, "evidence": "Seen the letter"},
    )
    return outcome


def journey(client, stream, opened, closed=None):
    return JourneyFactory(
        client=client,
        funding_stream=stream,
        opened_on=opened,
        stage_since=opened,
        stage=Stage.CLOSED if closed else Stage.COMMUNITY,
        closed_on=closed,
    )


def results(stream):
    return [r.result for r in stream_results(stream, today=TODAY)]


def test_an_outcome_on_the_day_one_streams_journey_closes_and_the_next_opens_counts_for_both(
    world, kinds, streams, caseworker, own
):
    a, b = streams
    own.journeys.all().delete()
    handover = date(2026, 5, 15)
    journey(own, a, date(2026, 1, 10), closed=handover)
    journey(own, b, handover)
    training = indicator(world, kinds, "Training started")
    assign(training, a)
    assign(training, b)
    achieved(caseworker, own, kinds["Training started"], handover)
    achieved(caseworker, own, kinds["Training started"], handover - timedelta(days=1))
    achieved(caseworker, own, kinds["Training started"], handover + timedelta(days=1))
    assert results(a) == [2]
    assert results(b) == [2]


def test_the_period_counts_its_first_and_last_day_and_nothing_either_side(
    world, kinds, streams, caseworker, own
):
    a, _ = streams
    own.journeys.all().delete()
    journey(own, a, date(2026, 1, 1))
    assign(indicator(world, kinds, "ID obtained"), a)
    for day in (START - timedelta(days=1), START, END, END + timedelta(days=1)):
        achieved(caseworker, own, kinds["ID obtained"], day)
    assert results(a) == [2]


def test_withdrawn_outcomes_are_not_counted(world, kinds, streams, caseworker, own):
    a, _ = streams
    own.journeys.all().delete()
    journey(own, a, date(2026, 1, 1))
    assign(indicator(world, kinds, "Benefits in payment"), a)
    kept = achieved(caseworker, own, kinds["Benefits in payment"], date(2026, 5, 1))
    wrong = achieved(caseworker, own, kinds["Benefits in payment"], date(2026, 5, 2))
    assert results(a) == [2]
    outcome_withdraw(actor=caseworker, outcome=wrong, reason="Recorded twice", expected_version=1)
    assert results(a) == [1]
    assert kept.status == "recorded"


def test_journeys_of_other_streams_and_unfunded_journeys_are_not_counted(
    world, kinds, streams, caseworker, own
):
    a, b = streams
    own.journeys.all().delete()
    journey(own, a, date(2026, 1, 1))
    other = ClientFactory(team=own.team, caseworker=caseworker)
    journey(other, b, date(2026, 1, 1))
    unfunded = ClientFactory(team=own.team, caseworker=caseworker)
    journey(unfunded, None, date(2026, 1, 1))
    assign(indicator(world, kinds, "Employment started"), a)
    for client in (own, other, unfunded):
        achieved(caseworker, client, kinds["Employment started"], date(2026, 5, 1))
    assert results(a) == [1]


def test_an_outcome_before_the_streams_journey_opened_is_not_the_streams(
    world, kinds, streams, caseworker, own
):
    a, _ = streams
    own.journeys.all().delete()
    journey(own, a, date(2026, 5, 10))
    assign(indicator(world, kinds, "ID obtained"), a)
    achieved(caseworker, own, kinds["ID obtained"], date(2026, 5, 9))
    achieved(caseworker, own, kinds["ID obtained"], date(2026, 5, 10))
    assert results(a) == [1]


def test_clients_achieving_counts_each_client_once_and_only_the_indicators_types(
    world, kinds, streams, caseworker, own
):
    a, _ = streams
    own.journeys.all().delete()
    journey(own, a, date(2026, 1, 1))
    assign(
        indicator(world, kinds, "Employment started", "Training started", measure=Measure.CLIENTS),
        a,
    )
    for name in ("Employment started", "Training started", "Training started", "ID obtained"):
        achieved(caseworker, own, kinds[name], date(2026, 5, 1))
    assert results(a) == [1]
    assert Outcome.objects.count() == 4


def test_a_decrease_is_met_while_the_result_stays_at_or_below_the_target(
    world, kinds, streams, caseworker, own
):
    a, _ = streams
    own.journeys.all().delete()
    journey(own, a, date(2026, 1, 1))
    assign(
        indicator(world, kinds, "Safely left the gang"), a, target=1, direction=Direction.DECREASE
    )
    achieved(caseworker, own, kinds["Safely left the gang"], date(2026, 5, 1))
    (result,) = stream_results(a, today=TODAY)
    assert result.met and not result.in_progress
    achieved(caseworker, own, kinds["Safely left the gang"], date(2026, 5, 2))
    (result,) = stream_results(a, today=TODAY)
    assert not result.met


def test_the_results_take_three_queries_however_many_indicators_and_outcomes(
    world, kinds, streams, caseworker, own, django_assert_num_queries
):
    a, _ = streams
    own.journeys.all().delete()
    journey(own, a, date(2026, 1, 1))
    for name in ("ID obtained", "Bank account opened", "Benefits in payment"):
        assign(indicator(world, kinds, name), a)
        for day in range(1, 6):
            achieved(caseworker, own, kinds[name], date(2026, 5, day))
    with django_assert_num_queries(3):
        assert results(a) == [5, 5, 5]
