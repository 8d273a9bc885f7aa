"""Construction heuristic for events too large for the exact models.

Measured: for 2,000 participants and 12,000 requests over 32 slots, CP-SAT on the
full model (384k placement literals) spent 90 s building and found no solution in
60 s. This path builds a schedule block by block instead:

1. *Compact runs.* Slots are filled in time order, each with a greedy matching
   that prefers meetings continuing a participant's run from the previous slot,
   then higher priority, then participants with many meetings left. A
   participant whose run stops is closed for the rest of the block, so this
   phase creates no break at all.
2. *Fill.* Meetings still out go, by priority, to the slot that adds the fewest
   breaks, never past the fairness cap.

Bounds are honest: weight <= the heaviest meetings that fit in all tables
together; breaks >= 0. The result is OPTIMAL only when both are met.
"""

from __future__ import annotations

import time

from jisr.engine.scheduling.cpsat import CpSatOutcome
from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.lns import improve_breaks
from jisr.engine.scheduling.outcome import Status, StopCheck
from jisr.engine.scheduling.preprocess import Domains, weight_upper_bound
from jisr.engine.scheduling.validate import participant_breaks

# Above this many (meeting, slot) pairs the exact models are not tried.
LARGE_THRESHOLD = 100_000


class _State:
    def __init__(self, instance: Instance, domains: Domains) -> None:
        self.instance = instance
        self.domains = domains
        self.slot_of: list[int | None] = [None] * len(instance.meetings)
        self.venue_of: list[str | None] = [None] * len(instance.meetings)
        self.busy: list[dict[int, str]] = [{} for _ in instance.participants]
        self.free_tables = [dict(v) for v in instance.venue_capacity()]
        self.gap = {(b.from_venue, b.to_venue): b.slots for b in instance.travel_buffers}
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
        day = self.instance.slots[t].day
        for other, other_venue in self.busy[p].items():
            if other_venue == venue or self.instance.slots[other].day != day:
                continue
            pair = (other_venue, venue) if other < t else (venue, other_venue)
            if abs(t - other) - 1 < self.gap.get(pair, 0):
                return False
        return True

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


def solve_large(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    time_limit: float,
    should_stop: StopCheck | None = None,
) -> CpSatOutcome:
    """Construction heuristic, then local improvement. ``should_stop`` is checked
    between slots, meetings and moves (and makes the answer FEASIBLE at best)."""
    start = time.monotonic()

    def stop() -> bool:
        return should_stop is not None and should_stop()

    state = _State(instance, domains)
    has_precedences = any(meeting.after for meeting in instance.meetings)
    remaining = [len(own) for own in instance.meetings_of()]
    by_slot: list[list[int]] = [[] for _ in instance.slots]
    for m, allowed in enumerate(domains.slots):
        for t in allowed:
            by_slot[t].append(m)

    for block in instance.blocks():
        if stop():
            break
        closed: set[int] = set()
        running: set[int] = set()
        for t in block:
            candidates = [
                m
                for m in by_slot[t]
                if state.slot_of[m] is None
                and not any(p in closed for p in instance.meetings[m].pair)
            ]
            candidates.sort(
                key=lambda m: (
                    -sum(1 for p in instance.meetings[m].pair if p in running),
                    -instance.meetings[m].priority,
                    -max(remaining[p] for p in instance.meetings[m].pair),
                    m,
                )
            )
            now_busy: set[int] = set()
            for m in candidates:
                pair = instance.meetings[m].pair
                if pair[0] in now_busy or pair[1] in now_busy:
                    continue
                if (
                    has_precedences
                    or instance.participants[pair[0]].max_meetings is not None
                    or (instance.participants[pair[1]].max_meetings is not None)
                ) and not state.can_place(m, t):
                    continue
                venue = state.venue_for(m, t)
                if venue is None:
                    continue
                state.place(m, t, venue)
                now_busy.update(pair)
                for p in pair:
                    remaining[p] -= 1
            closed |= running - now_busy
            running = now_busy

    # Fill: by priority, the slot adding the fewest breaks within the fairness cap.
    cap = fairness if fairness is not None else None
    breaks = [participant_breaks(instance, list(b)) for b in state.busy]
    order = sorted(
        (m for m in range(len(instance.meetings)) if state.slot_of[m] is None),
        key=lambda m: (-instance.meetings[m].priority, m),
    )
    for m in order:
        if time.monotonic() - start > time_limit or stop():
            break
        pair = instance.meetings[m].pair
        best: tuple[int, int, str] | None = None
        for t in domains.slots[m]:
            if not state.can_place(m, t):
                continue
            venue = state.venue_for(m, t)
            if venue is None:
                continue
            after = [participant_breaks(instance, [*state.busy[p], t]) for p in pair]
            if cap is not None and max(after) > cap:
                continue
            added = sum(after) - sum(breaks[p] for p in pair)
            if best is None or added < best[0]:
                best = (added, t, venue)
                if added == 0:
                    break
        if best is not None:
            state.place(m, best[1], best[2])
            for p in pair:
                breaks[p] = participant_breaks(instance, list(state.busy[p]))

    if not stop():
        _upgrade(instance, state, breaks, cap)
    _improve(instance, state, breaks, cap, deadline=start + time_limit, should_stop=stop)
    if sum(breaks) and not instance.travel_buffers and not stop():
        # Leave a fifth of the budget for validation and table assignment.
        improved = improve_breaks(
            instance,
            state.slot_of,
            domains.slots,
            fairness=cap,
            deadline=start + 0.8 * time_limit,
            should_stop=should_stop,
        )
        moving = [m for m, slot in enumerate(improved) if slot != state.slot_of[m]]
        for m in moving:  # all out first: moves may swap slots between meetings
            state.remove(m)
        for m in moving:
            slot = improved[m]
            assert slot is not None
            state.place(m, slot, next(iter(instance.venue_capacity()[slot])))
        breaks = [participant_breaks(instance, list(b)) for b in state.busy]

    weight_bound = weight_upper_bound(instance, domains)
    weighted = sum(
        meeting.priority
        for m, meeting in enumerate(instance.meetings)
        if state.slot_of[m] is not None
    )
    total = sum(breaks)
    everything = all(slot is not None for slot in state.slot_of)
    if instance.require_all and not everything:
        return CpSatOutcome("UNKNOWN", None, 0, weighted, weight_bound, None, None)
    status: Status = "OPTIMAL" if weighted == weight_bound and total == 0 else "FEASIBLE"
    return CpSatOutcome(
        status=status,
        objective=total,
        bound=0,
        weighted_scheduled=weighted,
        weighted_bound=weight_bound,
        slots=tuple(state.slot_of),
        venues=tuple(state.venue_of),
        engine="large",
    )


def _upgrade(instance: Instance, state: _State, breaks: list[int], cap: int | None) -> None:
    """Swap an unplaced meeting in for a lighter placed one in the same slot when its
    participants are free there: the priority-weighted count comes first."""
    by_slot: dict[int, list[int]] = {}
    for m, slot in enumerate(state.slot_of):
        if slot is not None:
            by_slot.setdefault(slot, []).append(m)
    waiting = sorted(
        (m for m, slot in enumerate(state.slot_of) if slot is None),
        key=lambda m: -instance.meetings[m].priority,
    )
    for m in waiting:
        meeting = instance.meetings[m]
        for t in state.domains.slots[m]:
            if any(t in state.busy[p] for p in meeting.pair):
                continue
            lighter = [
                x for x in by_slot.get(t, []) if instance.meetings[x].priority < meeting.priority
            ]
            if not lighter or not state.can_place(m, t):
                continue
            victim = lighter[0]
            victim_venue = state.venue_of[victim]
            assert victim_venue is not None
            state.remove(victim)
            venue = state.venue_for(m, t)
            touched = set(meeting.pair) | set(instance.meetings[victim].pair)
            after = {
                p: participant_breaks(
                    instance, list(state.busy[p]) + ([t] if p in meeting.pair else [])
                )
                for p in touched
            }
            if venue is None or (cap is not None and max(after.values()) > cap):
                state.place(victim, t, victim_venue)
                continue
            state.place(m, t, venue)
            by_slot[t].remove(victim)
            by_slot[t].append(m)
            for p in touched:
                breaks[p] = after[p]
            break


def _improve(
    instance: Instance,
    state: _State,
    breaks: list[int],
    cap: int | None,
    *,
    deadline: float,
    should_stop: StopCheck,
) -> None:
    """Hill climbing: move one meeting of a participant with breaks to another slot
    when that lowers the two participants' breaks."""
    own = instance.meetings_of()
    improved = True
    while improved and time.monotonic() < deadline and not should_stop():
        improved = False
        for p, count in enumerate(breaks):
            if count == 0 or time.monotonic() >= deadline or should_stop():
                continue
            for m in [x for x in own[p] if state.slot_of[x] is not None]:
                pair = instance.meetings[m].pair
                old = state.slot_of[m]
                old_venue = state.venue_of[m]
                assert old is not None and old_venue is not None
                before = sum(breaks[q] for q in pair)
                state.remove(m)
                best: tuple[int, int, str] | None = None
                for t in state.domains.slots[m]:
                    if t == old or not state.can_place(m, t):
                        continue
                    venue = state.venue_for(m, t)
                    if venue is None:
                        continue
                    after = [participant_breaks(instance, [*state.busy[q], t]) for q in pair]
                    if cap is not None and max(after) > cap:
                        continue
                    if sum(after) < before and (best is None or sum(after) < best[0]):
                        best = (sum(after), t, venue)
                if best is None:
                    state.place(m, old, old_venue)
                    continue
                state.place(m, best[1], best[2])
                for q in pair:
                    breaks[q] = participant_breaks(instance, list(state.busy[q]))
                improved = True
                break
