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
