"""Between the database and the engine: build an engine instance from a mission's grid
and accepted meeting requests, and turn an engine schedule back into rows.

Engine slots are the mission's distinct time slots in order; when two venues hold
meetings at the same time, both venues' tables exist in that one engine slot, so a
person can never be in two places at once. Engine ids are ``p<person id>``,
``r<request id>``, ``t<table id>`` and ``v<venue id>``; ``mapping`` keeps the way back.

Online meetings are ``o<request id>``: they use no table. The instance gives them
tables of their own at a virtual venue ``online`` (one per online meeting, in every
slot), and ``solving`` places them after the in-person meetings, in the slots both
people still have free, so they never take a real table and nobody is double-booked.

Slots a participant marked away become the engine participant's ``unavailable``
slots; ``Meeting.priority`` weighs must-meet marks, mutual interest and the
organizers' own priorities (``PRIORITY_WEIGHTS``).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from jisr.core.errors import DomainError
from jisr.engine.scheduling.instance import (
    Instance,
    Meeting,
    Participant,
    Schedule,
    Slot,
    Table,
    TravelBuffer,
)
from jisr.meetings.models import MeetingRequest
from jisr.meetings.queries import unavailable_by_person
from jisr.missions.models import Mission
from jisr.missions.models import Slot as GridSlot
from jisr.missions.models import Table as GridTable
from jisr.schedules.solving import ONLINE_PREFIX, ONLINE_VENUE

# A buffer this long makes two venues unreachable on the same day.
UNREACHABLE = 10_000
# What each reason adds to a meeting's weight (base 1) when not every meeting fits:
# the organizers' own priority outweighs a must-meet mark, which outweighs interest
# that is merely mutual.
PRIORITY_WEIGHTS = {"organizer": 8, "must_meet": 4, "mutual": 2}
PRIORITY_REASONS = tuple(PRIORITY_WEIGHTS)


def priority_of(reasons: set[str] | frozenset[str]) -> int:
    return 1 + sum(PRIORITY_WEIGHTS[reason] for reason in reasons if reason in PRIORITY_WEIGHTS)


@dataclass(frozen=True)
class Built:
    """An engine instance and the JSON-able way back to rows."""

    instance: Instance
    mapping: dict[str, Any]


def accepted_requests(mission: Mission) -> list[MeetingRequest]:
    return list(
        MeetingRequest.objects.for_mission(mission)
        .filter(status=MeetingRequest.Status.ACCEPTED)
        .order_by("pk")
    )


def build_instance(
    mission: Mission,
    *,
    travel_slots: int = 1,
    fixed: dict[int, int] | None = None,
    name: str | None = None,
    priorities: dict[int, set[str]] | None = None,
) -> Built:
    """The engine instance for ``mission``: its grid and its accepted requests.

    ``fixed`` maps request id -> grid slot id for locked meetings; ``priorities`` maps
    request id -> reasons ("must_meet", "mutual") found by matchmaking, to which the
    organizers' own priority is added here. Raises ``DomainError`` when the grid
    cannot be scheduled (no slots, no tables, misaligned venues).
    """
    fixed = fixed or {}
    priorities = priorities or {}
    grid_slots = list(
        GridSlot.objects.for_mission(mission).select_related("day__venue").order_by("start", "pk")
    )
    if not grid_slots:
        raise DomainError(_("Define meeting days and slots before running the scheduler."))
    tables = list(GridTable.objects.for_mission(mission).order_by("venue_id", "label", "pk"))
    if not tables:
        raise DomainError(_("Add tables to the venues before running the scheduler."))

    times: list[tuple[Any, Any]] = []
    by_time: dict[tuple[Any, Any], dict[int, GridSlot]] = defaultdict(dict)
    for slot in grid_slots:
        key = (slot.start, slot.end)
        if key not in by_time:
            times.append(key)
        by_time[key][slot.day.venue_id] = slot
    for (_start, end), (next_start, _next_end) in itertools.pairwise(times):
        if next_start < end:
            zone = ZoneInfo(mission.timezone)
            raise DomainError(
                _(
                    "Two venues have slots that overlap without matching, at %(time)s on "
                    "%(date)s. Give every venue the same slot times, or separate days."
                )
                % {
                    "time": next_start.astimezone(zone).strftime("%H:%M"),
                    "date": next_start.astimezone(zone).date().isoformat(),
                }
            )

    zone = ZoneInfo(mission.timezone)
    engine_slots: list[Slot] = []
    day_numbers: dict[Any, int] = {}
    block = -1
    previous: tuple[Any, Any, str] | None = None
    for start, end in times:
        sample = next(iter(by_time[(start, end)].values()))
        local_day = start.astimezone(zone).date()
        day = day_numbers.setdefault(local_day, len(day_numbers))
        # A new block at a new day, after a pause, or when the session changes.
        if previous is None or previous != (local_day, start, sample.block):
            block += 1
        previous = (local_day, end, sample.block)
        engine_slots.append(
            Slot(
                day=day,
                block=block,
                session="afternoon" if sample.block == GridSlot.Block.AFTERNOON else "morning",
                label=start.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            )
        )

    venue_slots: dict[int, set[int]] = defaultdict(set)
    slot_index: dict[int, int] = {}
    for index, key in enumerate(times):
        for venue_id, slot in by_time[key].items():
            venue_slots[venue_id].add(index)
            slot_index[slot.pk] = index
    engine_tables = [
        Table(id=f"t{t.pk}", venue=f"v{t.venue_id}", slots=frozenset(venue_slots[t.venue_id]))
        for t in tables
    ]

    requests = accepted_requests(mission)
    person_ids = sorted({r.requester_id for r in requests} | {r.recipient_id for r in requests})
    position = {pid: i for i, pid in enumerate(person_ids)}
    reasons = {
        r.pk: sorted(set(priorities.get(r.pk, ())) | ({"organizer"} if r.prioritized else set()))
        for r in requests
    }
    meetings = [
        Meeting(
            id=f"{ONLINE_PREFIX if r.online else 'r'}{r.pk}",
            first=position[r.requester_id],
            second=position[r.recipient_id],
            fixed_slot=slot_index.get(fixed[r.pk]) if r.pk in fixed else None,
            priority=priority_of(set(reasons[r.pk])),
        )
        for r in requests
    ]
    away = unavailable_by_person(mission)
    participants = tuple(
        Participant(
            id=f"p{pid}",
            unavailable=frozenset(
                slot_index[slot_id] for slot_id in away.get(pid, ()) if slot_id in slot_index
            ),
        )
        for pid in person_ids
    )
    online = [r.pk for r in requests if r.online]
    virtual = [
        Table(id=f"online-{n + 1}", venue=ONLINE_VENUE, slots=None) for n in range(len(online))
    ]
    instance = Instance(
        name=name or mission.slug,
        participants=participants,
        slots=tuple(engine_slots),
        tables=tuple(engine_tables + virtual),
        meetings=tuple(meetings),
        travel_buffers=tuple(_travel_buffers(grid_slots, travel_slots)),
        require_all=False,
    )
    mapping = {
        "slots": [
            {str(venue_id): slot.pk for venue_id, slot in by_time[key].items()} for key in times
        ],
        "tables": [t.pk for t in tables] + [None for _table in virtual],
        "table_venues": [t.venue_id for t in tables] + [ONLINE_VENUE for _table in virtual],
        "meetings": [r.pk for r in requests],
        "participants": person_ids,
        "online": online,
        "priorities": {str(pk): found for pk, found in reasons.items() if found},
    }
    return Built(instance=instance, mapping=mapping)


def _travel_buffers(grid_slots: list[GridSlot], travel_slots: int) -> list[TravelBuffer]:
    """Between two venues used on the same date: ``travel_slots`` free slots within a
    city, and no same-day switch between cities."""
    venues_by_date: dict[Any, dict[int, str]] = defaultdict(dict)
    for slot in grid_slots:
        venues_by_date[slot.day.date][slot.day.venue_id] = slot.day.venue.city
    pairs: dict[tuple[int, int], int] = {}
    for venues in venues_by_date.values():
        for a, city_a in venues.items():
            for b, city_b in venues.items():
                if a != b:
                    gap = travel_slots if city_a.casefold() == city_b.casefold() else UNREACHABLE
                    pairs[(a, b)] = max(pairs.get((a, b), 0), gap)
    return [
        TravelBuffer(from_venue=f"v{a}", to_venue=f"v{b}", slots=gap)
        for (a, b), gap in sorted(pairs.items())
        if gap > 0
    ]


@dataclass(frozen=True)
class Placement:
    request_id: int
    slot_id: int
    table_id: int | None


def placements(
    mapping: dict[str, Any], schedule: Schedule, request_ids: list[int] | None = None
) -> list[Placement]:
    """Rows for every placed meeting of an engine ``schedule``; ``request_ids`` gives the
    request of each meeting when the engine reordered them (default: the mapping's).

    The grid slot is the one of the table's venue at that time.
    """
    requests = request_ids if request_ids is not None else mapping["meetings"]
    found: list[Placement] = []
    for m, slot in enumerate(schedule.slots):
        if slot is None:
            continue
        table = schedule.tables[m] if schedule.tables is not None else None
        at_time: dict[str, int] = mapping["slots"][slot]
        if table is not None and mapping["tables"][table] is None:
            # An online meeting: held at that time, at no table.
            slot_id = next(iter(at_time.values()))
            table_id = None
        elif table is not None:
            venue = str(mapping["table_venues"][table])
            slot_id = at_time[venue]
            table_id: int | None = mapping["tables"][table]
        else:
            slot_id = next(iter(at_time.values()))
            table_id = None
        found.append(Placement(requests[m], slot_id, table_id))
    return found


def engine_schedule(mapping: dict[str, Any], rows: list[tuple[int, int, int | None]]) -> Schedule:
    """The engine schedule of existing rows (request id, grid slot id, table id);
    requests the mapping does not know are ignored, unknown slots leave a meeting out."""
    meeting_index = {rid: i for i, rid in enumerate(mapping["meetings"])}
    slot_of = {
        slot_id: index for index, at in enumerate(mapping["slots"]) for slot_id in at.values()
    }
    table_of = {
        table_id: index for index, table_id in enumerate(mapping["tables"]) if table_id is not None
    }
    # Online meetings sit at the virtual tables, one each in its slot.
    online = set(mapping.get("online", []))
    virtual = [i for i, table_id in enumerate(mapping["tables"]) if table_id is None]
    used: dict[int, int] = defaultdict(int)
    slots: list[int | None] = [None] * len(mapping["meetings"])
    tables: list[int | None] = [None] * len(mapping["meetings"])
    for request_id, slot_id, table_id in rows:
        m = meeting_index.get(request_id)
        if m is None or slot_id not in slot_of:
            continue
        slots[m] = slot_of[slot_id]
        if request_id in online and used[slots[m]] < len(virtual):
            tables[m] = virtual[used[slots[m]]]
            used[slots[m]] += 1
        else:
            tables[m] = table_of.get(table_id) if table_id is not None else None
    return Schedule(slots=tuple(slots), tables=tuple(tables))
