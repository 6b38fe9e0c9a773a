"""The rules a client's details keep, in the service, whichever channel sends them."""

from datetime import date

import pytest
from django.utils import timezone

from testing.factories import BoroughFactory, OrganisationFactory
from wingman.accounts.choices import Role
from wingman.core.errors import ServiceError
from wingman.core.validation import years_from
from wingman.people.services import client_update


def change(world, **changes):
    client = world["clients"]["own"]
    return client_update(
        actor=world["users"][Role.CASEWORKER],
        client=client,
        changes=changes,
        expected_version=client.version,
    )


def refusal(world, **changes) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        change(world, **changes)
    return refused.value


@pytest.mark.parametrize(
    ("born", "start"),
    [
        (date(2030, 1, 1), "Date of birth must be in the past"),
        (date(1850, 1, 1), "Date of birth must be the same as or after "),
        (years_from(timezone.localdate(), -7), "Date of birth must be the same as or before "),
        (timezone.localdate(), "Date of birth must be the same as or before "),
    ],
)
def test_a_date_of_birth_that_cannot_be_right_is_refused(world, born, start):
    error = refusal(world, date_of_birth=born)
    assert error.field == "date_of_birth" and error.message.startswith(start)


def test_children_from_eight_and_people_up_to_a_hundred_are_accepted(world):
    today = timezone.localdate()
    assert change(world, date_of_birth=years_from(today, -8)).age_on(today) == 8
    assert change(world, date_of_birth=years_from(today, -100)).age_on(today) == 100


def test_a_borough_of_another_organisation_is_refused(world):
    elsewhere = BoroughFactory(organisation=OrganisationFactory(name="Another Trust"))
    assert refusal(world, borough=elsewhere).field == "borough_id"
    assert refusal(world, borough_id=elsewhere.pk).message == (
        "Choose a borough your organisation works in"
    )
    assert change(world, borough=world["boroughs"][1]).borough == world["boroughs"][1]


def test_a_name_cannot_be_blanked_or_run_past_its_column(world):
    assert refusal(world, given_name="  ").message == "Enter the client's first name"
    assert refusal(world, family_name="x" * 101).message == (
        "Last name must be 100 characters or less"
    )
    assert refusal(world, address="x" * 2001).field == "address"
