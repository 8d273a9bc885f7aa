"""SAT search over the number of breaks with CaDiCaL: bottom-up, with bisection beside it.

A fresh solver per bound k with "at most k breaks", starting at 0 (proving "0
breaks is impossible" is the hard part on the two-session instances, and plain
SAT does it faster than a core-guided search). Beside the bottom-up call runs one
call without a bound (a first schedule), then bisection calls between the bounds.
The calls take turns of a fixed number of conflicts, so no single hard call holds
the search. Each UNSAT answer raises the proven lower bound; each SAT answer gives
a better schedule. Uses span and interval clauses and no implied constraints (see
sat_encoding); with ``implied_after_zero``, IC1/IC2 once "no break" is refuted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

from pysat.card import CardEnc, EncType, ITotalizer
from pysat.solvers import Solver

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.outcome import EngineOutcome, ProgressCallback, Status
from jisr.engine.scheduling.preprocess import Domains, forced_breaks
from jisr.engine.scheduling.sat_encoding import Encoding, encode_for_search

SOLVER_NAME = "cadical195"


def run_sat_search(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    deadline: float,
    on_progress: ProgressCallback | None = None,
    on_incumbent: Callable[[int, tuple[int, ...]], None] | None = None,
    implied: bool = False,
    implied_after_zero: bool = False,
    shared_bound: Callable[[], int] | None = None,
    shared_upper: Callable[[], tuple[int, tuple[int, ...]] | None] | None = None,
) -> EngineOutcome:
    """Bottom-up search with a second lane above it, until ``deadline``.

    Two calls run side by side, in turns of ``SLICE_CONFLICTS`` conflicts each
    (CaDiCaL keeps its state between turns): "at most k breaks" at the proved lower
    bound k (bottom-up), and a search for better schedules: first one call without
    any bound (a schedule to return on timeout, or the proof that none exists),
    then bisection between the bounds, from the best schedule's placement. A
    bottom-up UNSAT raises the bound; a SAT answer of either lane gives a better
    schedule (bottom-up: the optimum). Turns keep one hard call from holding the
    search: on forum-13.t1, "at most 48" (bisection after a first schedule of 96)
    ran more than 38 s while "at most 2", 3 and 4 were each refuted in under 3 s.

    ``implied`` selects the encoding with IC1/IC2 instead of span and interval
    clauses: it finds schedules far faster when tables are scarce (measured on a
    copy of tic-14crafa at the table limit: "at most 4 breaks" in 3.3 s CPU, where
    the span encoding found nothing in 30 s). ``shared_bound`` returns the best
    lower bound proved by another process; bounds below it are skipped.
    ``implied_after_zero``: span clauses while the bound is 0, then IC1/IC2 for
    every call (both lanes start again). The portfolio sets it on events without
    session rules: there RC2 asks "no break" with IC1/IC2 at the same time, so span
    clauses make the pair differ, and above 0 IC1/IC2 refute far faster (measured
    with single calls: "at most 3" on tic-14crafa.t0 in 15.5 s against no answer in
    90 s; "at most 4" on forumt-14crafd.prec-t2 in 4.2 s against 14.4 s).
    ``shared_upper`` returns the best schedule another process found (breaks, slots)
    or None: when it beats this search's own, it takes its place, as the bound to
    bisect below and the phases of the next bisection call. ``deadline`` is checked
    between turns."""
    start = time.monotonic()
    name = "sat_implied" if implied else "sat_search"

    def build(implied: bool) -> Encoding:
        return encode_for_search(instance, domains, fairness=fairness, span=not implied)

    # Breaks forced by fixed meetings: skip the bounds that cannot hold.
    bound = sum(forced_breaks(instance, domains))
    implied = implied or (implied_after_zero and bound >= 1)  # the encoding in use
    enc = build(implied)
    n_meetings = len(instance.meetings)

    def report(bound: int, objective: int | None = None) -> None:
        if on_progress is not None:
            on_progress(objective, bound, time.monotonic() - start)

    # The bottom-up calls are run_canonical's: the schedules they find need no
    # second call for a deterministic answer.
    canonical = not implied and canonical_uses_span(instance)

    first_bound = bound
    best: int | None = None
    best_slots: tuple[int, ...] | None = None
    bottom: SlicedCall | None = None
    above: SlicedCall | None = None  # the unbounded call, then bisection calls
    turns = 0
    try:
        while best is None or bound < best:
            if time.monotonic() >= deadline:
                status: Status = "FEASIBLE" if best is not None else "UNKNOWN"
                return EngineOutcome(name, status, best, bound, best_slots)
            known = shared_upper() if shared_upper is not None else None
            if known is not None and (best is None or known[0] < best):
                best, best_slots = known
                continue
            if shared_bound is not None and shared_bound() > bound:
                bound = shared_bound()
                report(bound, best)
                continue
            if implied_after_zero and not implied and bound >= 1:
                implied = True
                _close(bottom)
                _close(above)
                bottom = above = None
                enc = build(implied)
                canonical = False
            if bottom is None or bottom.k != bound:
                _close(bottom)
                bottom = SlicedCall(enc, bound)
            verdict = bottom.turn()
            if verdict == "sat":
                found = enc.breaks_in(bottom.model())
                slots = enc.slots_of(bottom.model(), n_meetings)
                return EngineOutcome(name, "OPTIMAL", found, found, slots, canonical=canonical)
            if verdict == "unsat":
                if bound >= max(len(enc.all_breaks()), len(enc.calm)):
                    # The count bounded nothing: no schedule exists at all.
                    return EngineOutcome(name, "INFEASIBLE", None, bound, None)
                bound += 1
                report(bound, best)
                continue
            turns += 1
            if turns % BOTTOM_UP_TURNS:
                continue
            if best is None and bound == first_bound:
                # No unbounded call yet: small optima are usually hit by the first
                # bottom-up call, and that call costs as much.
                continue
            # Bisect once a schedule is known: a call well above the lower bound
            # usually finds a much better schedule fast, and a failed one raises
            # the bound as much. It starts from the best schedule's placement, so
            # well above the optimum it mostly repairs it.
            if above is not None and best is not None and not bound < (above.k or -1) < best:
                # A schedule is known, or the bottom-up call decides this one.
                _close(above)
                above = None
            if above is None:
                target = None if best is None else (bound + best - 1) // 2
                if target is not None and target <= bound:
                    continue  # the bottom-up call is that very call
                phases = _phases(enc.at, best_slots) if best_slots is not None else None
                above = SlicedCall(enc, target, phases=phases)
            target = above.k
            verdict = above.turn()
            if verdict == "unsat":
                if target is None:
                    return EngineOutcome(name, "INFEASIBLE", None, bound, None)
                bound = target + 1
                report(bound, best)
            elif verdict == "sat":
                best = enc.breaks_in(above.model())
                best_slots = enc.slots_of(above.model(), n_meetings)
                if on_incumbent is not None:
                    on_incumbent(best, best_slots)
                report(bound, best)
        return EngineOutcome(name, "OPTIMAL", best, best, best_slots)
    finally:
        _close(bottom)
        _close(above)


# Turns of the bottom-up call per turn of the call above it.
BOTTOM_UP_TURNS = 3
# Conflicts per turn of a SlicedCall: 1-2 s on forum-13 at the table limit. Shorter
# turns cost more conflicts in all (CaDiCaL restarts its search at each call):
# 5,000 took 7-50 % more than 20,000 on four refutations and one solution there.
SLICE_CONFLICTS = 20_000


class SlicedCall:
    """One "at most k breaks" CaDiCaL call (k None: no bound) run in turns of
    ``SLICE_CONFLICTS`` conflicts. The turns depend only on the formula and the
    phases, so the answer is the same whatever else runs between them."""

    def __init__(self, enc: Encoding, k: int | None, *, phases: list[int] | None = None):
        self.k = k
        clauses = enc.clauses if k is None else enc.clauses + at_most(enc, k)
        self.solver = Solver(name=SOLVER_NAME, bootstrap_with=clauses)
        if phases:
            self.solver.set_phases(phases)

    def turn(self) -> str:
        """ "sat", "unsat", or "unknown" when this turn's conflicts ran out."""
        self.solver.conf_budget(SLICE_CONFLICTS)
        answer = self.solver.solve_limited()
        if answer is None:
            return "unknown"
        return "sat" if answer else "unsat"

    def model(self) -> list[int]:
        return list(self.solver.get_model() or [])

    def close(self) -> None:
        self.solver.delete()


def _close(call: SlicedCall | None) -> None:
    if call is not None:
        call.close()


def at_most(enc: Encoding, k: int) -> list[list[int]]:
    """Clauses for "at most k breaks": a count of the break literals and, with span
    clauses, a second, cheaper count of the participants who are not calm (each of
    them has a break). For 0, unit clauses."""
    if k == 0:
        return [[-lit] for lit in enc.all_breaks()] + [[calm] for calm in enc.calm.values()]
    card = CardEnc.atmost(
        lits=enc.all_breaks(), bound=k, top_id=enc.top, encoding=EncType.seqcounter
    )
    restless = CardEnc.atmost(
        lits=[-calm for calm in enc.calm.values()],
        bound=k,
        top_id=max(card.nv, enc.top),
        encoding=EncType.seqcounter,
    )
    clauses: list[list[int]] = card.clauses + restless.clauses
    return clauses


def first_schedule(
    enc: Encoding, n_meetings: int, deadline: float
) -> tuple[int, tuple[int, ...]] | Literal["unsat"] | None:
    """One call without a bound on breaks: (breaks, slots), "unsat" when no schedule
    exists, None when ``deadline`` had passed before the call."""
    verdict, answer = _solve(enc.clauses, deadline)
    if verdict == "unsat":
        return "unsat"
    if verdict == "unknown":
        return None
    return enc.breaks_in(answer), enc.slots_of(answer, n_meetings)


def _phases(at: dict[tuple[int, int], int], slots: tuple[int, ...]) -> list[int]:
    """Phase hints for CaDiCaL: every meeting where ``slots`` puts it."""
    return [var if slots[m] == t else -var for (m, t), var in at.items()]


def _solve(
    clauses: list[list[int]], deadline: float, *, phases: list[int] | None = None
) -> tuple[str, list[int]]:
    """("sat", model), ("unsat", []) or ("unknown", []) when time ran out."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return ("unknown", [])
    with Solver(name=SOLVER_NAME, bootstrap_with=clauses) as solver:
        if phases:
            solver.set_phases(phases)
        if solver.solve():
            return ("sat", list(solver.get_model() or []))
        return ("unsat", [])


def run_descent(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    deadline: float,
    on_progress: ProgressCallback | None = None,
    on_incumbent: Callable[[int, tuple[int, ...]], None] | None = None,
    shared_bound: Callable[[], int] | None = None,
) -> EngineOutcome:
    """Upper-bound descent on one incremental CaDiCaL with IC1/IC2.

    First any schedule, then "at most target breaks" (target a third of the way
    down to the best known lower bound) under an assumption on a totalizer, so
    learnt clauses and saved phases carry from one call to the next; every
    schedule is reported through ``on_incumbent``. An UNSAT answer at best - 1
    proves the current schedule optimal; one further down raises the lower bound,
    which is shared. Meant to pair with lower-bound engines (``run_sat_search`` with
    span clauses, RC2): the portfolio stops as soon as the bounds meet. Measured
    on the table-limit copy of tic-14crafd: proved 2 breaks optimal in 12 s CPU,
    where span search and RC2 proved nothing in 15 s.
    """
    start = time.monotonic()
    enc = encode_for_search(instance, domains, fairness=fairness, span=False)
    breaks = enc.all_breaks()
    n_meetings = len(instance.meetings)
    name = "sat_descent"

    def lower() -> int:
        return shared_bound() if shared_bound is not None else 0

    with Solver(name=SOLVER_NAME, bootstrap_with=enc.clauses) as solver:
        # No "zero breaks" call here: RC2 makes exactly that call in the portfolio.
        if not solver.solve():
            return EngineOutcome(name, "INFEASIBLE", None, 0, None)
        model = list(solver.get_model() or [])
        best = enc.breaks_in(model)
        best_slots = enc.slots_of(model, n_meetings)
        if best == 0:
            return EngineOutcome(name, "OPTIMAL", 0, 0, best_slots)
        if on_incumbent is not None:
            on_incumbent(best, best_slots)
        counter = ITotalizer(lits=breaks, ubound=best, top_id=enc.top)
        solver.append_formula(counter.cnf.clauses)
        ceiling_floor = 0
        while best > max(lower(), ceiling_floor):
            if time.monotonic() > deadline:
                return EngineOutcome(name, "FEASIBLE", best, lower(), best_slots)
            # rhs[k] is true when at least k + 1 breaks are: assume "at most target".
            # Steps of a third of the gap: calls above the optimum are fast.
            floor = max(lower(), ceiling_floor)
            target = best - max(1, (best - floor) // 3)
            if not solver.solve(assumptions=[-counter.rhs[target]]):
                if target == best - 1:
                    return EngineOutcome(name, "OPTIMAL", best, best, best_slots)
                ceiling_floor = target + 1
                if on_progress is not None:
                    on_progress(best, ceiling_floor, time.monotonic() - start)
                continue
            model = list(solver.get_model() or [])
            best = enc.breaks_in(model)
            best_slots = enc.slots_of(model, n_meetings)
            if on_incumbent is not None:
                on_incumbent(best, best_slots)
            if on_progress is not None:
                on_progress(best, lower(), time.monotonic() - start)
        return EngineOutcome(name, "OPTIMAL", best, best, best_slots)


def canonical_uses_span(instance: Instance) -> bool:
    """Which encoding the canonical call uses, from the instance alone: span and
    interval clauses when a session rule splits the day (the two-session instances,
    where they find "no break" schedules fastest), IC1/IC2 otherwise."""
    return instance.has_session_rules


def run_canonical(
    instance: Instance, domains: Domains, *, fairness: int | None, breaks: int
) -> EngineOutcome:
    """The schedule with at most ``breaks`` breaks that one fixed CaDiCaL call finds
    (with span clauses: run in turns of ``SLICE_CONFLICTS`` conflicts, as the search
    runs it).

    It depends on the instance and on ``breaks`` only, never on which engine
    proved the optimum first, so the portfolio can return it whatever the number
    of processes. For 0 it is exactly the first call of ``run_sat_search``
    (span encoding) or RC2's zero check (IC1/IC2), see ``canonical_uses_span``;
    with span clauses, for every k it is ``run_sat_search``'s bottom-up call at k
    (those calls have no phases), which then marks its outcome ``canonical``.
    Measured on the slow shared files: a second call that is not needed doubled
    their time (4 s -> 8 s).
    """
    span = canonical_uses_span(instance)
    enc = encode_for_search(instance, domains, fairness=fairness, span=span)
    if span:
        call = SlicedCall(enc, breaks)
        try:
            while (verdict := call.turn()) == "unknown":
                pass
            model = call.model() if verdict == "sat" else []
        finally:
            call.close()
    else:
        with Solver(name=SOLVER_NAME, bootstrap_with=enc.clauses + at_most(enc, breaks)) as solver:
            model = list(solver.get_model() or []) if solver.solve() else []
    if not model:  # cannot happen when ``breaks`` is a proved optimum
        return EngineOutcome("canonical", "UNKNOWN", None, breaks, None)
    count = enc.breaks_in(model)
    slots = enc.slots_of(model, len(instance.meetings))
    return EngineOutcome("canonical", "OPTIMAL", count, breaks, slots)
