import pytest

from jisr.directory.models import Organization
from jisr.schedules.models import ScheduledMeeting
from tests.factories import VenueFactory
from tests.factories_meetings import participant
from tests.factories_schedules import (
    MeetingDayFactory,
    TableFactory,
    accept,
    add_slots,
    scheduled,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/missions/casa-2027/schedule"
State = ScheduledMeeting.State


@pytest.fixture
def grid(world):
    venue = VenueFactory(mission=world.mission, name="Hyatt", timezone="Europe/Paris")
    day = MeetingDayFactory(mission=world.mission, venue=venue)
    slots = add_slots(day, ["09:00", "09:30"])
    table = TableFactory(mission=world.mission, venue=venue, label="T7")
    return venue, slots, table


def test_participant_sees_their_published_meetings_in_the_venue_time_zone(world, grid, buyer_api):
    venue, slots, table = grid
    other = participant(world.mission, Organization.Kind.PROVIDER, first_name="Olga")
    mine = scheduled(accept(world.buyer, world.provider), slots[0], table, state=State.PUBLISHED)
    scheduled(accept(world.buyer, other), slots[1], None, state=State.DRAFT)  # not published
    scheduled(accept(other, world.provider), slots[1], table, state=State.PUBLISHED)  # not mine

    page = buyer_api.get(URL).json()

    assert page["count"] == 1
    item = page["results"][0]
    assert item["uuid"] == str(mine.uuid)
    assert item["sequence"] == mine.sequence
    assert item["state"] == "published"
    assert item["start"] == "2027-04-12T09:00:00+02:00"
    assert item["end"] == "2027-04-12T09:30:00+02:00"
    assert item["venue"] == {
        "id": venue.pk,
        "name": "Hyatt",
        "city": venue.city,
        "timezone": "Europe/Paris",
    }
    assert item["table"] == "T7"
    assert item["request"] == mine.request_id
    assert item["requester"]["id"] == world.buyer.pk
    assert item["recipient"]["organization"] == {
        "id": world.provider.organization_id,
        "name": world.provider.organization.name,
        "kind": "provider",
    }


def test_organizer_sees_every_published_meeting_paginated(world, grid, organizer_api):
    _venue, slots, table = grid
    other = participant(world.mission, Organization.Kind.PROVIDER)
    scheduled(accept(world.buyer, world.provider), slots[0], table, state=State.PUBLISHED)
    scheduled(accept(other, world.provider), slots[1], None, state=State.PUBLISHED)
    scheduled(accept(world.buyer, other), slots[1], table, state=State.CANCELLED)

    first = organizer_api.get(URL, {"page_size": 1}).json()
    second = organizer_api.get(URL, {"page_size": 1, "page": 2}).json()

    assert first["count"] == 2
    assert first["results"][0]["start"] == "2027-04-12T09:00:00+02:00"
    assert "page=2" in first["next"]
    assert second["results"][0]["table"] is None
    assert second["next"] is None


def test_schedule_of_another_mission_is_refused(world, grid, stranger_api, buyer_api):
    _venue, slots, table = grid
    scheduled(accept(world.buyer, world.provider), slots[0], table, state=State.PUBLISHED)

    outsider = stranger_api.get(URL)

    assert outsider.status_code == 403
    assert "results" not in outsider.json()
    # Their own mission has no published meeting: nothing of this mission leaks there.
    assert stranger_api.get("/api/v1/missions/montreal-2027/schedule").json()["count"] == 0
    assert buyer_api.get("/api/v1/missions/montreal-2027/schedule").status_code == 403
    world.other_mission.status = "draft"
    world.other_mission.save()
    assert buyer_api.get("/api/v1/missions/montreal-2027/schedule").status_code == 404
