from datetime import date

import pytest

from testing.factories import FundingStreamFactory, JourneyFactory, UserFactory
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.casework.models import Contact
from wingman.reports.selectors import borough_figures


@pytest.fixture
def funded_and_unfunded(db):
    worker = UserFactory(role=Role.CASEWORKER)
    borough = worker.team.borough
    funded = JourneyFactory(
        client__team=worker.team, funding_stream=FundingStreamFactory(borough=borough)
    )
    unfunded = JourneyFactory(
        client__team=worker.team, funding_stream=None, unfunded_reason="Walk-in"
    )
    for journey, minutes in ((funded, 90), (unfunded, 30)):
        Contact.objects.create(
            client=journey.client,
            journey=journey,
            occurred_on=date.today(),
            minutes=minutes,
            contact_type="phone",
            author=worker,
        )
    return borough


def test_funded_and_unfunded_work_are_counted_apart(funded_and_unfunded):
    figures = borough_figures(funded_and_unfunded, today=date.today())
    assert figures.contact_hours_funded == 1.5
    assert figures.contact_hours_unfunded == 0.5
    assert figures.journeys_by_stage["In the community"] == {"funded": 1, "unfunded": 1}


def test_a_funder_sees_their_borough_in_numbers_and_no_names(client, funded_and_unfunded):
    funder = UserFactory(role=Role.FUNDER, team=None, funded_borough=funded_and_unfunded)
    sign_in(client, funder)
    page = client.get("/")
    assert page.status_code == 200
    assert b"in numbers" in page.content
    assert b"Example" not in page.content  # the factories' family name
