"""Upper bounds when tables are scarce: a first schedule from SAT, then SAT neighbourhoods.

The portfolio starts this search only when its proof engines have not answered
after a share of the time limit. Its first schedule comes from one SAT call with
the implied constraints (IC1/IC2) and no bound on breaks: on the hard set that
call answered in 0.6-4.2 s CPU where the span encoding's unbounded call and the
annealing from scratch found nothing in 30 s (tic-14crafa at the table limit:
237 meetings in 10 slots of 24 tables). SAT neighbourhoods (``sat_lns``) start
from it: they re-place a part of the schedule with fewer breaks, and can prove it
optimal. The annealing search (``local_search``) runs only while there is no
schedule to start from. Every better schedule is reported, and a better one found
by another process is taken over.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.local_search import Annealer
from jisr.engine.scheduling.outcome import EngineOutcome
from jisr.engine.scheduling.preprocess import Domains
from jisr.engine.scheduling.sat_encoding import encode_for_search
from jisr.engine.scheduling.sat_lns import SatNeighbourhoods
from jisr.engine.scheduling.sat_search import first_schedule

# Seconds a search runs before it looks at the other processes' results.
SLICE = 0.5
# No annealing once a schedule exists: started from the first SAT schedule, the
# neighbourhoods alone were better than 3 s of annealing followed by them, or as good,
# at 20 s in 12 of 12 runs (6 unproved hard files, 2 seeds; forum-13.t3 5 and 5 breaks
# against 6 and 7, tic-14crafa.prec-t1 proved optimal 2 s sooner).


def run_upper_search(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    deadline: float,
    on_incumbent: Callable[[int, tuple[int, ...]], None],
    shared_bound: Callable[[], int],
    shared_upper: Callable[[], tuple[int, tuple[int, ...]] | None],
) -> EngineOutcome:
    """Improve the best schedule until ``deadline``; INFEASIBLE when the SAT call
    proves that no schedule exists, OPTIMAL when a neighbourhood of every meeting
    has no schedule with fewer breaks."""
    name = "upper_search"
    known = shared_upper()
    if known is None:
        enc = encode_for_search(instance, domains, fairness=fairness, span=False)
        found = first_schedule(enc, len(instance.meetings), deadline)
        if isinstance(found, str):  # "unsat"
            return EngineOutcome(name, "INFEASIBLE", None, 0, None)
        if found is not None:
            on_incumbent(*found)
            known = found
    annealer: Annealer | None = None  # only while no schedule exists
    best = known
    neighbourhoods: SatNeighbourhoods | None = None
    try:
        while time.monotonic() < deadline:
            target = shared_bound()
            if best is not None and best[0] <= target:
                break
            slice_end = min(deadline, time.monotonic() + SLICE)
            if best is not None:
                if neighbourhoods is None:
                    neighbourhoods = SatNeighbourhoods(
                        instance, domains, fairness=fairness, slots=best[1], breaks=best[0]
                    )
                step = neighbourhoods.run(slice_end, target=target)
                if step.breaks < best[0]:
                    best = (step.breaks, step.slots)
                    on_incumbent(*best)
                if step.optimal:
                    return EngineOutcome(name, "OPTIMAL", best[0], best[0], best[1])
            else:
                if annealer is None:
                    annealer = Annealer(instance, domains, fairness=fairness)
                result = annealer.run(slice_end, target=target)
                breaks, slots = result.breaks, result.slots
                if breaks is not None and slots is not None and (best is None or breaks < best[0]):
                    best = (breaks, slots)
                    on_incumbent(*best)
            other = shared_upper()
            if other is not None and (best is None or other[0] < best[0]):
                best = other
                if neighbourhoods is not None:
                    neighbourhoods.adopt(other[1], other[0])
    finally:
        if neighbourhoods is not None:
            neighbourhoods.close()
    if best is None:
        return EngineOutcome(name, "UNKNOWN", None, 0, None)
    return EngineOutcome(name, "FEASIBLE", best[0], 0, best[1])
