from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wingman.accounts.choices import Role
from wingman.assessments import selectors
from wingman.assessments.choices import AssessmentKind
from wingman.assessments.models import Answer, ReviewSettings
from wingman.assessments.tests.records import give_assessment
from wingman.casework.choices import Stage


def today():
    return timezone.localdate()


def rescore(assessment, **scores):
    for pathway, score in scores.items():
        Answer.objects.filter(assessment=assessment, question__pathway=pathway).update(score=score)


@pytest.fixture
def intake_and_review(caseworker, own):
    intake = give_assessment(own, caseworker, on=today() - timedelta(weeks=12), score=4)
    review = give_assessment(own, caseworker, kind=AssessmentKind.REVIEW, on=today(), score=4)
    rescore(review, accommodation=7, ete=3)
    return intake, review


def test_distance_travelled_says_the_change_per_pathway_since_intake(
    caseworker, own, intake_and_review
):
    distance = selectors.distance_travelled(caseworker, own)
    by_pathway = {line.pathway: line for line in distance.lines}
    assert by_pathway["accommodation"].change_words == "+3"
    assert by_pathway["ete"].change_words == "\u22121"
    assert by_pathway["safety"].change_words == "No change"
    assert len(distance.dates) == 2
    assert [line.pathway for line in distance.lines][:2] == ["accommodation", "attitudes"]


def test_the_chart_is_an_svg_with_a_line_per_pathway_and_no_script_or_style(
    caseworker, own, intake_and_review
):
    chart = str(selectors.distance_travelled(caseworker, own, table_id="t").chart)
    assert chart.startswith("<svg") and chart.count("<polyline") == 11
    assert 'aria-describedby="t"' in chart and 'role="img"' in chart
    assert "style=" not in chart and "<script" not in chart


def test_only_recorded_assessments_count_towards_distance_travelled(caseworker, own):
    give_assessment(own, caseworker, recorded=False)
    distance = selectors.distance_travelled(caseworker, own)
    assert distance.lines == [] and distance.chart is None


def test_someone_who_cannot_see_the_client_sees_no_scores(
    world, own, caseworker, intake_and_review
):
    outsider = world["users"][Role.ADMINISTRATOR]
    assert selectors.distance_travelled(outsider, own).lines == []


def test_an_open_journey_with_no_assessment_is_due_its_intake(caseworker, own):
    rows, count = selectors.reviews_due(caseworker, today=today())
    assert count == 1
    assert rows[0]["client"] == own and rows[0]["due"].words == "Intake due"


def test_a_review_falls_due_twelve_weeks_after_the_last_assessment(caseworker, own):
    give_assessment(own, caseworker, on=today() - timedelta(weeks=12, days=-1))
    assert selectors.reviews_due(caseworker, today=today())[1] == 0
    rows, _ = selectors.reviews_due(caseworker, today=today() + timedelta(days=1))
    assert rows[0]["due"].words == "Review due"
    assert rows[0]["due"].on == today() + timedelta(days=1)


def test_an_organisation_may_review_more_often(world, caseworker, own):
    ReviewSettings.objects.create(organisation=world["org"], review_weeks=4)
    give_assessment(own, caseworker, on=today() - timedelta(weeks=5))
    rows, _ = selectors.reviews_due(caseworker, today=today())
    assert rows[0]["due"].on == today() - timedelta(weeks=1)


def test_a_closed_journey_is_not_due_a_review(caseworker, own):
    own.journeys.update(stage=Stage.CLOSED, closed_on=today())
    assert selectors.reviews_due(caseworker, today=today()) == ([], 0)


def test_the_home_page_lists_only_the_caseworkers_own_caseload(world):
    senior = world["users"][Role.SENIOR_CASEWORKER]
    section = selectors.for_home(senior, today=today())
    assert section["due"] == [] and section["client_ids"] == []
    mine = selectors.for_home(world["users"][Role.CASEWORKER], today=today())
    assert mine["client_ids"] == [world["clients"]["own"].pk]


def test_the_client_record_section_takes_the_same_queries_however_many_assessments(caseworker, own):
    give_assessment(own, caseworker, on=today() - timedelta(weeks=30))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            selectors.for_client_record(caseworker, own)
        return len(captured)

    one = queries()
    for weeks in (24, 18, 12, 6, 0):
        give_assessment(
            own, caseworker, kind=AssessmentKind.REVIEW, on=today() - timedelta(weeks=weeks)
        )
    assert queries() == one
