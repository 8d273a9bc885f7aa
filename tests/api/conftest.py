"""Two missions with participants, and API clients that authenticate with real tokens."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from jisr.api.tokens import create_token
from jisr.directory.models import Organization, Person
from jisr.missions.models import Mission
from tests.factories import MissionFactory, UserFactory
from tests.factories_meetings import participant


@dataclass
class World:
    mission: Mission
    other_mission: Mission
    buyer: Person
    provider: Person
    stranger: Person  # a participant of the other mission only


def api_client(user) -> Client:  # type: ignore[no-untyped-def]
    """A test client sending a freshly issued token of ``user`` on every request."""
    issued = create_token(user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {issued.plain}")


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    mission = MissionFactory(
        slug="casa-2027",
        name={"en": "Casablanca IT week", "fr": "Semaine IT de Casablanca", "ar": "أسبوع"},
        directory_visibility=Mission.DirectoryVisibility.PARTICIPANTS,
    )
    other = MissionFactory(slug="montreal-2027", name={"en": "Montreal week"})
    buyer = participant(mission, Organization.Kind.BUYER, first_name="Brenda", last_name="Hall")
    provider = participant(
        mission, Organization.Kind.PROVIDER, first_name="Karim", last_name="Alaoui"
    )
    stranger = participant(other, Organization.Kind.BUYER, first_name="Sam", last_name="Other")
    return World(mission, other, buyer, provider, stranger)


@pytest.fixture
def buyer_api(world: World) -> Client:
    return api_client(world.buyer.user)


@pytest.fixture
def provider_api(world: World) -> Client:
    return api_client(world.provider.user)


@pytest.fixture
def stranger_api(world: World) -> Client:
    return api_client(world.stranger.user)


@pytest.fixture
def organizer_api(world: World) -> Client:
    user = UserFactory()
    world.mission.organizers.add(user)
    return api_client(user)
