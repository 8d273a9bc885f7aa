"""Meeting requests written by many people at the same instant, on PostgreSQL.

Each test starts its writers together (one thread and connection each) and then counts
what the database holds: no quota may be overrun, no request accepted twice, no pair
linked by two open requests.
"""

from __future__ import annotations

import pytest

from jisr.core.models import ActivityLogEntry
from jisr.directory.models import Organization
from jisr.meetings import services
from jisr.meetings.errors import DuplicateRequest, InvalidTransition, QuotaExceeded
from jisr.meetings.models import MeetingPolicy, MeetingRequest
from tests.factories import MissionFactory
from tests.factories_meetings import participant
from tests.reliability.conftest import WORKERS, postgres_only, race, report

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]

PENDING = MeetingRequest.Status.PENDING
ACCEPTED = MeetingRequest.Status.ACCEPTED
QUOTA = 3


@pytest.fixture
def mission():
    mission = MissionFactory()
    MeetingPolicy.objects.create(mission=mission, max_accepted=QUOTA, max_open_sent=QUOTA)
    return mission


def people(mission, kind, n):
    return [participant(mission, kind, first_name=f"{kind.title()}{i}") for i in range(n)]


def pending(requester, recipient):
    return MeetingRequest.objects.create(
        mission=requester.mission,
        requester=requester,
        recipient=recipient,
        message="Shall we meet?",
        status=PENDING,
    )


def accepted_of(person):
    return (
        MeetingRequest.objects.filter(status=ACCEPTED, recipient=person).count()
        + MeetingRequest.objects.filter(status=ACCEPTED, requester=person).count()
    )


def test_concurrent_accepts_by_one_recipient_stay_within_quota(mission):
    provider = people(mission, Organization.Kind.PROVIDER, 1)[0]
    requests = [pending(b, provider) for b in people(mission, Organization.Kind.BUYER, WORKERS)]

    outcome = race(*(lambda r=r: services.accept_meeting_request(r, by=provider) for r in requests))

    overrun = max(0, accepted_of(provider) - QUOTA)
    report(
        "accepts into one agenda",
        operations=outcome.operations,
        double_bookings=overrun,
        what="quota overruns",
    )
    assert accepted_of(provider) == QUOTA
    assert len(outcome.results) == QUOTA
    assert all(isinstance(e, QuotaExceeded) for e in outcome.errors)
    assert len(outcome.errors) == WORKERS - QUOTA


def test_concurrent_accepts_of_one_requesters_requests_stay_within_quota(mission):
    buyer = people(mission, Organization.Kind.BUYER, 1)[0]
    providers = people(mission, Organization.Kind.PROVIDER, WORKERS)
    requests = [pending(buyer, p) for p in providers]

    outcome = race(
        *(
            lambda r=r, p=p: services.accept_meeting_request(r, by=p)
            for r, p in zip(requests, providers, strict=True)
        )
    )

    overrun = max(0, accepted_of(buyer) - QUOTA)
    report(
        "accepts by many of one requester",
        operations=outcome.operations,
        double_bookings=overrun,
        what="quota overruns",
    )
    assert accepted_of(buyer) == QUOTA
    assert [type(e) for e in outcome.errors] == [QuotaExceeded] * (WORKERS - QUOTA)


def test_one_request_accepted_many_times_at_once_is_accepted_once(mission):
    buyer = people(mission, Organization.Kind.BUYER, 1)[0]
    provider = people(mission, Organization.Kind.PROVIDER, 1)[0]
    request = pending(buyer, provider)

    outcome = race(
        *(lambda: services.accept_meeting_request(request, by=provider) for _ in range(WORKERS))
    )

    logged = ActivityLogEntry.objects.filter(action="meetings.request.accepted").count()
    report("accepts of one request", operations=outcome.operations, double_bookings=logged - 1)
    assert logged == 1
    assert len(outcome.results) == 1
    assert [type(e) for e in outcome.errors] == [InvalidTransition] * (WORKERS - 1)
    request.refresh_from_db()
    assert request.status == ACCEPTED


def test_concurrent_requests_by_one_person_stay_within_open_quota(mission):
    buyer = people(mission, Organization.Kind.BUYER, 1)[0]
    providers = people(mission, Organization.Kind.PROVIDER, WORKERS)

    outcome = race(
        *(
            lambda p=p: services.request_meeting(
                mission, requester=buyer, recipient=p, message="Hello"
            )
            for p in providers
        )
    )

    open_sent = MeetingRequest.objects.filter(requester=buyer, status=PENDING).count()
    report(
        "requests by one person",
        operations=outcome.operations,
        double_bookings=max(0, open_sent - QUOTA),
        what="quota overruns",
    )
    assert open_sent == QUOTA
    assert [type(e) for e in outcome.errors] == [QuotaExceeded] * (WORKERS - QUOTA)


def test_requests_both_ways_between_one_pair_at_once_leave_one_open_request(mission):
    buyer = people(mission, Organization.Kind.BUYER, 1)[0]
    provider = people(mission, Organization.Kind.PROVIDER, 1)[0]

    def ask(a, b):
        return lambda: services.request_meeting(mission, requester=a, recipient=b, message="Hi")

    outcome = race(
        *(ask(buyer, provider) if i % 2 else ask(provider, buyer) for i in range(WORKERS))
    )

    open_requests = MeetingRequest.objects.filter(mission=mission, status=PENDING).count()
    report(
        "requests within one pair", operations=outcome.operations, double_bookings=open_requests - 1
    )
    assert open_requests == 1
    assert [type(e) for e in outcome.errors] == [DuplicateRequest] * (WORKERS - 1)
