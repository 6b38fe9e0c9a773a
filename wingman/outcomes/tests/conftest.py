import pytest

from wingman.accounts.choices import Role
from wingman.outcomes.models import OutcomeType


@pytest.fixture
def caseworker(world):
    return world["users"][Role.CASEWORKER]


@pytest.fixture
def own(world):
    return world["clients"]["own"]


@pytest.fixture
def kinds(world):
    """The world's organisation's outcome types by name (the standard ones)."""
    return {t.name: t for t in OutcomeType.objects.filter(organisation=world["org"])}
