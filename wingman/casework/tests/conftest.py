import pytest

from testing.factories import PASSWORD
from wingman.accounts.choices import Role


@pytest.fixture
def sign_in(client, settings):
    """Sign a member of staff in through the real sign-in page (two-factor switched off)."""
    settings.WINGMAN_TWO_FACTOR_REQUIRED = False

    def _sign_in(user):
        client.logout()
        response = client.post("/sign-in/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.content
        return client

    return _sign_in


@pytest.fixture
def caseworker(world):
    return world["users"][Role.CASEWORKER]


@pytest.fixture
def own(world):
    return world["clients"]["own"]


@pytest.fixture
def journey(own):
    return own.journeys.get()


@pytest.fixture
def as_caseworker(sign_in, caseworker):
    return sign_in(caseworker)
