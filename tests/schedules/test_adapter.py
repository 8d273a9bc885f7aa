"""DB grid and requests -> engine instance, and engine schedule -> rows."""

import datetime as dt

import pytest

from jisr.core.errors import DomainError
from jisr.engine.scheduling.formats.instance_json import instance_from_json, instance_to_json
from jisr.engine.scheduling.instance import Schedule
from jisr.engine.scheduling.validate import evaluate
from jisr.meetings.models import MeetingRequest
from jisr.schedules.adapter import build_instance, engine_schedule, placements
from tests.factories import VenueFactory
from tests.factories_schedules import (
    MeetingDayFactory,
    TableFactory,
    accept,
    add_slots,
    small_mission,
)

pytestmark = pytest.mark.django_db


def test_build_instance_small_mission_round_trips_and_validates():
    world = small_mission(n_slots=4, n_tables=2)
    accept(world.buyers[0], world.providers[0])
    accept(world.buyers[0], world.providers[1])
    accept(world.buyers[1], world.providers[0])

    built = build_instance(world.mission)

    instance = instance_from_json(instance_to_json(built.instance))
    assert instance == built.instance
    assert len(instance.slots) == 4
    assert [s.label for s in instance.slots] == [
        "2027-04-12 09:00",
        "2027-04-12 09:30",
        "2027-04-12 10:00",
        "2027-04-12 10:30",
    ]
    assert all(instance.adjacent(s) for s in range(3))
    assert len(instance.tables) == 2
    assert len(instance.participants) == 4
    schedule = Schedule(slots=(0, 1, 1), tables=(0, 0, 1))
    assert evaluate(instance, schedule, fairness=None).ok


def test_build_instance_ignores_requests_that_are_not_accepted():
    world = small_mission()
    accept(world.buyers[0], world.providers[0])
    pending = accept(world.buyers[1], world.providers[1])
    MeetingRequest.objects.filter(pk=pending.pk).update(status=MeetingRequest.Status.PENDING)

    built = build_instance(world.mission)

    assert [m.id for m in built.instance.meetings] == [
        f"r{world.mission.meeting_requests.get(status='accepted').pk}"
    ]


def test_build_instance_morning_and_afternoon_are_separate_blocks():
    world = small_mission(n_slots=2)
    add_slots(world.day, ["14:00", "14:30"], block="afternoon")

    instance = build_instance(world.mission).instance

    assert [(s.day, s.block, s.session) for s in instance.slots] == [
        (0, 0, "morning"),
        (0, 0, "morning"),
        (0, 1, "afternoon"),
        (0, 1, "afternoon"),
    ]


def test_build_instance_gap_inside_a_session_starts_a_new_block():
    world = small_mission(n_slots=1)
    add_slots(world.day, ["10:00"])  # 09:30-10:00 is a pause

    instance = build_instance(world.mission).instance

    assert not instance.adjacent(0)


def test_build_instance_two_venues_same_time_share_engine_slots():
    world = small_mission(n_slots=2, n_tables=1)
    other = VenueFactory(mission=world.mission, name="Second hall", city="Casablanca")
    add_slots(MeetingDayFactory(mission=world.mission, venue=other), ["09:00", "09:30"])
    TableFactory(mission=world.mission, venue=other, label="B1")

    built = build_instance(world.mission, travel_slots=1)

    assert len(built.instance.slots) == 2
    assert {t.venue for t in built.instance.tables} == {f"v{world.venue.pk}", f"v{other.pk}"}
    assert {(b.from_venue, b.to_venue, b.slots) for b in built.instance.travel_buffers} == {
        (f"v{world.venue.pk}", f"v{other.pk}", 1),
        (f"v{other.pk}", f"v{world.venue.pk}", 1),
    }


def test_build_instance_venues_in_different_cities_are_unreachable_the_same_day():
    world = small_mission(n_slots=2, n_tables=1)
    rabat = VenueFactory(mission=world.mission, name="Technopolis", city="Rabat")
    add_slots(MeetingDayFactory(mission=world.mission, venue=rabat), ["11:00"])
    TableFactory(mission=world.mission, venue=rabat, label="R1")

    buffers = build_instance(world.mission).instance.travel_buffers

    assert {b.slots for b in buffers} == {10_000}


def test_build_instance_locked_meeting_becomes_fixed():
    world = small_mission()
    request = accept(world.buyers[0], world.providers[0])

    built = build_instance(world.mission, fixed={request.pk: world.slots[2].pk})

    assert built.instance.meetings[0].fixed_slot == 2


def test_build_instance_without_slots_explains_what_to_do():
    world = small_mission(n_slots=0)

    with pytest.raises(DomainError, match="Define meeting days and slots"):
        build_instance(world.mission)


def test_build_instance_without_tables_explains_what_to_do():
    world = small_mission(n_tables=0)

    with pytest.raises(DomainError, match="Add tables"):
        build_instance(world.mission)


def test_build_instance_misaligned_venues_is_refused():
    world = small_mission(n_slots=2)
    other = VenueFactory(mission=world.mission, name="Annex")
    add_slots(MeetingDayFactory(mission=world.mission, venue=other), ["09:15"])
    TableFactory(mission=world.mission, venue=other)

    with pytest.raises(DomainError, match="overlap without matching"):
        build_instance(world.mission)


def test_placements_map_engine_schedule_back_to_rows():
    world = small_mission()
    first = accept(world.buyers[0], world.providers[0])
    second = accept(world.buyers[1], world.providers[1])
    built = build_instance(world.mission)

    rows = placements(built.mapping, Schedule(slots=(3, None), tables=(1, None)))

    assert [(p.request_id, p.slot_id, p.table_id) for p in rows] == [
        (first.pk, world.slots[3].pk, world.tables[1].pk)
    ]
    assert second.pk not in {p.request_id for p in rows}


def test_engine_schedule_reads_rows_back():
    world = small_mission()
    request = accept(world.buyers[0], world.providers[0])
    built = build_instance(world.mission)

    schedule = engine_schedule(built.mapping, [(request.pk, world.slots[1].pk, world.tables[0].pk)])

    assert schedule == Schedule(slots=(1,), tables=(0,))


def test_slot_times_are_stored_in_venue_time_zone():
    world = small_mission(n_slots=1)

    slot = world.slots[0]

    assert slot.start == dt.datetime(2027, 4, 12, 8, 0, tzinfo=dt.UTC)  # 09:00 at UTC+1
