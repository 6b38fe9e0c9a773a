from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from wingman.accounts.models import User
from wingman.assessments.choices import AssessmentKind, NeedStatus
from wingman.assessments.models import Answer, Assessment
from wingman.assessments.selectors import distance_travelled, reviews_due
from wingman.casework.choices import Stage
from wingman.casework.models import Journey
from wingman.people.models import Client

SCALE = 0.06


def seed(**options):
    call_command("seed_demo", stdout=StringIO(), stderr=StringIO(), **options)


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed(scale=SCALE, seed=7)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return None


@pytest.mark.usefixtures("demo")
class TestTheDemoAssessments:
    def test_most_journeys_have_an_intake_at_opening(self):
        journeys = Journey.objects.count()
        with_intake = Journey.objects.filter(assessments__kind=AssessmentKind.INTAKE).distinct()
        assert with_intake.count() >= 0.8 * journeys
        for journey in with_intake[:50]:
            intake = journey.assessments.get(kind=AssessmentKind.INTAKE)
            assert 0 <= (intake.assessed_on - journey.opened_on).days <= 10 or (
                journey.closed_on and intake.assessed_on == journey.closed_on
            )

    def test_reviews_come_about_every_twelve_weeks_while_the_journey_is_open(self):
        for journey in Journey.objects.filter(assessments__kind="review").distinct()[:50]:
            days = list(
                journey.assessments.filter(state="recorded")
                .order_by("assessed_on")
                .values_list("assessed_on", flat=True)
            )
            gaps = [(b - a).days for a, b in pairwise(days)]
            assert all(70 <= gap <= 100 for gap in gaps), gaps
            assert journey.closed_on is None or days[-1] <= journey.closed_on

    def test_scores_improve_for_most_not_all(self):
        viewer = User.objects.get(username="safeguarding")
        totals = []
        for client in Client.objects.filter(assessments__kind="review").distinct()[:120]:
            lines = distance_travelled(viewer, client).lines
            totals.append(sum(line.change or 0 for line in lines))
        up = sum(1 for t in totals if t > 0)
        assert up > len(totals) / 2
        assert any(t <= 0 for t in totals)

    def test_statuses_fit_the_scores(self):
        assert not Answer.objects.filter(score__gte=8, status=NeedStatus.SUPPORT_REQUIRED).exists()
        assert not Answer.objects.filter(score__lte=3, status=NeedStatus.DONE).exists()
        assert Answer.objects.exclude(own_score=None).exists()

    def test_the_caseworker_has_reviews_and_an_intake_due_now(self):
        me = User.objects.get(username="caseworker")
        rows, count = reviews_due(me, today=timezone.localdate())
        assert count >= 1 and any(r["due"].kind == "review" for r in rows)
        assert Assessment.objects.filter(assessed_by=me, state="started").exists()

    def test_a_closed_journey_has_no_assessment_after_it_closed(self):
        for journey in Journey.objects.filter(stage=Stage.CLOSED)[:100]:
            assert not journey.assessments.filter(assessed_on__gt=journey.closed_on).exists()


def test_the_same_seed_gives_the_same_assessments(db):
    def fingerprint():
        return sorted(
            Answer.objects.values_list(
                "assessment__client__given_name",
                "assessment__client__family_name",
                "assessment__kind",
                "assessment__assessed_on",
                "question__position",
                "score",
                "own_score",
                "status",
            )
        )

    with transaction.atomic():
        seed(scale=0.02, seed=11)
        first = fingerprint()
        transaction.set_rollback(True)
    seed(scale=0.02, seed=11)
    assert fingerprint() == first and first
