"""The demo service's outcomes and funding streams' indicators."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from wingman.accounts.models import User
from wingman.casework.models import Contact
from wingman.demo import outcomes as demo_outcomes
from wingman.outcomes.models import IndicatorAssignment, IndicatorDefinition, Outcome
from wingman.outcomes.selectors import stream_results, streams_for
from wingman.referrals.models import FundingStream

SCALE = 0.1


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", scale=SCALE, seed=7, stdout=StringIO(), stderr=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def counts():
    return dict(Outcome.objects.counted().values_list("outcome_type__name").annotate(n=Count("id")))


def recorded():
    return list(
        Outcome.objects.order_by("id").values_list(
            "client_id", "outcome_type__name", "achieved_on", "status", "evidence"
        )
    )


class TestTheDemosOutcomes:
    def test_id_and_benefits_are_common_and_a_job_kept_26_weeks_is_rare(self, demo):
        n = counts()
        assert n["ID obtained"] > 3 * n.get("Employment sustained 26 weeks", 0)
        assert n["Benefits in payment"] > n["Employment started"]
        assert n["Employment started"] >= n.get("Employment sustained 13 weeks", 0)
        assert Outcome.objects.exclude(status="recorded").exists()

    def test_every_outcome_is_dated_within_its_journey_and_not_in_the_future(self, demo):
        today = timezone.localdate()
        for outcome in Outcome.objects.select_related("journey"):
            assert outcome.journey.opened_on <= outcome.achieved_on <= today
            assert outcome.journey.closed_on is None or outcome.achieved_on <= (
                outcome.journey.closed_on
            )

    def test_the_demo_caseworker_has_clients_with_outcomes(self, demo):
        assert Outcome.objects.filter(client__caseworker__username="caseworker").exists()

    def test_fridays_client_has_the_mentoring_course_behind_him(self, demo):
        note = Contact.objects.get(note__contains="now mentors younger children")
        assert note.client.outcomes.filter(outcome_type__name="Training completed").exists()

    def test_the_demo_manager_sees_streams_with_targets_some_met_and_some_not(self, demo):
        manager = User.objects.get(username="manager")
        streams = streams_for(manager)
        assert streams and all(s.indicator_count for s in streams)
        today = timezone.localdate()
        results = [
            r
            for s in FundingStream.objects.all()
            for r in stream_results(s, today=today)
            if not r.in_progress
        ]
        assert any(r.met for r in results) and not all(r.met for r in results)
        assert IndicatorAssignment.objects.count() >= 2 * FundingStream.objects.count()

    def test_the_same_seed_gives_the_same_outcomes(self, demo):
        first = recorded()
        builder = SimpleNamespace(
            seed=7,
            today=timezone.localdate(),
            users={"admin": User.objects.get(username="admin")},
            streams=list(FundingStream.objects.order_by("id")),
            at=lambda day, hour=12, minute=0: timezone.now(),
        )
        with transaction.atomic():
            IndicatorAssignment.objects.all().delete()
            IndicatorDefinition.objects.all().delete()
            Outcome.objects.all().delete()
            demo_outcomes.add(builder)
            again = recorded()
            transaction.set_rollback(True)
        assert [row[1:] for row in first] == [row[1:] for row in again]
