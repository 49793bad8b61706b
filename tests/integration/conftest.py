"""Fixtures shared by the integration tests."""

import pytest

from tests.factories import citizen_client, logged_in


@pytest.fixture
def citizen():
    """An anonymous client from an address of its own."""
    return citizen_client()


@pytest.fixture
def webmaster_client(demo_db, client):
    return logged_in("webmaster", client)
