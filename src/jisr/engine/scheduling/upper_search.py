"""Upper bounds when tables are scarce: a first schedule from SAT, then annealing.

The portfolio starts this search only when its proof engines have not answered
after a share of the time limit. Its first schedule comes from one SAT call with
the implied constraints (IC1/IC2) and no bound on breaks: on the hard set that
call answered in 0.6-4.2 s CPU where the span encoding's unbounded call and the
annealing from scratch found nothing in 30 s (tic-14crafa at the table limit:
237 meetings in 10 slots of 24 tables). The annealing search (``local_search``)
then lowers the breaks; every better schedule is reported, and a better one found
by another process is taken over.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.local_search import Annealer
from jisr.engine.scheduling.outcome import EngineOutcome
from jisr.engine.scheduling.preprocess import Domains
from jisr.engine.scheduling.sat_encoding import encode
from jisr.engine.scheduling.sat_search import first_schedule

# Seconds the annealing runs before it looks at the other processes' results.
SLICE = 0.5


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
    proves that no schedule exists."""
    name = "upper_search"
    known = shared_upper()
    if known is None:
        enc = encode(
            instance, domains, fairness=fairness, implied=True, span=False, intervals=False
        )
        found = first_schedule(enc, len(instance.meetings), deadline)
        if isinstance(found, str):  # "unsat"
            return EngineOutcome(name, "INFEASIBLE", None, 0, None)
        if found is not None:
            on_incumbent(*found)
            known = found
    annealer = Annealer(
        instance, domains, fairness=fairness, start=known[1] if known is not None else None
    )
    best = known
    while time.monotonic() < deadline:
        result = annealer.run(min(deadline, time.monotonic() + SLICE), target=shared_bound())
        if result.breaks is not None and result.slots is not None:
            if best is None or result.breaks < best[0]:
                best = (result.breaks, result.slots)
                on_incumbent(*best)
            if result.breaks <= shared_bound():
                break
        other = shared_upper()
        if other is not None and (best is None or other[0] < best[0]):
            best = other
            annealer.adopt(other[1], other[0])
    if best is None:
        return EngineOutcome(name, "UNKNOWN", None, 0, None)
    return EngineOutcome(name, "FEASIBLE", best[0], 0, best[1])
