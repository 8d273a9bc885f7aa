import pytest
from django.core import mail

from jisr.meetings.models import MeetingPolicy
from jisr.missions.models import Invitation
from jisr.outcomes.models import CalendarFeed
from tests.factories import UserFactory, VenueFactory
from tests.factories_outcomes import lead_after_meeting, published, story
from tests.factories_schedules import MeetingDayFactory, accept, add_slots, scheduled

pytestmark = pytest.mark.django_db

BASE = "/api/v1/missions/casa-2027"
INVITEE = {
    "email": "nadia@atlas.example",
    "first_name": "Nadia",
    "last_name": "Bennani",
    "role": "provider",
    "organization_name": "Atlas Soft",
    "language": "fr",
}


def _json(client, method, url, body, **headers):
    return getattr(client, method)(url, body, content_type="application/json", **headers)


# --------------------------------------------------------------------------- invitations


def test_create_invitation_sends_the_link_and_lists_it(
    organizer_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = _json(organizer_api, "post", f"{BASE}/invitations", INVITEE)
    listed = organizer_api.get(f"{BASE}/invitations?status=pending").json()

    assert created.status_code == 201
    assert (created.json()["status"], created.json()["language"]) == ("pending", "fr")
    assert [i["email"] for i in listed["results"]] == ["nadia@atlas.example"]
    assert mail.outbox[0].to == ["nadia@atlas.example"]


def test_create_invitation_with_an_idempotency_key_invites_once(organizer_api):
    key = {"HTTP_IDEMPOTENCY_KEY": "invite-nadia"}

    first = _json(organizer_api, "post", f"{BASE}/invitations", INVITEE, **key)
    again = _json(organizer_api, "post", f"{BASE}/invitations", INVITEE, **key)

    assert first.json() == again.json()
    assert Invitation.objects.count() == 1


def test_create_invitation_bad_email_answers_400_with_the_field(organizer_api):
    response = _json(organizer_api, "post", f"{BASE}/invitations", {**INVITEE, "email": "nope"})

    assert response.status_code == 400
    assert response.json()["field"] == "email"
    assert Invitation.objects.count() == 0


def test_invitations_for_participants_answer_403(buyer_api):
    listed = buyer_api.get(f"{BASE}/invitations")
    created = _json(buyer_api, "post", f"{BASE}/invitations", INVITEE)

    assert (listed.status_code, created.status_code) == (403, 403)
    assert Invitation.objects.count() == 0


def test_invitations_of_another_mission_answer_404(world, stranger_api):
    world.other_mission.organizers.add(world.stranger.user)

    response = stranger_api.get(f"{BASE}/invitations")

    assert response.status_code in (403, 404)
    assert "results" not in response.json()


# --------------------------------------------------------------------------- meeting policy


def test_meeting_policy_defaults_and_organizer_update(buyer_api, organizer_api):
    before = buyer_api.get(f"{BASE}/meeting-policy").json()

    updated = _json(
        organizer_api,
        "put",
        f"{BASE}/meeting-policy",
        {
            "allowed_pairs": ["buyer:provider", "buyer:partner"],
            "accepting_requests": False,
            "max_open_sent": 5,
            "max_accepted": None,
        },
    )

    assert before == {
        "allowed_pairs": ["buyer:provider"],
        "accepting_requests": True,
        "max_open_sent": None,
        "max_accepted": None,
    }
    assert updated.status_code == 200
    assert updated.json()["allowed_pairs"] == ["buyer:partner", "buyer:provider"]
    assert MeetingPolicy.objects.get().max_open_sent == 5


def test_meeting_policy_update_by_a_participant_answers_403(buyer_api):
    response = _json(
        buyer_api,
        "put",
        f"{BASE}/meeting-policy",
        {"allowed_pairs": [], "accepting_requests": True},
    )

    assert response.status_code == 403
    assert not MeetingPolicy.objects.exists()


def test_meeting_policy_unknown_pair_answers_400(organizer_api):
    response = _json(
        organizer_api,
        "put",
        f"{BASE}/meeting-policy",
        {"allowed_pairs": ["buyer:dragon"], "accepting_requests": True},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "allowed_pairs"
    assert not MeetingPolicy.objects.exists()


def test_meeting_policy_of_a_mission_you_cannot_see_answers_404(world, stranger_api):
    world.mission.status = "draft"
    world.mission.save()

    response = stranger_api.get(f"{BASE}/meeting-policy")

    assert response.status_code == 404


# --------------------------------------------------------------------------- calendar feed


def test_calendar_feed_is_created_read_and_turned_off(world, buyer_api):
    empty = buyer_api.get(f"{BASE}/agenda/feed").json()
    created = buyer_api.post(f"{BASE}/agenda/feed")
    read = buyer_api.get(f"{BASE}/agenda/feed").json()
    deleted = buyer_api.delete(f"{BASE}/agenda/feed")

    token = CalendarFeed.objects.filter(person=world.buyer).values_list("token", flat=True)
    assert empty == {"url": None, "created": None}
    assert created.status_code == 201
    assert created.json()["url"].startswith("http://testserver/en/m/casa-2027/agenda/calendar/")
    assert read["url"] == created.json()["url"]
    assert deleted.status_code == 204
    assert list(token) == []


def test_calendar_feed_reset_gives_a_new_address(buyer_api):
    first = buyer_api.post(f"{BASE}/agenda/feed").json()["url"]
    second = buyer_api.post(f"{BASE}/agenda/feed").json()["url"]

    assert first != second


def test_calendar_feed_outside_the_mission_answers_404(stranger_api):
    response = stranger_api.post(f"{BASE}/agenda/feed")

    assert response.status_code == 404
    assert not CalendarFeed.objects.exists()


# --------------------------------------------------------------------------- stories


def test_stories_lists_published_ones_only(world, buyer_api):
    organizer = UserFactory()
    world.mission.organizers.add(organizer)
    day = MeetingDayFactory(mission=world.mission, venue=VenueFactory(mission=world.mission))
    meeting = scheduled(
        accept(world.buyer, world.provider), add_slots(day, ["09:00"])[0], None, state="published"
    )
    relationship = lead_after_meeting(meeting)
    shown = story(relationship, by=world.buyer, title="Twelve developers")
    story(relationship, by=world.buyer, title="Not approved yet")
    published(shown, world.buyer, world.provider, organizer)

    body = buyer_api.get(f"{BASE}/stories").json()

    assert [s["title"] for s in body["results"]] == ["Twelve developers"]
    assert body["results"][0]["buyer"]["id"] == world.buyer.organization_id


def test_stories_of_a_draft_mission_answer_404(world, stranger_api):
    world.mission.status = "draft"
    world.mission.save()

    response = stranger_api.get(f"{BASE}/stories")

    assert response.status_code == 404
