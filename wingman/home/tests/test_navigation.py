"""The service navigation offers each role the pages it may use: the cohorts' proven reoffending
to team leads and managers, funding streams' indicators to managers, the safeguarding register to
the data protection officer, and none of them to anyone else."""

import pytest

from testing.helpers import sign_in
from wingman.accounts.choices import Role

REOFFENDING = ">Reoffending</a>"
INDICATORS = ">Indicators</a>"
REGISTER = ">Safeguarding register</a>"
# Written out by hand, as in wingman/tests/expected.py.
OFFERED = {
    Role.CASEWORKER: set(),
    Role.VOLUNTEER: set(),
    Role.SENIOR_CASEWORKER: {REOFFENDING},
    Role.MANAGER: {REOFFENDING, INDICATORS},
    Role.SAFEGUARDING_LEAD: set(),
    Role.DATA_PROTECTION_OFFICER: {REGISTER},
    Role.ADMINISTRATOR: set(),
    Role.FUNDER: set(),
}


@pytest.mark.parametrize("role", Role.values)
def test_the_navigation_offers_the_cohort_indicator_and_register_pages_only_to_their_readers(
    world, client, role
):
    sign_in(client, world["users"][role])
    page = client.get("/").content.decode()
    offered = {link for link in (REOFFENDING, INDICATORS, REGISTER) if link in page}
    assert offered == OFFERED[role]


# Written out by hand, as in wingman/tests/expected.py ("read concerns").
READS_CONCERNS = {Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.MANAGER, Role.SAFEGUARDING_LEAD}


@pytest.mark.parametrize("role", Role.values)
def test_the_navigation_offers_the_safeguarding_queue_only_to_those_who_read_concerns(
    world, client, role
):
    sign_in(client, world["users"][role])
    page = client.get("/").content.decode()
    assert (">Safeguarding</a>" in page) == (role in READS_CONCERNS)
