import pytest
from django.test import Client


@pytest.fixture
def client_factory():
    """Another browser: a fresh test client with its own cookies."""
    return Client
