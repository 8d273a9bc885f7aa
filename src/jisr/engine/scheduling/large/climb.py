"""Hill climbing on the large path's schedule: single moves that lower breaks."""

from __future__ import annotations

import time

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.large.fill import placement_cost
from jisr.engine.scheduling.large.state import State
from jisr.engine.scheduling.outcome import StopCheck
from jisr.engine.scheduling.validate import participant_breaks


def climb(
    instance: Instance,
    state: State,
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
                state.remove(m)
                # ``breaks`` still counts m at ``old``: a negative cost lowers the two.
                best: tuple[int, int, str] | None = None
                for t in state.domains.slots[m]:
                    cost = None if t == old else placement_cost(instance, state, breaks, cap, m, t)
                    if cost is not None and cost[0] < 0 and (best is None or cost[0] < best[0]):
                        best = (cost[0], t, cost[1])
                if best is None:
                    state.place(m, old, old_venue)
                    continue
                state.place(m, best[1], best[2])
                for q in pair:
                    breaks[q] = participant_breaks(instance, list(state.busy[q]))
                improved = True
                break
