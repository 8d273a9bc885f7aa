import pytest

from tests.outcomes.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def other_world(db):
    """Another mission with the same shape: its people and meetings must never leak."""
    return build_world(slug="rabat-week", provider_language="fr")
