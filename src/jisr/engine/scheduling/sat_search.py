"""SAT search over the number of breaks, bottom-up, with CaDiCaL.

First one call with every break literal false (proving "0 breaks is impossible"
is the hard part on the two-session instances, and plain SAT does it faster than
a core-guided search); then a fresh solver per bound k with "at most k breaks",
so each UNSAT answer raises the proven lower bound and the first SAT answer is
optimal. Uses span clauses and no implied constraints: measured faster for
finding schedules (see MODELS.md of the shared benchmark).
"""

from __future__ import annotations

import time

from pysat.card import CardEnc, EncType
from pysat.solvers import Solver

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.outcome import EngineOutcome, ProgressCallback
from jisr.engine.scheduling.preprocess import Domains, forced_breaks
from jisr.engine.scheduling.sat_encoding import encode

SOLVER_NAME = "cadical195"


def run_sat_search(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    deadline: float,
    on_progress: ProgressCallback | None = None,
) -> EngineOutcome:
    """Bottom-up search; checks ``deadline`` (time.monotonic) between solver calls.

    CaDiCaL cannot be interrupted inside a call, so callers that need a hard limit
    run this in a child process (see ``portfolio``)."""
    start = time.monotonic()
    enc = encode(instance, domains, fairness=fairness, implied=False, span=True)
    breaks = enc.all_breaks()
    n_meetings = len(instance.meetings)
    # Breaks forced by fixed meetings: skip the bounds that cannot hold.
    bound = sum(forced_breaks(instance, domains))
    if bound and on_progress is not None:
        on_progress(None, bound, time.monotonic() - start)
    while bound <= len(breaks):
        extra: list[list[int]]
        if bound == 0:
            extra = [[-lit] for lit in breaks] + [[calm] for calm in enc.calm.values()]
        else:
            # Every participant who is not calm has a break: a second, cheaper count.
            card = CardEnc.atmost(
                lits=breaks, bound=bound, top_id=enc.top, encoding=EncType.seqcounter
            )
            restless = CardEnc.atmost(
                lits=[-calm for calm in enc.calm.values()],
                bound=bound,
                top_id=max(card.nv, enc.top),
                encoding=EncType.seqcounter,
            )
            extra = card.clauses + restless.clauses
        verdict, answer = _solve(enc.clauses + extra, deadline)
        if verdict == "unknown":
            return EngineOutcome("sat_search", "UNKNOWN", None, bound, None)
        if verdict == "unsat":
            bound += 1
            if on_progress is not None:
                on_progress(None, bound, time.monotonic() - start)
            continue
        slots = tuple(enc.slots_of(answer, n_meetings))
        return EngineOutcome("sat_search", "OPTIMAL", bound, bound, slots)
    return EngineOutcome("sat_search", "INFEASIBLE", None, bound, None)


def _solve(clauses: list[list[int]], deadline: float) -> tuple[str, list[int]]:
    """("sat", model), ("unsat", []) or ("unknown", []) when time ran out."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return ("unknown", [])
    with Solver(name=SOLVER_NAME, bootstrap_with=clauses) as solver:
        if solver.solve():
            return ("sat", list(solver.get_model() or []))
        return ("unsat", [])
