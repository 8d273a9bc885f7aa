"""Greedy baseline: first come, earliest feasible slot, as self-booking tools behave.

Meetings are taken in request order (fixed meetings first, they are already
booked); each goes to the earliest slot where both participants are free, a
table is left (at a venue the travel buffers allow) and its predecessors are
already held. It never looks ahead, so it ignores breaks and fairness; it is a
yardstick, not a scheduler.
"""

from __future__ import annotations

from jisr.engine.scheduling.instance import Instance, Schedule, travel_clash, travel_gaps
from jisr.engine.scheduling.preprocess import compute_domains


def greedy_schedule(instance: Instance) -> Schedule:
    domains = compute_domains(instance)
    venue_caps = instance.venue_capacity()
    used: list[dict[str, int]] = [{} for _ in instance.slots]
    busy: list[dict[int, str]] = [{} for _ in instance.participants]  # slot -> venue
    slots: list[int | None] = [None] * len(instance.meetings)
    gap = travel_gaps(instance)

    def travel_ok(p: int, t: int, venue: str) -> bool:
        return not any(travel_clash(instance, gap, (t, venue), kept) for kept in busy[p].items())

    def book(m: int, t: int) -> bool:
        meeting = instance.meetings[m]
        if any(t in busy[p] for p in meeting.pair):
            return False
        for venue, cap in sorted(venue_caps[t].items()):
            if used[t].get(venue, 0) >= cap:
                continue
            if not all(travel_ok(p, t, venue) for p in meeting.pair):
                continue
            used[t][venue] = used[t].get(venue, 0) + 1
            for p in meeting.pair:
                busy[p][t] = venue
            slots[m] = t
            return True
        return False

    order = sorted(
        range(len(instance.meetings)),
        key=lambda m: (instance.meetings[m].fixed_slot is None, m),
    )
    for m in order:
        meeting = instance.meetings[m]
        if any(
            (limit := instance.participants[p].max_meetings) is not None and len(busy[p]) >= limit
            for p in meeting.pair
        ):
            continue
        if any(slots[b] is None for b in meeting.after):
            continue
        earliest = max((slots[b] or 0) + 1 for b in meeting.after) if meeting.after else 0
        for t in domains.slots[m]:
            if t >= earliest and book(m, t):
                break
    return Schedule(slots=tuple(slots))
