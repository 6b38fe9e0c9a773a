import pytest

from testing.helpers import sign_in
from wingman.accounts.choices import Role


@pytest.fixture
def caseworker(world):
    return world["users"][Role.CASEWORKER]


@pytest.fixture
def own(world):
    return world["clients"]["own"]


@pytest.fixture
def as_caseworker(client, caseworker):
    sign_in(client, caseworker)
    return client
