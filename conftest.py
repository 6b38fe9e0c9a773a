import pytest


@pytest.fixture
def world(db):
    from wingman.core.testing import world as build

    return build()
