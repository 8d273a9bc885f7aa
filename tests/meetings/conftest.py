import pytest

from jisr.directory.models import Organization
from tests.factories import MissionFactory
from tests.factories_meetings import participant


@pytest.fixture
def mission(db):
    return MissionFactory(name={"en": "Casablanca IT week", "fr": "Semaine IT de Casablanca"})


@pytest.fixture
def buyer(mission):
    return participant(mission, Organization.Kind.BUYER, first_name="Brenda", last_name="Hall")


@pytest.fixture
def provider(mission):
    return participant(
        mission, Organization.Kind.PROVIDER, first_name="Karim", last_name="Alaoui", language="fr"
    )
