import pytest

from testing.factories import PASSWORD
from wingman.accounts.choices import Role
from wingman.api.services import api_token_issue
from wingman.api.tests.conftest import ApiClient


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


@pytest.fixture
def api_as(db):
    """An API client acting as a member of staff through a token of their own."""

    def make(user):
        _token, key = api_token_issue(actor=None, user=user, name="Integration")
        return ApiClient(key)

    return make
