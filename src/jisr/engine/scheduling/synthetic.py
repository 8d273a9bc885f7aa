"""Generated events for scale benchmarks and tests (seeded, reproducible)."""

from __future__ import annotations

import random

from jisr.engine.scheduling.instance import (
    Instance,
    Meeting,
    Participant,
    SessionRule,
    Slot,
    Table,
    TravelBuffer,
)


def generated_event(
    *,
    participants: int = 2000,
    meetings: int = 12000,
    days: int = 2,
    slots_per_day: int = 16,
    tables: int = 300,
    max_per_participant: int = 20,
    seed: int = 0,
) -> Instance:
    """A brokerage event: each day is one city (its own venue), split into a morning
    and an afternoon block; random 1:1 requests with session wishes, some
    unavailability and a few high-priority meetings. Meetings are optional."""
    rng = random.Random(seed)
    half = slots_per_day // 2
    slot_list = tuple(
        Slot(
            day=d,
            block=0 if s < half else 1,
            session="morning" if s < half else "afternoon",
            label=f"day {d + 1} slot {s + 1}",
        )
        for d in range(days)
        for s in range(slots_per_day)
    )
    day_slots = [frozenset(range(d * slots_per_day, (d + 1) * slots_per_day)) for d in range(days)]
    table_list = tuple(
        Table(id=f"d{d + 1}-t{t + 1}", venue=f"city-{d + 1}", slots=day_slots[d])
        for d in range(days)
        for t in range(tables)
    )
    people: list[Participant] = []
    for p in range(participants):
        unavailable: frozenset[int] = frozenset()
        if rng.random() < 0.05:  # away for one half-day
            d = rng.randrange(days)
            start = d * slots_per_day + (0 if rng.random() < 0.5 else half)
            unavailable = frozenset(range(start, start + half))
        people.append(Participant(id=f"org-{p + 1}", unavailable=unavailable))
    degree = [0] * participants
    seen: set[tuple[int, int]] = set()
    result: list[Meeting] = []
    while len(result) < meetings:
        a, b = rng.randrange(participants), rng.randrange(participants)
        key = (min(a, b), max(a, b))
        if a == b or key in seen:
            continue
        if degree[a] >= max_per_participant or degree[b] >= max_per_participant:
            continue
        seen.add(key)
        degree[a] += 1
        degree[b] += 1
        roll = rng.random()
        session: SessionRule = "morning" if roll < 0.15 else "afternoon" if roll < 0.25 else "any"
        result.append(
            Meeting(
                id=f"req-{len(result) + 1}",
                first=a,
                second=b,
                session=session,
                priority=2 if rng.random() < 0.2 else 1,
            )
        )
    return Instance(
        name=f"generated-{participants}p-{meetings}m-seed{seed}",
        participants=tuple(people),
        slots=slot_list,
        tables=table_list,
        meetings=tuple(result),
        require_all=False,
    )


# Meeting weights the console gives (``schedules.adapter.priority_of``): 1, plus 8 for
# the organizers' priority, 4 for a must-meet mark and 2 for mutual interest.
CONSOLE_PRIORITIES = (1, 1, 1, 1, 1, 3, 3, 5, 7, 9)


def console_event(
    *,
    participants: int = 100,
    meetings: int = 400,
    days: int = 1,
    morning_slots: int = 4,
    afternoon_slots: int = 6,
    tables_per_venue: int = 10,
    venues: int = 2,
    travel_slots: int = 1,
    capped_share: float = 0.2,
    max_per_participant: int = 10,
    seed: int = 0,
) -> Instance:
    """An event as the console builds it: each day ``venues`` venues in one city hold
    tables at the same times (one engine slot per time), ``travel_slots`` free slots
    are needed to change venue on a day, a morning and an afternoon block, optional
    meetings weighted like the console's priorities, some participants capped at a few
    meetings and some away for a block."""
    rng = random.Random(seed)
    slot_list: list[Slot] = []
    for d in range(days):
        for s in range(morning_slots + afternoon_slots):
            morning = s < morning_slots
            slot_list.append(
                Slot(
                    day=d,
                    block=2 * d + (0 if morning else 1),
                    session="morning" if morning else "afternoon",
                    label=f"day {d + 1} slot {s + 1}",
                )
            )
    names = [f"v{v + 1}" for v in range(venues)]
    table_list = tuple(
        Table(id=f"{name}-t{t + 1}", venue=name) for name in names for t in range(tables_per_venue)
    )
    per_day = morning_slots + afternoon_slots
    people: list[Participant] = []
    for p in range(participants):
        unavailable: frozenset[int] = frozenset()
        if rng.random() < 0.1:  # away for one block
            d = rng.randrange(days)
            first = d * per_day
            block = (
                range(first, first + morning_slots)
                if rng.random() < 0.5
                else range(first + morning_slots, first + per_day)
            )
            unavailable = frozenset(block)
        cap = rng.randint(2, 5) if rng.random() < capped_share else None
        people.append(Participant(id=f"p{p + 1}", unavailable=unavailable, max_meetings=cap))
    degree = [0] * participants
    seen: set[tuple[int, int]] = set()
    result: list[Meeting] = []
    attempts = 0
    while len(result) < meetings and attempts < 100 * meetings:
        attempts += 1
        a, b = rng.randrange(participants), rng.randrange(participants)
        key = (min(a, b), max(a, b))
        if a == b or key in seen:
            continue
        if degree[a] >= max_per_participant or degree[b] >= max_per_participant:
            continue
        seen.add(key)
        degree[a] += 1
        degree[b] += 1
        result.append(
            Meeting(
                id=f"r{len(result) + 1}",
                first=a,
                second=b,
                priority=rng.choice(CONSOLE_PRIORITIES),
            )
        )
    buffers = tuple(
        TravelBuffer(from_venue=x, to_venue=y, slots=travel_slots)
        for x in names
        for y in names
        if x != y and travel_slots > 0
    )
    return Instance(
        name=f"console-{participants}p-{len(result)}m-{venues}v-seed{seed}",
        participants=tuple(people),
        slots=tuple(slot_list),
        tables=table_list,
        meetings=tuple(result),
        travel_buffers=buffers,
        require_all=False,
    )
