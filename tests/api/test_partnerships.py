import datetime as dt

import pytest

from jisr.directory.models import Organization
from jisr.outcomes.models import Relationship, StageChange
from jisr.schedules.models import ScheduledMeeting
from tests.api.conftest import api_client
from tests.factories import VenueFactory
from tests.factories_meetings import participant
from tests.factories_outcomes import lead_after_meeting
from tests.factories_schedules import MeetingDayFactory, accept, add_slots, scheduled

pytestmark = pytest.mark.django_db

BASE = "/api/v1/missions/casa-2027/partnerships"


def _lead(buyer, provider, date=dt.date(2026, 1, 12)) -> Relationship:
    venue = VenueFactory(mission=buyer.mission)
    day = MeetingDayFactory(mission=buyer.mission, venue=venue, date=date)
    slot = add_slots(day, ["09:00"])[0]
    meeting = scheduled(accept(buyer, provider), slot, None, state=ScheduledMeeting.State.PUBLISHED)
    return lead_after_meeting(meeting)


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_partnerships_list_the_organizations_own_with_history(world, buyer_api):
    lead = _lead(world.buyer, world.provider)
    other_buyer = participant(world.mission, Organization.Kind.BUYER)
    _lead(other_buyer, participant(world.mission, Organization.Kind.PROVIDER))

    body = buyer_api.get(BASE).json()

    assert body["count"] == 1
    item = body["results"][0]
    assert item["id"] == lead.pk
    assert item["buyer"]["id"] == world.buyer.organization_id
    assert item["provider"]["id"] == world.provider.organization_id
    assert item["stage"] == "lead" and item["origin"] == lead.origin
    assert item["pending"] is None
    assert [change["stage"] for change in item["history"]] == ["lead"]
    assert item["history"][0]["status"] == "confirmed"


def test_organizers_see_every_partnership_paginated(world, organizer_api):
    _lead(world.buyer, world.provider)
    _lead(
        participant(world.mission, Organization.Kind.BUYER),
        participant(world.mission, Organization.Kind.PROVIDER),
    )

    first = organizer_api.get(BASE, {"page_size": 1}).json()

    assert first["count"] == 2 and len(first["results"]) == 1
    assert "page=2" in first["next"]


def test_propose_then_answer_a_stage(world, buyer_api, provider_api):
    lead = _lead(world.buyer, world.provider)

    proposed = _post(buyer_api, f"{BASE}/{lead.pk}/stage", {"stage": "nda", "note": "Sent"})

    assert proposed.status_code == 200
    pending = proposed.json()["pending"]
    assert pending["stage"] == "nda" and pending["note"] == "Sent"
    assert pending["proposed_by_organization"] == world.buyer.organization_id
    assert proposed.json()["stage"] == "lead"
    # The proposer cannot confirm their own proposal.
    own = _post(buyer_api, f"{BASE}/{lead.pk}/stage/{pending['id']}/answer", {"accept": True})
    assert own.status_code == 403

    answered = _post(
        provider_api, f"{BASE}/{lead.pk}/stage/{pending['id']}/answer", {"accept": True}
    )

    assert answered.status_code == 200
    assert answered.json()["stage"] == "nda" and answered.json()["pending"] is None
    lead.refresh_from_db()
    assert lead.stage == "nda"
    assert StageChange.objects.get(pk=pending["id"]).status == "confirmed"


def test_partnerships_of_others_are_not_found(world, buyer_api, stranger_api, organizer_api):
    theirs = _lead(
        participant(world.mission, Organization.Kind.BUYER),
        participant(world.mission, Organization.Kind.PROVIDER),
    )
    elsewhere = _lead(world.stranger, participant(world.other_mission, Organization.Kind.PROVIDER))
    colleague_of_none = api_client(participant(world.mission, Organization.Kind.PARTNER).user)

    assert _post(buyer_api, f"{BASE}/{theirs.pk}/stage", {"stage": "nda"}).status_code == 404
    assert _post(buyer_api, f"{BASE}/{elsewhere.pk}/stage", {"stage": "nda"}).status_code == 404
    assert stranger_api.get(BASE).status_code == 404
    assert colleague_of_none.get(BASE).json()["count"] == 0
    # Organizers read every partnership but do not move any.
    assert _post(organizer_api, f"{BASE}/{theirs.pk}/stage", {"stage": "nda"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.stage == "lead"
    assert not StageChange.objects.filter(status="pending").exists()
