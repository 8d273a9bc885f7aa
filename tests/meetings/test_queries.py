import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jisr.core.errors import NotFound
from jisr.directory.models import Organization
from jisr.meetings.models import MeetingPolicy, QuotaOverride
from jisr.meetings.queries import (
    access_meeting_request,
    limits_for,
    meetings_of,
    policy_for,
    request_options,
    status_counts,
    tab_counts,
)
from jisr.missions.models import Mission
from tests.factories import MissionFactory, PersonFactory
from tests.factories_meetings import MeetingRequestFactory, participant

pytestmark = pytest.mark.django_db


def test_meetings_of_splits_tabs_by_direction_and_status(mission, buyer, provider):
    other = participant(mission, Organization.Kind.PROVIDER)
    third = participant(mission, Organization.Kind.PROVIDER)
    fourth = participant(mission, Organization.Kind.PROVIDER)
    sent = MeetingRequestFactory(mission=mission, requester=buyer, recipient=provider)
    received = MeetingRequestFactory(mission=mission, requester=other, recipient=buyer)
    accepted = MeetingRequestFactory(
        mission=mission, requester=third, recipient=buyer, status="accepted"
    )
    declined = MeetingRequestFactory(
        mission=mission, requester=buyer, recipient=fourth, status="declined"
    )

    tabs = {
        tab: list(meetings_of(buyer, tab)) for tab in ("incoming", "outgoing", "accepted", "closed")
    }

    assert tabs == {
        "incoming": [received],
        "outgoing": [sent],
        "accepted": [accepted],
        "closed": [declined],
    }
    assert tab_counts(buyer) == {"incoming": 1, "outgoing": 1, "accepted": 1, "closed": 1}


def test_status_counts_ignore_other_missions(mission, buyer, provider):
    MeetingRequestFactory(mission=mission, requester=buyer, recipient=provider)
    other = MissionFactory()
    MeetingRequestFactory(
        mission=other, requester=participant(other, "buyer"), recipient=participant(other)
    )

    assert status_counts(mission) == {"pending": 1, "accepted": 0, "declined": 0, "cancelled": 0}


def test_access_meeting_request_of_another_mission_is_not_found(mission, buyer):
    other = MissionFactory()
    mine_elsewhere = participant(other, "buyer", user=buyer.user)
    request = MeetingRequestFactory(
        mission=other, requester=mine_elsewhere, recipient=participant(other)
    )

    with pytest.raises(NotFound):
        access_meeting_request(buyer.user, mission, request.pk)


def test_access_meeting_request_for_party_returns_request_and_person(mission, buyer, provider):
    request = MeetingRequestFactory(mission=mission, requester=buyer, recipient=provider)

    found, person = access_meeting_request(provider.user, mission, request.pk)

    assert (found, person) == (request, provider)


def test_policy_for_without_saved_policy_gives_unsaved_defaults(mission):
    policy = policy_for(mission)

    assert policy.pk is None
    assert policy.allows("provider", "buyer")
    assert not policy.allows("provider", "provider")
    assert MeetingPolicy.objects.count() == 0


def test_limits_for_prefers_person_override_and_falls_back_per_field(mission, buyer):
    policy = MeetingPolicy.objects.create(mission=mission, max_open_sent=5, max_accepted=8)
    QuotaOverride.objects.create(mission=mission, person=buyer, max_open_sent=20)

    limits = limits_for(policy, buyer)

    assert (limits.max_open_sent, limits.max_accepted) == (20, 8)


def test_request_options_empty_when_mission_not_open(mission, buyer, provider):
    mission.status = Mission.Status.CLOSED
    mission.save()

    assert request_options(buyer, mission, [provider]) == []


def test_request_options_skips_people_without_participation(mission, buyer, provider):
    absent = PersonFactory(mission=mission, organization=provider.organization)

    options = request_options(buyer, mission, [provider, absent])

    assert [o.person for o in options] == [provider]
    assert options[0].can_request


def test_request_options_query_count_does_not_grow_with_people(mission, buyer, provider):
    def count(people):
        with CaptureQueriesContext(connection) as queries:
            request_options(buyer, mission, people)
        return len(queries)

    few = count([provider])
    colleagues = [participant(mission, organization=provider.organization) for _ in range(5)]
    many = count([provider, *colleagues])

    assert many == few
