"""The follow-up start chosen from the journey, and the Ministry of Justice's rule applied to the
offence records: what counts, what does not, and when the figure is final."""

from datetime import date, timedelta

import pytest

from wingman.casework import services as casework
from wingman.casework.choices import Stage
from wingman.evaluation import reoffending as rule
from wingman.offending.selectors import reoffending_status, status_words
from wingman.referrals.choices import Source
from wingman.referrals.models import Referral

from .conftest import journey_with_history, record, today, years_ago


def open_journey(actor, client, stage):
    referral = Referral.objects.create(
        client=client, source=Source.PRISON, reason="Wants out", created_by=actor
    )
    return casework.referral_accept_unfunded(
        actor=actor, referral=referral, reason="No stream fits", stage=stage
    )


def test_a_journey_started_in_custody_follows_up_from_the_release(caseworker, make_client):
    client = make_client()
    journey = open_journey(caseworker, client, Stage.IN_CUSTODY)
    assert reoffending_status(client, today=today()).words == (
        "The follow-up starts on release from custody."
    )
    casework.journey_move(actor=caseworker, journey=journey, to=Stage.RELEASE_DAY, on=today())
    status = reoffending_status(client, today=today())
    assert status.start is not None
    assert (status.start.on, status.start.from_custody) == (today(), True)
    assert status.words.startswith("No proven reoffence in the 12 months from")


def test_a_journey_started_in_the_community_follows_up_from_its_opening(caseworker, make_client):
    client = make_client()
    journey = open_journey(caseworker, client, Stage.COMMUNITY)
    status = reoffending_status(client, today=today())
    assert status.start is not None
    assert (status.start.on, status.start.from_custody) == (journey.opened_on, False)


def test_several_spells_in_custody_keep_the_first_release(make_client):
    client = make_client()
    first, back, second = years_ago(1, 100), years_ago(1, 20), years_ago(0, 30)
    journey_with_history(
        client,
        [
            ("", Stage.IN_CUSTODY, years_ago(2)),
            (Stage.IN_CUSTODY, Stage.RELEASE_DAY, first),
            (Stage.RELEASE_DAY, Stage.IN_CUSTODY, back),
            (Stage.IN_CUSTODY, Stage.RELEASE_DAY, second),
        ],
    )
    assert client.journeys.get().released_on == second  # the journey holds only the latest
    status = reoffending_status(client, today=today())
    assert status.start is not None and status.start.on == first


def test_a_second_journey_does_not_start_the_clock_again(make_client):
    client = make_client()
    earlier = years_ago(3)
    journey_with_history(
        client, [("", Stage.COMMUNITY, earlier), (Stage.COMMUNITY, Stage.CLOSED, years_ago(2))]
    )
    journey_with_history(client, [("", Stage.COMMUNITY, years_ago(0, 10))])
    status = reoffending_status(client, today=today())
    assert status.start is not None and status.start.on == earlier


def community_client(make_client, start):
    client = make_client()
    journey_with_history(client, [("", Stage.COMMUNITY, start)])
    return client


def test_an_offence_before_the_start_proven_during_the_follow_up_is_not_a_reoffence(
    caseworker, make_client
):
    """The rule counts offences committed in the follow-up: an older offence that comes to court
    during it (the Friday court story) is not a reoffence."""
    start = years_ago(0, 200)
    client = community_client(make_client, start)
    record(
        caseworker,
        client,
        committed_on=start - timedelta(days=60),
        disposal_on=start + timedelta(days=30),
    )
    status = reoffending_status(client, today=today())
    assert status.result is not None and status.result.reoffences == 0


def test_an_offence_in_the_follow_up_proven_in_the_waiting_period_counts(caseworker, make_client):
    start = years_ago(2)
    client = community_client(make_client, start)
    record(
        caseworker,
        client,
        committed_on=start + timedelta(days=300),
        disposal_on=start + timedelta(days=500),  # after the 12 months, within the 6 more
    )
    status = reoffending_status(client, today=today())
    assert status.result is not None and status.result.reoffences == 1
    assert status.words.startswith("1 proven reoffence in the 12 months from")


def test_a_breach_an_unproven_charge_and_an_outcome_awaited_never_count(caseworker, make_client):
    start = years_ago(0, 100)
    client = community_client(make_client, start)
    record(caseworker, client, committed_on=start + timedelta(days=10), breach=True)
    record(caseworker, client, committed_on=start + timedelta(days=20), disposal="not_proven")
    record(
        caseworker,
        client,
        committed_on=start + timedelta(days=30),
        disposal="awaiting",
        disposal_on=None,
    )
    status = reoffending_status(client, today=today())
    assert status.result is not None and status.result.reoffences == 0


def test_a_conviction_after_the_waiting_period_does_not_count(caseworker, make_client):
    start = years_ago(3)
    client = community_client(make_client, start)
    record(
        caseworker,
        client,
        committed_on=start + timedelta(days=100),
        disposal_on=start + timedelta(days=600),
    )
    status = reoffending_status(client, today=today())
    assert status.result is not None and status.result.reoffences == 0


def test_the_figure_is_provisional_until_the_waiting_period_has_passed(make_client):
    recent = reoffending_status(community_client(make_client, years_ago(1)), today=today())
    assert recent.result is not None and recent.result.provisional
    assert recent.words.endswith("— provisional until then")
    old = reoffending_status(community_client(make_client, years_ago(2)), today=today())
    assert old.result is not None and not old.result.provisional
    assert "final since" in old.words


def test_the_status_reads_as_the_service_says_it():
    result = rule.person_reoffending(
        starts_on=date(2026, 3, 3), born_on=date(2008, 1, 1), offences=[], today=date(2026, 12, 2)
    )
    assert status_words(result) == (
        "No proven reoffence in the 12 months from 3 March 2026; final on 3 September 2027 — "
        "provisional until then"
    )


@pytest.mark.parametrize(("age", "cohort"), [(17, rule.JUVENILE), (18, rule.ADULT)])
def test_the_cohort_is_chosen_by_age_at_the_start(make_client, age, cohort):
    start = years_ago(0, 50)
    client = make_client(date_of_birth=start.replace(year=start.year - age))
    journey_with_history(client, [("", Stage.COMMUNITY, start)])
    status = reoffending_status(client, today=today())
    assert status.result is not None and status.result.cohort == cohort


def test_a_client_with_no_date_of_birth_is_told_why_there_is_no_cohort(make_client):
    client = make_client(date_of_birth=None)
    journey_with_history(client, [("", Stage.COMMUNITY, years_ago(0, 50))])
    assert "date of birth is not recorded" in reoffending_status(client, today=today()).words
