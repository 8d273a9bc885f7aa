import pytest
from django.utils import translation

from tests.outcomes.world import build_world


@pytest.fixture(autouse=True)
def english_urls():
    """reverse() follows the active language, which an earlier /ar/ request leaves set."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def other_world(db):
    """Another mission with the same shape: its people and meetings must never leak."""
    return build_world(slug="rabat-week", provider_language="fr")
