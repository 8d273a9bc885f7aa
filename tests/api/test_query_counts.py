"""Every list answers with a fixed number of queries, whatever its length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jisr.directory.models import Organization
from tests.factories import PersonFactory, ProgrammeItemFactory, VenueFactory
from tests.factories_meetings import ListingFactory, MeetingRequestFactory, participant
from tests.factories_schedules import MeetingDayFactory, accept, add_slots, scheduled

pytestmark = pytest.mark.django_db


def _count(client, path):
    client.get(path)  # the token's first use records its time: one write, once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.json()["count"]


def _grow(world, n):
    venue = VenueFactory(mission=world.mission)
    day = MeetingDayFactory(mission=world.mission, venue=venue)
    for i in range(n):
        provider = participant(world.mission, Organization.Kind.PROVIDER, first_name=f"P{i}")
        MeetingRequestFactory(requester=world.buyer, recipient=provider)
        item = ProgrammeItemFactory(mission=world.mission, venue=venue)
        item.speakers.add(PersonFactory(organization=provider.organization))
        ListingFactory(author=provider)
        slot = add_slots(day, [f"{9 + i:02d}:00"])[0]
        met = participant(world.mission, Organization.Kind.PROVIDER, first_name=f"M{i}")
        scheduled(accept(world.buyer, met), slot, None, state="published")


@pytest.mark.parametrize(
    "path", ["participants", "meeting-requests", "programme", "listings", "schedule"]
)
def test_list_query_count_does_not_grow_with_the_list(world, buyer_api, path):
    url = f"/api/v1/missions/casa-2027/{path}?page_size=100"
    _grow(world, 1)
    few, few_items = _count(buyer_api, url)
    _grow(world, 8)
    many, many_items = _count(buyer_api, url)

    assert many_items > few_items
    assert many == few
