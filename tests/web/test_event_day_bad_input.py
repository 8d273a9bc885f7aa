"""The event day's bad input, on the web and through the API, in French and in Arabic:
availability that leaves no slot, a broken video link, an oversized message, an unknown
badge code and a repeated scan each get a clear message in the reader's language, and
change nothing."""

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from jisr.api.tokens import create_token
from jisr.meetings.models import MeetingPolicy, MeetingRequest, Unavailability
from jisr.messaging.models import BODY_MAX, Message
from jisr.outcomes.models import CheckIn
from jisr.outcomes.services import check_in, issue_badge
from tests.factories import UserFactory
from tests.outcomes.world import CASABLANCA, build_world

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "ar"]
API = "/api/v1/missions/casa-week"
NO_SLOT = (
    "You cannot be away in every slot: keep at least one slot free so that meetings can be placed."
)
BROKEN_LINK = "Enter a full https link to the video call, e.g. https://meet.example/room."
OVERSIZED = "A message can be at most %(max)d characters long; this one has %(count)d."
UNKNOWN = "No badge of this mission has the code “%(code)s”."
ALREADY = "%(name)s is already checked in, at %(time)s. Nothing was changed."


def translated(language, text, values=None):
    """``text`` in ``language``, checked to be a real translation, not the English."""
    with translation.override(language):
        found = gettext(text)
    assert found != text, f"no {language} translation for {text!r}"
    return found % values if values else found


@pytest.fixture
def world():
    world = build_world()
    world.organizer = UserFactory()
    world.mission.organizers.add(world.organizer)
    return world


def web(user):
    client = Client()
    client.force_login(user)
    return client


def api(user, language):
    issued = create_token(user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {issued.plain}", HTTP_ACCEPT_LANGUAGE=language)


def page(language, world, path):
    return f"/{language}/m/{world.mission.slug}/{path}"


def _html(response):
    return response.content.decode()


def _away(world, person):
    return set(Unavailability.objects.filter(person=person).values_list("slot_id", flat=True))


# --------------------------------------------------------------------- availability


@pytest.mark.parametrize("language", LANGUAGES)
def test_availability_leaving_no_slot_is_refused_and_keeps_the_earlier_choice(world, language):
    Unavailability.objects.create(mission=world.mission, person=world.buyer, slot=world.slots[1])
    every = [str(slot.pk) for slot in world.slots]

    on_web = web(world.buyer.user).post(
        page(language, world, "meetings/availability/"), {"away": every}
    )
    on_api = api(world.buyer.user, language).put(
        f"{API}/availability",
        {"away_slots": [slot.pk for slot in world.slots], "away_periods": []},
        content_type="application/json",
    )

    expected = translated(language, NO_SLOT)
    assert escape(expected) in _html(on_web)
    assert (on_api.status_code, on_api.json()["detail"]) == (400, expected)
    assert _away(world, world.buyer) == {world.slots[1].pk}


@pytest.mark.parametrize("language", LANGUAGES)
def test_availability_half_day_leaving_no_slot_is_refused(world, language):
    on_web = web(world.buyer.user).post(
        page(language, world, "meetings/availability/"),
        {"away_period": [f"{world.slots[0].day.date.isoformat()}:morning"]},
    )

    assert escape(translated(language, NO_SLOT)) in _html(on_web)
    assert _away(world, world.buyer) == set()


# --------------------------------------------------------------------- video link


@pytest.mark.parametrize("language", LANGUAGES)
def test_online_request_with_a_broken_video_link_is_refused_and_sends_nothing(world, language):
    MeetingPolicy.objects.create(mission=world.mission, online_meetings="all")
    before = MeetingRequest.objects.count()
    form = {"message": "Par vidéo ?", "online": "on", "video_url": "meet.example/room"}

    on_web = web(world.buyer.user).post(
        page(language, world, f"meetings/request/{world.colleague.pk}/"), form
    )
    on_api = api(world.buyer.user, language).post(
        f"{API}/meeting-requests",
        {
            "recipient": world.colleague.pk,
            "message": "Par vidéo ?",
            "online": True,
            "video_url": "javascript:alert(1)",
        },
        content_type="application/json",
    )

    expected = translated(language, BROKEN_LINK)
    html = on_web.content.decode()
    assert escape(expected) in html
    assert 'value="meet.example/room"' in html  # the input stays to be corrected
    assert on_api.status_code == 400
    assert (on_api.json()["field"], on_api.json()["detail"]) == ("video_url", expected)
    assert MeetingRequest.objects.count() == before


# --------------------------------------------------------------------- messages


@pytest.mark.parametrize("language", LANGUAGES)
def test_oversized_message_is_refused_with_its_length_and_writes_nothing(world, language):
    body = "x" * (BODY_MAX + 7)
    request_id = world.meeting.request_id

    on_web = web(world.buyer.user).post(
        page(language, world, f"messages/{request_id}/"), {"body": body}
    )
    on_api = api(world.buyer.user, language).post(
        f"{API}/meeting-requests/{request_id}/messages",
        {"body": body},
        content_type="application/json",
    )

    expected = translated(language, OVERSIZED, {"max": BODY_MAX, "count": BODY_MAX + 7})
    assert escape(expected) in _html(on_web)
    assert (on_api.status_code, on_api.json()["detail"]) == (400, expected)
    assert Message.objects.count() == 0


# --------------------------------------------------------------------- check-in


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_badge_code_is_refused_and_checks_nobody_in(world, language):
    on_web = web(world.organizer).post(page(language, world, "check-in/"), {"code": "ZZZZ-ZZZZ"})
    on_api = api(world.organizer, language).post(
        f"{API}/check-ins", {"code": "ZZZZ-ZZZZ"}, content_type="application/json"
    )

    expected = translated(language, UNKNOWN, {"code": "ZZZZ-ZZZZ"})
    assert on_web.status_code == 404
    assert escape(expected) in _html(on_web)
    assert (on_api.status_code, on_api.json()["detail"]) == (404, expected)
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_repeated_scan_says_when_and_changes_nothing(world, language):
    badge = issue_badge(world.buyer)
    first = check_in(world.mission, code=badge.code, by=world.organizer)

    on_web = web(world.organizer).post(page(language, world, "check-in/"), {"code": badge.code})
    on_api = api(world.organizer, language).post(
        f"{API}/check-ins", {"code": badge.display_code}, content_type="application/json"
    )

    at = timezone.localtime(first.checked_in_at, CASABLANCA).strftime("%H:%M")
    expected = translated(language, ALREADY, {"name": "Brenda Hall", "time": at})
    assert on_web.status_code == 409
    assert escape(expected) in _html(on_web)
    assert (on_api.status_code, on_api.json()["detail"]) == (409, expected)
    assert list(CheckIn.objects.values_list("pk", "checked_in_at")) == [
        (first.pk, first.checked_in_at)
    ]
