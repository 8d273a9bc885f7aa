"""Schemathesis against the live schema, in-process through Django's WSGI app.

Every operation gets a bounded number of generated requests (valid, then invalid data)
over a small mission, sent with a participant's token. Each answer must be a non-5xx,
documented status, with a body that matches the documented schema. Hypothesis is
derandomized, so a run is reproducible and a failure is not a flake.
"""

import datetime as dt
import os
import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode, checks

from jisr.directory.models import Organization
from jisr.marketplace.models import Listing
from jisr.meetings.models import MeetingRequest
from jisr.messaging.models import Message
from jisr.messaging.services import send_message
from jisr.outcomes.models import CheckIn, StageChange
from jisr.outcomes.services import issue_badge
from jisr.wsgi import application
from tests.api.conftest import api_client
from tests.factories import ProgrammeItemFactory, VenueFactory
from tests.factories_meetings import ListingFactory, MeetingRequestFactory, participant
from tests.factories_outcomes import lead_after_meeting
from tests.factories_schedules import MeetingDayFactory, accept, add_slots, scheduled

pytestmark = pytest.mark.django_db

EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 10}
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def wsgi_in_test_transaction():
    """Requests made through the raw WSGI app would close the test's connection at the
    end of each request (Django's test client avoids this the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_answers_generated_requests_within_its_schema(world, wsgi_in_test_transaction):
    mission = world.mission
    for n in range(3):
        participant(mission, Organization.Kind.PROVIDER, first_name=f"P{n}")
    thread = MeetingRequestFactory(requester=world.buyer, recipient=world.provider)
    send_message(thread, by=world.provider, body="A message to read, report and answer.")
    issue_badge(world.provider)
    venue = VenueFactory(mission=mission)
    ListingFactory(author=world.buyer)
    ListingFactory(author=world.provider)
    day = MeetingDayFactory(mission=mission, venue=venue)
    meeting = accept(world.buyer, participant(mission, Organization.Kind.PROVIDER))
    scheduled(meeting, add_slots(day, ["09:00"])[0], None, state="published")
    past = MeetingDayFactory(mission=mission, venue=venue, date=dt.date(2026, 1, 12))
    held = accept(world.buyer, participant(mission, Organization.Kind.PROVIDER))
    lead_after_meeting(scheduled(held, add_slots(past, ["09:00"])[0], None, state="published"))
    ProgrammeItemFactory(mission=mission, venue=venue)
    token = api_client(world.buyer.user).defaults["HTTP_AUTHORIZATION"]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_in_test_transaction)

    calls: dict[str, int] = {}
    # CPU time: the machine running the suite may be shared, wall time says little.
    started, cpu_started = time.monotonic(), time.process_time()
    for result in schema.get_all_operations():
        operation = result.ok()
        pinned = {"slug": mission.slug} if "{slug}" in operation.path else None
        for mode, examples in EXAMPLES.items():
            if mode == GenerationMode.NEGATIVE and not _has_inputs(operation):
                continue  # e.g. the health probe: nothing to make invalid

            @given(case=operation.as_strategy(generation_mode=mode, path_parameters=pinned))
            @settings(
                max_examples=examples,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            )
            def call(case):
                case.call_and_validate(headers={"Authorization": token}, checks=CHECKS)
                calls[case.operation.label] = calls.get(case.operation.label, 0) + 1

            call()
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu_started

    print(
        f"schemathesis: {sum(calls.values())} calls over {len(calls)} operations in "
        f"{elapsed:.1f}s ({cpu:.1f}s CPU, load {os.getloadavg()[0]:.1f})"
    )
    assert len(calls) == 45
    # The fuzzer wrote through the services only: no request reached another mission.
    assert not MeetingRequest.objects.exclude(mission=mission).exists()
    assert not Listing.objects.exclude(mission=mission).exists()
    assert not StageChange.objects.exclude(mission=mission).exists()
    assert not Message.objects.exclude(mission=mission).exists()
    assert not CheckIn.objects.exclude(mission=mission).exists()


def _has_inputs(operation) -> bool:
    return bool(
        len(operation.query)
        or len(operation.headers)
        or len(operation.body)
        or len(operation.path_parameters)
    )
