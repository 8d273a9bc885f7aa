import pytest
from django.utils import translation

from tests.factories import UserFactory
from tests.outcomes.world import build_world


@pytest.fixture(autouse=True)
def english_urls():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    """Brenda (buyer, English) and كريم (provider, Arabic) with an accepted request."""
    return build_world()


@pytest.fixture
def other_world(db):
    return build_world(slug="rabat-week", provider_language="fr")


@pytest.fixture
def organizer(world):
    user = UserFactory()
    world.mission.organizers.add(user)
    return user
