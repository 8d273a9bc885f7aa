import datetime as dt

import pytest

from jisr.directory.models import Organization
from jisr.outcomes.models import Attendance, MeetingFeedback, Relationship
from jisr.schedules.models import ScheduledMeeting
from tests.api.conftest import api_client
from tests.factories import ProgrammeItemFactory, VenueFactory
from tests.factories_meetings import participant
from tests.factories_outcomes import feedback, hold
from tests.factories_schedules import MeetingDayFactory, TableFactory, accept, add_slots, scheduled

pytestmark = pytest.mark.django_db

BASE = "/api/v1/missions/casa-2027"
PUBLISHED = ScheduledMeeting.State.PUBLISHED


@pytest.fixture
def past(world):
    """A published meeting between the buyer and the provider, already over."""
    venue = VenueFactory(mission=world.mission, name="Hyatt", timezone="Europe/Paris")
    day = MeetingDayFactory(mission=world.mission, venue=venue, date=dt.date(2026, 1, 12))
    slots = add_slots(day, ["09:00", "10:00"])
    table = TableFactory(mission=world.mission, venue=venue, label="T3")
    return scheduled(accept(world.buyer, world.provider), slots[0], table, state=PUBLISHED)


@pytest.fixture
def future(world):
    venue = VenueFactory(mission=world.mission, name="Sofitel", timezone="Africa/Casablanca")
    day = MeetingDayFactory(mission=world.mission, venue=venue, date=dt.date(2099, 6, 1))
    slot = add_slots(day, ["11:00"])[0]
    other = participant(world.mission, Organization.Kind.PROVIDER, first_name="Olga")
    return scheduled(accept(world.buyer, other), slot, None, state=PUBLISHED)


def _json(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


# --------------------------------------------------------------------------- agenda


def test_my_agenda_lists_meetings_and_programme_in_local_time(world, past, buyer_api):
    item = ProgrammeItemFactory(mission=world.mission, venue=past.slot.day.venue)
    hold(past, world.provider)

    body = buyer_api.get(f"{BASE}/agenda").json()

    assert body["person"]["id"] == world.buyer.pk
    meetings = [e for e in body["entries"] if e["kind"] == "meeting"]
    assert len(meetings) == 1
    entry = meetings[0]
    assert entry["start"] == "2026-01-12T09:00:00+01:00"
    assert entry["end"] == "2026-01-12T09:30:00+01:00"
    assert entry["venue"]["name"] == "Hyatt"
    assert entry["meeting"]["uuid"] == str(past.uuid)
    assert entry["meeting"]["table"] == "T3"
    assert entry["meeting"]["counterpart"]["id"] == world.provider.pk
    assert entry["meeting"]["mine"] is None
    assert entry["meeting"]["theirs"] == "held"
    assert entry["meeting"]["can_confirm"] is True
    programme = [e for e in body["entries"] if e["kind"] == "programme"]
    assert [e["item"]["id"] for e in programme] == [item.pk]


def test_agenda_of_someone_else_is_for_organizers_only(world, past, buyer_api, organizer_api):
    url = f"{BASE}/people/{world.provider.pk}/agenda"

    assert buyer_api.get(url).status_code == 404
    body = organizer_api.get(url).json()
    assert body["person"]["id"] == world.provider.pk
    assert [e["meeting"]["counterpart"]["id"] for e in body["entries"]] == [world.buyer.pk]
    # An organizer of this mission does not reach a person of another mission.
    assert organizer_api.get(f"{BASE}/people/{world.stranger.pk}/agenda").status_code == 404
    assert organizer_api.get(f"{BASE}/agenda").status_code == 404  # no agenda of their own


def test_agenda_of_another_mission_is_not_found(world, past, stranger_api):
    assert stranger_api.get(f"{BASE}/agenda").status_code == 404
    assert stranger_api.get(f"{BASE}/people/{world.buyer.pk}/agenda").status_code == 404


# --------------------------------------------------------------------------- attendance


def test_confirm_attendance_records_the_answer(world, past, buyer_api, provider_api):
    url = f"{BASE}/meetings/{past.uuid}/attendance"

    response = _json(buyer_api, "post", url, {"outcome": "no_show"})

    assert response.status_code == 200
    assert response.json() == {"mine": "no_show", "theirs": None, "can_confirm": True}
    answer = Attendance.objects.get()
    assert (answer.person, answer.outcome) == (world.buyer, "no_show")
    assert provider_api.get(url).json() == {"mine": None, "theirs": "no_show", "can_confirm": True}


def test_attendance_before_the_start_is_refused(world, future, buyer_api):
    url = f"{BASE}/meetings/{future.uuid}/attendance"

    response = _json(buyer_api, "post", url, {"outcome": "held"})

    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert buyer_api.get(url).json()["can_confirm"] is False
    assert not Attendance.objects.exists()


def test_attendance_of_other_peoples_meetings_is_not_found(world, past, stranger_api):
    colleague = participant(world.mission, Organization.Kind.BUYER)
    outsider_of_meeting = api_client(colleague.user)
    url = f"{BASE}/meetings/{past.uuid}/attendance"

    assert outsider_of_meeting.get(url).status_code == 404
    assert _json(outsider_of_meeting, "post", url, {"outcome": "held"}).status_code == 404
    assert stranger_api.get(url).status_code == 404
    other_url = f"/api/v1/missions/montreal-2027/meetings/{past.uuid}/attendance"
    assert stranger_api.get(other_url).status_code == 404
    assert not Attendance.objects.exists()


# --------------------------------------------------------------------------- feedback


def test_put_feedback_records_it_and_opens_a_lead_on_mutual_interest(
    world, past, buyer_api, provider_api
):
    hold(past)
    feedback(past, world.provider, interest=MeetingFeedback.Interest.VERY_INTERESTED)
    url = f"{BASE}/meetings/{past.uuid}/feedback"

    response = _json(
        buyer_api,
        "put",
        url,
        {"interest": 3, "next_step": "nda", "private_note": "  Good team, pricey  "},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["interest"] == 3 and body["next_step"] == "nda"
    assert body["private_note"] == "Good team, pricey"
    relationship = Relationship.objects.get()
    assert body["lead"] == relationship.pk
    assert buyer_api.get(url).json()["private_note"] == "Good team, pricey"


def test_feedback_shows_only_your_own_never_the_other_sides_private_note(
    world, past, buyer_api, provider_api
):
    hold(past)
    feedback(past, world.provider, private_note="Their secret note")
    url = f"{BASE}/meetings/{past.uuid}/feedback"

    mine = buyer_api.get(url)
    agenda = buyer_api.get(f"{BASE}/agenda")
    partnerships = buyer_api.get(f"{BASE}/partnerships")

    assert mine.status_code == 404
    for response in (mine, agenda, partnerships):
        assert "Their secret note" not in response.content.decode()
    assert provider_api.get(url).json()["private_note"] == "Their secret note"


def test_feedback_needs_a_held_meeting(world, past, buyer_api, stranger_api):
    url = f"{BASE}/meetings/{past.uuid}/feedback"
    body = {"interest": 2, "next_step": "call"}

    refused = _json(buyer_api, "put", url, body)

    assert refused.status_code == 400
    assert _json(stranger_api, "put", url, body).status_code == 404
    assert not MeetingFeedback.objects.exists()
