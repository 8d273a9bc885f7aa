"""The meetings still out after the chains: the cheapest placements first, then swaps."""

from __future__ import annotations

import heapq
import time

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.large.state import State
from jisr.engine.scheduling.outcome import StopCheck
from jisr.engine.scheduling.validate import participant_breaks


def fill(
    instance: Instance,
    state: State,
    breaks: list[int],
    cap: int | None,
    *,
    deadline: float,
    should_stop: StopCheck,
) -> None:
    """Place the meetings still out, heaviest first and, within a priority, the
    placement that adds the fewest breaks first, until no table fits any of them.

    Which meetings of one priority get the last free tables does not change the
    weight, so the cheap ones should: taken in index order instead, each at its own
    cheapest slot, the 202 meetings that filled the last tables of a 350-table event
    added 331 breaks. Costs change as meetings go in, so a popped placement is
    costed again and, when it changed, the meeting's best placement goes back in
    the queue (lazy updates)."""
    own = instance.meetings_of()
    queue: list[tuple[int, int, int, int]] = []

    def push(m: int) -> None:
        best = cheapest_slot(instance, state, breaks, cap, m)
        if best is not None:
            heapq.heappush(queue, (-instance.meetings[m].priority, best[0], m, best[1]))

    for m, slot in enumerate(state.slot_of):
        if slot is None:
            push(m)
    while queue and time.monotonic() < deadline and not should_stop():
        _, added, m, t = heapq.heappop(queue)
        if state.slot_of[m] is not None:
            continue
        now = placement_cost(instance, state, breaks, cap, m, t)
        if now is None or now[0] != added:
            push(m)
            continue
        state.place(m, t, now[1])
        pair = instance.meetings[m].pair
        for p in pair:
            breaks[p] = participant_breaks(instance, list(state.busy[p]))
        for p in pair:
            for other in own[p]:
                if state.slot_of[other] is None:
                    push(other)


def placement_cost(
    instance: Instance, state: State, breaks: list[int], cap: int | None, m: int, t: int
) -> tuple[int, str] | None:
    """Breaks that holding ``m`` at ``t`` adds, and the venue; None when it cannot go
    there (a rule, no free table, or past the fairness cap)."""
    if not state.can_place(m, t):
        return None
    venue = state.venue_for(m, t)
    if venue is None:
        return None
    pair = instance.meetings[m].pair
    after = [participant_breaks(instance, [*state.busy[p], t]) for p in pair]
    if cap is not None and max(after) > cap:
        return None
    return sum(after) - sum(breaks[p] for p in pair), venue


def cheapest_slot(
    instance: Instance, state: State, breaks: list[int], cap: int | None, m: int
) -> tuple[int, int] | None:
    """(breaks added, slot) of the cheapest placement of ``m``, earliest on ties."""
    best: tuple[int, int] | None = None
    for t in sorted(state.domains.slots[m]):
        cost = placement_cost(instance, state, breaks, cap, m, t)
        if cost is not None and (best is None or cost[0] < best[0]):
            best = (cost[0], t)
    return best


def upgrade(instance: Instance, state: State, breaks: list[int], cap: int | None) -> None:
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
