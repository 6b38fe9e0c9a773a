import pytest


@pytest.fixture
def world(db):
    from testing.factories import world as build

    return build()
