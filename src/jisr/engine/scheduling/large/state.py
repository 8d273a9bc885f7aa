"""What the large path holds while it builds: slots, venues, busy slots, free tables."""

from __future__ import annotations

from jisr.engine.scheduling.instance import Instance, travel_clash, travel_gaps
from jisr.engine.scheduling.preprocess import Domains


class State:
    """A schedule being built: each meeting's slot and venue, each participant's busy
    slots (slot -> venue) and the free tables per slot and venue. ``can_place`` and
    ``venue_for`` check the rules (people free, meeting caps, precedences, travel
    buffers); ``place`` and ``remove`` do not."""

    def __init__(self, instance: Instance, domains: Domains) -> None:
        self.instance = instance
        self.domains = domains
        self.slot_of: list[int | None] = [None] * len(instance.meetings)
        self.venue_of: list[str | None] = [None] * len(instance.meetings)
        self.busy: list[dict[int, str]] = [{} for _ in instance.participants]
        self.free_tables = [dict(v) for v in instance.venue_capacity()]
        self.gap = travel_gaps(instance)
        self.successors: list[list[int]] = [[] for _ in instance.meetings]
        for m, meeting in enumerate(instance.meetings):
            for before in meeting.after:
                self.successors[before].append(m)

    def venue_for(self, m: int, t: int) -> str | None:
        """A venue with a free table at t that the travel buffers allow, if any."""
        for venue, free in sorted(self.free_tables[t].items()):
            if free > 0 and all(
                self._travel_ok(p, t, venue) for p in self.instance.meetings[m].pair
            ):
                return venue
        return None

    def _travel_ok(self, p: int, t: int, venue: str) -> bool:
        if not self.gap:
            return True
        return not any(
            travel_clash(self.instance, self.gap, (t, venue), kept) for kept in self.busy[p].items()
        )

    def can_place(self, m: int, t: int) -> bool:
        meeting = self.instance.meetings[m]
        for p in meeting.pair:
            if t in self.busy[p]:
                return False
            limit = self.instance.participants[p].max_meetings
            if limit is not None and len(self.busy[p]) >= limit:
                return False
        for before in meeting.after:
            slot = self.slot_of[before]
            if slot is None or slot >= t:
                return False
        for later in self.successors[m]:
            slot = self.slot_of[later]
            if slot is not None and slot <= t:
                return False
        return True

    def remove(self, m: int) -> None:
        t, venue = self.slot_of[m], self.venue_of[m]
        assert t is not None and venue is not None
        self.slot_of[m] = None
        self.venue_of[m] = None
        self.free_tables[t][venue] += 1
        for p in self.instance.meetings[m].pair:
            del self.busy[p][t]

    def place(self, m: int, t: int, venue: str) -> None:
        self.slot_of[m] = t
        self.venue_of[m] = venue
        self.free_tables[t][venue] -= 1
        for p in self.instance.meetings[m].pair:
            self.busy[p][t] = venue
