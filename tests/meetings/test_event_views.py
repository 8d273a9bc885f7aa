"""The availability page, online meeting requests, online rules and organizer priorities."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from jisr.directory.models import Organization
from jisr.meetings.models import MeetingPolicy, MeetingRequest, Unavailability
from tests.factories import MissionFactory, UserFactory, VenueFactory
from tests.factories_meetings import MeetingRequestFactory, participant
from tests.factories_schedules import MeetingDayFactory, add_slots

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


@pytest.fixture
def grid(mission):
    day = MeetingDayFactory(
        mission=mission, venue=VenueFactory(mission=mission), date=dt.date(2027, 4, 12)
    )
    return add_slots(day, ["09:00", "09:30"]) + add_slots(day, ["14:00"], block="afternoon")


@pytest.fixture
def organizer(mission):
    user = UserFactory()
    mission.organizers.add(user)
    return user


def away_ids(person):
    return set(Unavailability.objects.filter(person=person).values_list("slot_id", flat=True))


# --------------------------------------------------------------------------- availability


def test_availability_page_lists_days_half_days_and_slots(client, mission, buyer, grid):
    Unavailability.objects.create(mission=mission, person=buyer, slot=grid[2])
    client.force_login(buyer.user)

    response = client.get(url("availability", mission.slug))

    assert response.status_code == 200
    html = response.text
    assert "Monday 12 April 2027" in html
    assert 'value="2027-04-12:morning"' in html and "Away all morning" in html
    assert f'name="away" value="{grid[2].pk}" checked' in html
    assert f'name="away" value="{grid[0].pk}">' in html
    assert "jisr/availability.js" in html


def test_availability_post_saves_half_day_and_slots(client, mission, buyer, grid):
    client.force_login(buyer.user)

    response = client.post(url("availability", mission.slug), {"away_period": "2027-04-12:morning"})

    assert response.status_code == 302
    assert away_ids(buyer) == {grid[0].pk, grid[1].pk}


def test_availability_htmx_post_returns_the_form_with_a_notice(client, mission, buyer, grid):
    client.force_login(buyer.user)

    response = client.post(
        url("availability", mission.slug), {"away": [grid[1].pk]}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert 'id="availability-notice"' in response.text
    assert "<html" not in response.text
    assert away_ids(buyer) == {grid[1].pk}


def test_availability_leaving_no_slot_is_refused_in_arabic_and_changes_nothing(
    client, mission, buyer, grid
):
    Unavailability.objects.create(mission=mission, person=buyer, slot=grid[0])
    client.force_login(buyer.user)

    response = client.post(
        url("availability", mission.slug, language="ar"),
        {"away_period": "2027-04-12:day"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 400
    assert "أبقِ فترة واحدة على الأقل متاحة" in response.text
    assert away_ids(buyer) == {grid[0].pk}


def test_availability_with_a_broken_period_is_refused(client, mission, buyer, grid):
    client.force_login(buyer.user)

    response = client.post(url("availability", mission.slug), {"away_period": "yesterday:noon"})

    assert response.status_code == 400
    assert "Choose morning, afternoon or the whole day." in response.text
    assert away_ids(buyer) == set()


def test_availability_page_is_for_participants_only(client, mission, grid):
    client.force_login(UserFactory())

    assert client.get(url("availability", mission.slug)).status_code == 403


def test_availability_with_a_slot_of_another_mission_changes_nothing(client, mission, buyer, grid):
    other = MissionFactory()
    other_day = MeetingDayFactory(mission=other, venue=VenueFactory(mission=other))
    [foreign] = add_slots(other_day, ["09:00"])
    client.force_login(buyer.user)

    response = client.post(url("availability", mission.slug), {"away": [foreign.pk]})

    assert response.status_code == 400
    assert not Unavailability.objects.filter(slot=foreign).exists()


def test_availability_of_another_mission_is_404(client, mission, buyer, grid):
    client.force_login(buyer.user)

    assert client.get(url("availability", "no-such-mission")).status_code == 404


def test_attendance_post_saves_remote_and_time_zone(client, mission, buyer):
    client.force_login(buyer.user)

    response = client.post(
        url("attendance", mission.slug),
        {"attends_remotely": "on", "timezone": "America/Toronto"},
    )

    assert response.status_code == 302
    buyer.refresh_from_db()
    assert (buyer.attends_remotely, buyer.timezone) == (True, "America/Toronto")


def test_attendance_with_an_unknown_time_zone_is_refused(client, mission, buyer):
    client.force_login(buyer.user)

    response = client.post(url("attendance", mission.slug), {"timezone": "Mars/Olympus"})

    assert response.status_code == 400
    assert "is not a known time zone" in response.text
    buyer.refresh_from_db()
    assert buyer.timezone == ""


# --------------------------------------------------------------------------- online requests


def test_request_form_offers_online_to_a_remote_participant(client, mission, buyer, provider):
    provider.attends_remotely = True
    provider.save()
    client.force_login(buyer.user)

    response = client.get(url("meeting_request", mission.slug, provider.pk))

    assert 'name="online"' in response.text
    assert 'name="video_url"' in response.text


def test_request_form_hides_online_when_nobody_is_remote(client, mission, buyer, provider):
    client.force_login(buyer.user)

    response = client.get(url("meeting_request", mission.slug, provider.pk))

    assert 'name="online"' not in response.text


def test_request_form_sends_an_online_request_with_a_link(client, mission, buyer, provider):
    provider.attends_remotely = True
    provider.save()
    client.force_login(buyer.user)

    response = client.post(
        url("meeting_request", mission.slug, provider.pk),
        {"message": "Hello", "online": "on", "video_url": "https://meet.example/brenda"},
    )

    assert response.status_code == 302
    request = MeetingRequest.objects.get(requester=buyer)
    assert (request.online, request.video_url) == (True, "https://meet.example/brenda")


def test_request_form_with_a_broken_video_url_keeps_the_input_in_french(
    client, mission, buyer, provider
):
    provider.attends_remotely = True
    provider.save()
    client.force_login(buyer.user)

    response = client.post(
        url("meeting_request", mission.slug, provider.pk, language="fr"),
        {"message": "Bonjour", "online": "on", "video_url": "http://meet.example/x"},
    )

    assert response.status_code == 400
    assert "Saisissez un lien https complet" in response.text
    assert "Bonjour" in response.text
    assert not MeetingRequest.objects.filter(requester=buyer).exists()


def test_policy_page_saves_online_rules(client, mission, organizer):
    client.force_login(organizer)

    response = client.post(
        url("meetings_policy", mission.slug),
        {
            "form": "policy",
            "allowed_pairs": ["buyer:provider"],
            "accepting_requests": "on",
            "online_meetings": "all",
            "video_url_pattern": "https://meet.example/jisr-{uid}",
        },
    )

    assert response.status_code == 302
    policy = MeetingPolicy.objects.get(mission=mission)
    assert (policy.online_meetings, policy.video_url_pattern) == (
        "all",
        "https://meet.example/jisr-{uid}",
    )


def test_policy_page_refuses_a_pattern_without_uid(client, mission, organizer):
    client.force_login(organizer)

    response = client.post(
        url("meetings_policy", mission.slug),
        {
            "form": "policy",
            "allowed_pairs": ["buyer:provider"],
            "online_meetings": "all",
            "video_url_pattern": "https://meet.example/room",
        },
    )

    assert response.status_code == 400
    assert "Put {uid} in the pattern" in response.text
    assert not MeetingPolicy.objects.filter(mission=mission).exists()


# --------------------------------------------------------------------------- priorities


def test_organizer_makes_a_request_a_priority(client, mission, organizer, buyer, provider):
    request = MeetingRequestFactory(
        mission=mission, requester=buyer, recipient=provider, status="accepted"
    )
    client.force_login(organizer)

    page = client.get(url("meetings_overview", mission.slug))
    response = client.post(url("meeting_priority", mission.slug, request.pk), {"prioritized": "1"})

    assert "Make a priority" in page.text
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.prioritized is True


def test_participant_cannot_make_a_priority(client, mission, buyer, provider):
    request = MeetingRequestFactory(
        mission=mission, requester=buyer, recipient=provider, status="accepted"
    )
    client.force_login(buyer.user)

    response = client.post(url("meeting_priority", mission.slug, request.pk), {"prioritized": "1"})

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.prioritized is False


def test_priority_of_another_missions_request_is_404(client, mission, organizer):
    other = MissionFactory()
    foreign = MeetingRequestFactory(
        mission=other,
        requester=participant(other, Organization.Kind.BUYER),
        recipient=participant(other),
        status="accepted",
    )
    client.force_login(organizer)

    response = client.post(url("meeting_priority", mission.slug, foreign.pk), {"prioritized": "1"})

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.prioritized is False


def test_availability_after_publication_says_the_meeting_will_move(client, mission, buyer, grid):
    from jisr.schedules.models import Publication, ScheduledMeeting

    request = MeetingRequestFactory(mission=mission, requester=buyer, status="accepted")
    ScheduledMeeting.objects.create(
        mission=mission, request=request, slot=grid[0], state=ScheduledMeeting.State.PUBLISHED
    )
    Publication.objects.create(mission=mission, version=1)
    client.force_login(buyer.user)

    response = client.post(
        url("availability", mission.slug), {"away": [grid[0].pk]}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "1 of your published meetings is at a time you are now away" in response.text
