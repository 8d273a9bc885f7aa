"""Availability, online meetings with video links, and organizer priorities."""

import datetime as dt

import pytest

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.models import ActivityLogEntry
from jisr.meetings.errors import NotAllowedPair
from jisr.meetings.models import MeetingPolicy, MeetingRequest, OnlineMeetings, Unavailability
from jisr.meetings.queries import availability_of, unavailable_slot_ids
from jisr.meetings.services import (
    request_meeting,
    set_request_priority,
    set_unavailability,
    update_meeting_policy,
)
from tests.factories import UserFactory, VenueFactory
from tests.factories_meetings import MeetingRequestFactory
from tests.factories_schedules import MeetingDayFactory, add_slots

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid(mission):
    venue = VenueFactory(mission=mission)
    day = MeetingDayFactory(mission=mission, venue=venue, date=dt.date(2027, 4, 12))
    morning = add_slots(day, ["09:00", "09:30"])
    afternoon = add_slots(day, ["14:00"], block="afternoon")
    return morning + afternoon


def ask(mission, requester, recipient, **kwargs):
    return request_meeting(
        mission, requester=requester, recipient=recipient, message="Hello.", **kwargs
    )


def test_set_unavailability_stores_slots_and_half_days(mission, buyer, grid):
    # Away all morning and in one afternoon slot, while another slot stays free.
    add_slots(grid[0].day, ["14:30"], block="afternoon")
    away = set_unavailability(
        buyer, by=buyer.user, slot_ids=[grid[2].pk], periods=[(dt.date(2027, 4, 12), "morning")]
    )

    assert [s.pk for s in away] == [grid[0].pk, grid[1].pk, grid[2].pk]
    assert unavailable_slot_ids(buyer) == {grid[0].pk, grid[1].pk, grid[2].pk}
    assert ActivityLogEntry.objects.filter(action="meetings.availability.set").count() == 1


def test_set_unavailability_replaces_the_previous_choice(mission, buyer, grid):
    set_unavailability(buyer, by=buyer.user, slot_ids=[grid[0].pk, grid[1].pk])

    set_unavailability(buyer, by=buyer.user, slot_ids=[grid[1].pk])

    assert unavailable_slot_ids(buyer) == {grid[1].pk}
    day = availability_of(buyer)[0]
    assert [h.session for h in day.half_days] == ["morning", "afternoon"]
    assert [away for _slot, away in day.half_days[0].slots] == [False, True]


def test_set_unavailability_that_leaves_no_slot_is_refused_and_changes_nothing(
    mission, buyer, grid
):
    set_unavailability(buyer, by=buyer.user, slot_ids=[grid[0].pk])

    with pytest.raises(DomainError, match="at least one slot free"):
        set_unavailability(buyer, by=buyer.user, periods=[(dt.date(2027, 4, 12), "day")])

    assert unavailable_slot_ids(buyer) == {grid[0].pk}


def test_set_unavailability_below_accepted_meetings_is_refused(mission, buyer, provider, grid):
    MeetingRequestFactory(mission=mission, requester=buyer, recipient=provider, status="accepted")
    MeetingRequestFactory(mission=mission, recipient=buyer, status="accepted")

    with pytest.raises(DomainError, match="2 accepted meetings but would keep only 1"):
        set_unavailability(buyer, by=buyer.user, slot_ids=[grid[0].pk, grid[1].pk])

    assert not Unavailability.objects.filter(person=buyer).exists()


def test_set_unavailability_with_a_slot_of_another_mission_is_refused(mission, buyer, grid):
    from tests.factories import MissionFactory

    other_mission = MissionFactory()
    other_day = MeetingDayFactory(mission=other_mission, venue=VenueFactory(mission=other_mission))
    [foreign] = add_slots(other_day, ["09:00"])

    with pytest.raises(DomainError, match="not in this mission"):
        set_unavailability(buyer, by=buyer.user, slot_ids=[foreign.pk])

    assert unavailable_slot_ids(buyer) == set()


def test_set_unavailability_on_a_day_without_slots_is_refused(mission, buyer, grid):
    with pytest.raises(DomainError, match="no meeting slots on 2027-04-13"):
        set_unavailability(buyer, by=buyer.user, periods=[(dt.date(2027, 4, 13), "day")])


def test_request_meeting_online_with_pasted_link(mission, buyer, provider):
    MeetingPolicy.objects.create(mission=mission, online_meetings=OnlineMeetings.ALL)

    request = ask(mission, buyer, provider, online=True, video_url=" https://meet.example/abc ")

    assert request.online is True
    assert request.video_url == "https://meet.example/abc"
    assert request.video_link("https://meet.example/jisr-{uid}") == "https://meet.example/abc"


def test_request_meeting_online_uses_the_mission_pattern_without_a_link(mission, buyer, provider):
    MeetingPolicy.objects.create(mission=mission, online_meetings=OnlineMeetings.ALL)

    request = ask(mission, buyer, provider, online=True)

    link = request.video_link("https://meet.example/jisr-{uid}")
    assert link == f"https://meet.example/jisr-{request.video_uid}"
    assert len(request.video_uid) == 20
    assert request.video_uid != str(request.pk)


@pytest.mark.parametrize(
    "url", ["http://meet.example/abc", "meet.example/abc", "https://", "javascript:alert(1)"]
)
def test_request_meeting_with_a_broken_video_url_is_refused(mission, buyer, provider, url):
    MeetingPolicy.objects.create(mission=mission, online_meetings=OnlineMeetings.ALL)

    with pytest.raises(DomainError, match="https link") as raised:
        ask(mission, buyer, provider, online=True, video_url=url)

    assert raised.value.field == "video_url"
    assert not MeetingRequest.objects.filter(mission=mission).exists()


def test_online_request_needs_a_remote_participant_by_default(mission, buyer, provider):
    with pytest.raises(NotAllowedPair, match="attends remotely"):
        ask(mission, buyer, provider, online=True)

    provider.attends_remotely = True
    provider.save()
    assert ask(mission, buyer, provider, online=True).online is True


def test_online_request_refused_when_the_organizers_offer_none(mission, buyer, provider):
    MeetingPolicy.objects.create(mission=mission, online_meetings=OnlineMeetings.OFF)
    buyer.attends_remotely = True
    buyer.save()

    with pytest.raises(NotAllowedPair, match="do not offer online"):
        ask(mission, buyer, provider, online=True)

    assert not MeetingRequest.objects.filter(mission=mission).exists()


def test_update_meeting_policy_validates_the_video_pattern(mission):
    user = UserFactory()
    mission.organizers.add(user)
    base = {
        "allowed_pairs": ["buyer:provider"],
        "accepting_requests": True,
        "max_open_sent": None,
        "max_accepted": None,
    }

    with pytest.raises(DomainError, match=r"\{uid\}"):
        update_meeting_policy(mission, by=user, video_url_pattern="https://meet.example/x", **base)
    with pytest.raises(DomainError, match="https address"):
        update_meeting_policy(
            mission, by=user, video_url_pattern="http://meet.example/{uid}", **base
        )
    assert not MeetingPolicy.objects.filter(mission=mission).exists()

    policy = update_meeting_policy(
        mission,
        by=user,
        online_meetings="all",
        video_url_pattern="https://meet.example/jisr-{uid}",
        **base,
    )
    assert (policy.online_meetings, policy.video_url_pattern) == (
        "all",
        "https://meet.example/jisr-{uid}",
    )
    # Saving the other rules alone keeps the online settings.
    policy = update_meeting_policy(mission, by=user, **base)
    assert policy.online_meetings == "all"


def test_set_request_priority_is_for_organizers_only(mission, buyer, provider):
    request = MeetingRequestFactory(
        mission=mission, requester=buyer, recipient=provider, status="accepted"
    )
    organizer = UserFactory()
    mission.organizers.add(organizer)

    with pytest.raises(PermissionDenied):
        set_request_priority(request, by=buyer.user, prioritized=True)
    set_request_priority(request, by=organizer, prioritized=True)

    request.refresh_from_db()
    assert request.prioritized is True


def test_set_unavailability_of_someone_else_is_refused(mission, buyer, provider, grid):
    with pytest.raises(PermissionDenied):
        set_unavailability(buyer, by=provider.user, slot_ids=[grid[0].pk])

    assert unavailable_slot_ids(buyer) == set()
    organizer = UserFactory()
    mission.organizers.add(organizer)
    set_unavailability(buyer, by=organizer, slot_ids=[grid[0].pk])
    assert unavailable_slot_ids(buyer) == {grid[0].pk}
