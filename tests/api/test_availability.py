"""Availability, attendance and online meeting requests through the API."""

import datetime as dt

import pytest

from jisr.meetings.models import MeetingPolicy, MeetingRequest, Unavailability
from tests.factories import VenueFactory
from tests.factories_meetings import MeetingRequestFactory
from tests.factories_schedules import MeetingDayFactory, add_slots

pytestmark = pytest.mark.django_db

URL = "/api/v1/missions/casa-2027/availability"


@pytest.fixture
def grid(world):
    venue = VenueFactory(mission=world.mission, city="Casablanca", timezone="Africa/Casablanca")
    day = MeetingDayFactory(mission=world.mission, venue=venue, date=dt.date(2027, 4, 12))
    return add_slots(day, ["09:00", "09:30"]) + add_slots(day, ["14:00"], block="afternoon")


def _put(client, body, url=URL):
    return client.put(url, body, content_type="application/json")


def test_get_availability_lists_every_slot_with_away_flags(world, buyer_api, grid):
    Unavailability.objects.create(mission=world.mission, person=world.buyer, slot=grid[1])

    response = buyer_api.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert [s["id"] for s in body["slots"]] == [s.pk for s in grid]
    assert [s["away"] for s in body["slots"]] == [False, True, False]
    assert body["slots"][0]["start"] == "2027-04-12T09:00:00+01:00"
    assert body["slots"][2]["session"] == "afternoon"
    assert (body["free_slots"], body["attends_remotely"], body["timezone"]) == (2, False, "")


def test_put_availability_replaces_away_slots_and_periods(world, buyer_api, grid):
    first = _put(
        buyer_api,
        {
            "away_slots": [grid[2].pk],
            "away_periods": [{"date": "2027-04-12", "session": "morning"}],
        },
    )
    assert first.status_code == 400  # every slot: refused, see below
    response = _put(buyer_api, {"away_periods": [{"date": "2027-04-12", "session": "morning"}]})
    again = _put(buyer_api, {"away_slots": [grid[0].pk, grid[1].pk]})

    assert response.status_code == 200
    assert [s["away"] for s in response.json()["slots"]] == [True, True, False]
    assert again.json() == response.json()
    assert again.json()["free_slots"] == 1
    assert set(
        Unavailability.objects.filter(person=world.buyer).values_list("slot_id", flat=True)
    ) == {grid[0].pk, grid[1].pk}


def test_put_availability_leaving_no_slot_is_400_and_changes_nothing(world, buyer_api, grid):
    _put(buyer_api, {"away_slots": [grid[0].pk]})

    response = _put(
        buyer_api,
        {"away_periods": [{"date": "2027-04-12", "session": "day"}]},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "slots"
    assert "at least one slot free" in response.json()["detail"]
    assert list(
        Unavailability.objects.filter(person=world.buyer).values_list("slot_id", flat=True)
    ) == [grid[0].pk]


def test_put_availability_below_accepted_meetings_answers_in_french(world, buyer_api, grid):
    MeetingRequestFactory(
        mission=world.mission, requester=world.buyer, recipient=world.provider, status="accepted"
    )

    response = buyer_api.put(
        URL,
        {"away_slots": [s.pk for s in grid]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 400
    assert "gardez au moins un créneau libre" in response.json()["detail"]


def test_put_availability_with_a_slot_of_another_mission_is_400(world, buyer_api, grid):
    other_day = MeetingDayFactory(
        mission=world.other_mission, venue=VenueFactory(mission=world.other_mission)
    )
    [foreign] = add_slots(other_day, ["09:00"])

    response = _put(buyer_api, {"away_slots": [foreign.pk]})

    assert response.status_code == 400
    assert not Unavailability.objects.exists()


def test_availability_is_for_the_missions_participants(world, stranger_api, buyer_api, grid):
    # A participant of another mission is not one of this mission's participants.
    assert stranger_api.get(URL).status_code == 403
    assert _put(stranger_api, {"away_slots": [grid[0].pk]}).status_code == 403
    assert buyer_api.get("/api/v1/missions/no-such-mission/availability").status_code == 404
    other_url = f"/api/v1/missions/{world.other_mission.slug}/availability"
    assert buyer_api.get(other_url).status_code in (403, 404)
    assert not Unavailability.objects.exists()


def test_put_attendance_sets_remote_and_time_zone(world, buyer_api, grid):
    response = _put(
        buyer_api,
        {"attends_remotely": True, "timezone": "America/Toronto"},
        url="/api/v1/missions/casa-2027/attendance",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["attends_remotely"], body["timezone"]) == (True, "America/Toronto")
    assert body["slots"][0]["start"] == "2027-04-12T04:00:00-04:00"


def test_put_attendance_with_an_unknown_time_zone_is_400(world, buyer_api):
    response = _put(
        buyer_api,
        {"attends_remotely": False, "timezone": "Mars/Olympus"},
        url="/api/v1/missions/casa-2027/attendance",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "timezone"


def test_create_online_meeting_request_with_a_link(world, buyer_api):
    MeetingPolicy.objects.create(mission=world.mission, online_meetings="all")

    response = buyer_api.post(
        "/api/v1/missions/casa-2027/meeting-requests",
        {
            "recipient": world.provider.pk,
            "message": "Hello",
            "online": True,
            "video_url": "https://meet.example/brenda",
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    assert (response.json()["online"], response.json()["video_url"]) == (
        True,
        "https://meet.example/brenda",
    )


def test_create_online_meeting_request_with_a_broken_link_is_400(world, buyer_api):
    MeetingPolicy.objects.create(mission=world.mission, online_meetings="all")

    response = buyer_api.post(
        "/api/v1/missions/casa-2027/meeting-requests",
        {"recipient": world.provider.pk, "message": "Hi", "online": True, "video_url": "ftp://x"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "video_url"
    assert not MeetingRequest.objects.exists()


def test_create_online_meeting_request_not_allowed_is_400(world, buyer_api):
    response = buyer_api.post(
        "/api/v1/missions/casa-2027/meeting-requests",
        {"recipient": world.provider.pk, "message": "Hi", "online": True},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "attends remotely" in response.json()["detail"]
    assert not MeetingRequest.objects.exists()


def test_online_request_with_the_same_idempotency_key_is_created_once(world, buyer_api):
    MeetingPolicy.objects.create(mission=world.mission, online_meetings="all")
    body = {"recipient": world.provider.pk, "message": "Video?", "online": True}

    first = buyer_api.post(
        "/api/v1/missions/casa-2027/meeting-requests",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="online-1",
    )
    again = buyer_api.post(
        "/api/v1/missions/casa-2027/meeting-requests",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="online-1",
    )
    changed = buyer_api.post(
        "/api/v1/missions/casa-2027/meeting-requests",
        {**body, "online": False},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="online-1",
    )

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert changed.status_code == 422
    assert MeetingRequest.objects.count() == 1
