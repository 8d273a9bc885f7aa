"""SAT search over the number of breaks with CaDiCaL: bottom-up, then bisection.

First one call with every break literal false (proving "0 breaks is impossible"
is the hard part on the two-session instances, and plain SAT does it faster than
a core-guided search); then a fresh solver per bound k with "at most k breaks":
first k = the lower bound (small optima are found there), then one unbounded call
for a first schedule, then bisection steps between the bounds alternating with
bottom-up steps. Each UNSAT answer raises
the proven lower bound; each SAT answer gives a better schedule. Uses span and
interval clauses and no implied constraints (see sat_encoding).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from pysat.card import CardEnc, EncType
from pysat.solvers import Solver

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.outcome import EngineOutcome, ProgressCallback, Status
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
    on_incumbent: Callable[[int, tuple[int, ...]], None] | None = None,
) -> EngineOutcome:
    """Bottom-up search; checks ``deadline`` (time.monotonic) between solver calls.

    After the first bounded call fails, one call without any bound gives a first
    schedule (reported through ``on_incumbent``, so a timeout still returns a
    schedule) or proves the instance infeasible. CaDiCaL cannot be interrupted
    inside a call, so callers that need a hard limit run this in a child process
    (see ``portfolio``)."""
    start = time.monotonic()
    enc = encode(instance, domains, fairness=fairness, implied=False, span=True)
    breaks = enc.all_breaks()
    n_meetings = len(instance.meetings)

    def report(bound: int, objective: int | None = None) -> None:
        if on_progress is not None:
            on_progress(objective, bound, time.monotonic() - start)

    # Breaks forced by fixed meetings: skip the bounds that cannot hold.
    bound = sum(forced_breaks(instance, domains))
    if bound == 0:
        zero = [[-lit] for lit in breaks] + [[calm] for calm in enc.calm.values()]
        verdict, answer = _solve(enc.clauses + zero, deadline)
        if verdict == "unknown":
            return EngineOutcome("sat_search", "UNKNOWN", None, 0, None)
        if verdict == "sat":
            return EngineOutcome("sat_search", "OPTIMAL", 0, 0, enc.slots_of(answer, n_meetings))
        if not breaks:  # nobody can have a break, so nothing else can work
            return EngineOutcome("sat_search", "INFEASIBLE", None, 0, None)
        bound = 1
    first_bound = bound
    report(bound)

    best: int | None = None
    best_slots: tuple[int, ...] | None = None
    step = 0
    while best is None or bound < best:
        if best is None and bound > first_bound:
            # One unbounded call after the first failed bound: a schedule to return on
            # timeout, or the proof that none exists. Not earlier: small optima are
            # usually hit by the first bounded call, and this call costs as much.
            verdict, answer = _solve(enc.clauses, deadline)
            if verdict == "unknown":
                return EngineOutcome("sat_search", "UNKNOWN", None, bound, None)
            if verdict == "unsat":
                return EngineOutcome("sat_search", "INFEASIBLE", None, bound, None)
            true = set(answer)
            best = sum(1 for lit in breaks if lit in true)
            best_slots = enc.slots_of(answer, n_meetings)
            if on_incumbent is not None:
                on_incumbent(best, best_slots)
            report(bound, best)
            continue
        # Bisect once a schedule is known: a call well above the lower bound usually
        # finds a much better schedule fast, and a failed one raises the bound as much.
        # Alternate with plain bottom-up steps so the lower bound keeps rising too.
        bisect = best is not None and step % 2 == 1
        step += 1
        target = (bound + best - 1) // 2 if bisect and best is not None else bound
        # Every participant who is not calm has a break: a second, cheaper count.
        card = CardEnc.atmost(
            lits=breaks, bound=target, top_id=enc.top, encoding=EncType.seqcounter
        )
        restless = CardEnc.atmost(
            lits=[-calm for calm in enc.calm.values()],
            bound=target,
            top_id=max(card.nv, enc.top),
            encoding=EncType.seqcounter,
        )
        verdict, answer = _solve(enc.clauses + card.clauses + restless.clauses, deadline)
        if verdict == "unknown":
            status: Status = "FEASIBLE" if best is not None else "UNKNOWN"
            return EngineOutcome("sat_search", status, best, bound, best_slots)
        if verdict == "sat":
            true = set(answer)
            found = sum(1 for lit in breaks if lit in true)
            if found <= bound:
                return EngineOutcome(
                    "sat_search", "OPTIMAL", found, found, enc.slots_of(answer, n_meetings)
                )
            best, best_slots = found, enc.slots_of(answer, n_meetings)
            if on_incumbent is not None:
                on_incumbent(best, best_slots)
            report(bound, best)
            continue
        bound = target + 1
        report(bound, best)
    return EngineOutcome("sat_search", "OPTIMAL", best, best, best_slots)


def _solve(clauses: list[list[int]], deadline: float) -> tuple[str, list[int]]:
    """("sat", model), ("unsat", []) or ("unknown", []) when time ran out."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return ("unknown", [])
    with Solver(name=SOLVER_NAME, bootstrap_with=clauses) as solver:
        if solver.solve():
            return ("sat", list(solver.get_model() or []))
        return ("unsat", [])
