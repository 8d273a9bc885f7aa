"""Writers of one mission's draft and published schedule racing each other.

A meeting is double-booked when two meetings of one version share a table in a slot,
when one request is placed twice in a version, or when one person has two meetings in
a slot. Every test counts all three after the race.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from jisr.core.errors import DomainError
from jisr.schedules import services
from jisr.schedules.adapter import Placement
from jisr.schedules.models import Publication, ScheduledMeeting, ScheduleRun
from tests.factories_schedules import accept, scheduled, small_mission
from tests.reliability.conftest import WORKERS, postgres_only, race, report

pytestmark = pytest.mark.django_db(transaction=True)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
State = ScheduledMeeting.State


@pytest.fixture
def world():
    world = small_mission(n_slots=4, n_tables=2, n_buyers=2, n_providers=3)
    world.requests = [accept(b, p) for b in world.buyers for p in world.providers]
    return world


def double_bookings(mission) -> int:
    """Meetings beyond the first at a table and slot, per request, and per person and
    slot, in the draft and in the published schedule."""
    found = 0
    for state in (State.DRAFT, State.PUBLISHED):
        rows = list(
            ScheduledMeeting.objects.filter(mission=mission, state=state).values_list(
                "slot_id",
                "table_id",
                "request_id",
                "request__requester_id",
                "request__recipient_id",
            )
        )
        tables = Counter((slot, table) for slot, table, *_ in rows if table is not None)
        requests = Counter(request for _s, _t, request, _a, _b in rows)
        persons = Counter((slot, p) for slot, _t, _r, a, b in rows for p in (a, b))
        for counts in (tables, requests, persons):
            found += sum(n - 1 for n in counts.values() if n > 1)
    return found


def placements_for(world, shift: int) -> list[Placement]:
    """A valid schedule: buyer i meets provider j in slot (i + j + shift) mod 4 at table i."""
    slots, tables = world.slots, world.tables
    return [
        Placement(request_id=r.pk, slot_id=slots[(i + j + shift) % 4].pk, table_id=tables[i].pk)
        for i, b in enumerate(world.buyers)
        for j, p in enumerate(world.providers)
        for r in world.requests
        if r.requester_id == b.pk and r.recipient_id == p.pk
    ]


def running_run(world) -> ScheduleRun:
    return ScheduleRun.objects.create(
        mission=world.mission, status=ScheduleRun.Status.RUNNING, mapping={"current": []}
    )


def test_two_draft_meetings_cannot_share_a_table_in_a_slot(world):
    """Holds on SQLite too: the constraint, not the services, has the last word."""
    scheduled(world.requests[0], world.slots[0], world.tables[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        scheduled(world.requests[1], world.slots[0], world.tables[0])
    scheduled(world.requests[1], world.slots[0], world.tables[0], state=State.PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        scheduled(world.requests[2], world.slots[0], world.tables[0], state=State.PUBLISHED)
    # a cancelled meeting frees its table
    scheduled(world.requests[2], world.slots[0], world.tables[0], state=State.CANCELLED)


def test_publishing_meetings_that_swap_tables_succeeds(world, organizer):
    first, second = world.requests[0], world.requests[3]  # buyer 0 and buyer 1, provider 0
    scheduled(first, world.slots[0], world.tables[0])
    scheduled(second, world.slots[1], world.tables[1])
    services.publish_schedule(world.mission, by=organizer)
    drafts = ScheduledMeeting.objects.filter(mission=world.mission, state=State.DRAFT)
    drafts.filter(request=first).update(table=None)
    drafts.filter(request=second).update(table=world.tables[0])
    drafts.filter(request=first).update(table=world.tables[1])

    publication = services.publish_schedule(world.mission, by=organizer)

    published = dict(
        ScheduledMeeting.objects.filter(state=State.PUBLISHED).values_list("request_id", "table_id")
    )
    assert published == {first.pk: world.tables[1].pk, second.pk: world.tables[0].pk}
    assert publication.changes["moved"] == 2


@postgres_only
def test_concurrent_run_starts_queue_one_run(world, organizer):
    with override_settings(TASKS=DATABASE_TASKS):
        outcome = race(
            *(
                lambda: services.start_schedule_run(world.mission, by=organizer)
                for _ in range(WORKERS)
            )
        )

    runs = ScheduleRun.objects.filter(mission=world.mission).count()
    report("schedule run starts", operations=outcome.operations, double_bookings=runs - 1)
    assert runs == 1
    assert [type(e) for e in outcome.errors] == [DomainError] * (WORKERS - 1)


@postgres_only
def test_concurrent_results_replace_the_draft_whole(world):
    runs = [running_run(world) for _ in range(WORKERS)]

    outcome = race(
        *(
            lambda run=run, shift=shift: services.store_run_result(
                run.pk, placements=placements_for(world, shift), solution={}, summary={}
            )
            for shift, run in enumerate(runs)
        )
    )

    found = double_bookings(world.mission)
    report("draft replacements", operations=outcome.operations, double_bookings=found)
    assert outcome.errors == []
    assert found == 0
    drafts = ScheduledMeeting.objects.filter(mission=world.mission, state=State.DRAFT)
    assert drafts.count() == len(world.requests)
    assert len(set(drafts.values_list("run_id", flat=True))) == 1  # one run's schedule, whole


@postgres_only
def test_concurrent_publications_publish_once(world, organizer):
    run = running_run(world)
    services.store_run_result(run.pk, placements=placements_for(world, 0), solution={}, summary={})

    outcome = race(
        *(lambda: services.publish_schedule(world.mission, by=organizer) for _ in range(WORKERS))
    )

    found = double_bookings(world.mission)
    report("publications", operations=outcome.operations, double_bookings=found)
    assert found == 0
    assert list(
        Publication.objects.filter(mission=world.mission).values_list("version", flat=True)
    ) == [1]
    assert [type(e) for e in outcome.errors] == [DomainError] * (WORKERS - 1)
    assert ScheduledMeeting.objects.filter(state=State.PUBLISHED).count() == len(world.requests)


@postgres_only
def test_publish_racing_a_new_draft_and_a_reset_never_double_books(world, organizer):
    first = running_run(world)
    services.store_run_result(
        first.pk, placements=placements_for(world, 0), solution={}, summary={}
    )
    services.publish_schedule(world.mission, by=organizer)
    runs = [running_run(world) for _ in range(WORKERS // 2)]
    calls = [
        lambda run=run, shift=shift: services.store_run_result(
            run.pk, placements=placements_for(world, shift + 1), solution={}, summary={}
        )
        for shift, run in enumerate(runs)
    ]
    calls += [lambda: services.discard_draft_changes(world.mission, by=organizer)] * (WORKERS // 4)
    calls += [lambda: services.publish_schedule(world.mission, by=organizer)] * (WORKERS // 4)

    outcome = race(*calls)

    found = double_bookings(world.mission)
    report(
        "runs, resets and publications mixed", operations=outcome.operations, double_bookings=found
    )
    assert found == 0
    # the only refusals are the explained ones ("nothing changed", "a run is active")
    assert all(isinstance(e, DomainError) for e in outcome.errors), outcome.errors
    for state in (State.DRAFT, State.PUBLISHED):
        assert ScheduledMeeting.objects.filter(state=state).count() == len(world.requests)


@postgres_only
def test_locking_meetings_while_the_draft_is_replaced_keeps_it_whole(world, organizer):
    run = running_run(world)
    services.store_run_result(run.pk, placements=placements_for(world, 0), solution={}, summary={})
    drafts = list(ScheduledMeeting.objects.filter(state=State.DRAFT))
    calls = [
        lambda m=m: services.set_meeting_lock(m, locked=True, by=organizer)
        for m in drafts[: WORKERS - 2]
    ]
    replacements = [running_run(world) for _ in range(2)]
    calls += [
        lambda r=r: services.store_run_result(
            r.pk, placements=placements_for(world, 2), solution={}, summary={}
        )
        for r in replacements
    ]

    outcome = race(*calls)

    found = double_bookings(world.mission)
    report(
        "locks while the draft is replaced", operations=outcome.operations, double_bookings=found
    )
    assert found == 0
    assert all(isinstance(e, DomainError) for e in outcome.errors), outcome.errors
    assert ScheduledMeeting.objects.filter(state=State.DRAFT).count() == len(world.requests)
    # a lock that went through before the replacement survives it
    assert ScheduledMeeting.objects.filter(state=State.DRAFT, locked=True).count() == len(
        outcome.results
    ) - len(replacements)
