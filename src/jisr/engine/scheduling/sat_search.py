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
from typing import Literal

from pysat.card import CardEnc, EncType, ITotalizer
from pysat.solvers import Solver

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.outcome import EngineOutcome, ProgressCallback, Status
from jisr.engine.scheduling.preprocess import Domains, forced_breaks
from jisr.engine.scheduling.sat_encoding import Encoding, encode

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
    shared_bound: Callable[[], int] | None = None,
    shared_upper: Callable[[], tuple[int, tuple[int, ...]] | None] | None = None,
) -> EngineOutcome:
    """Bottom-up search; checks ``deadline`` (time.monotonic) between solver calls.

    After the first bounded call fails, one call without any bound gives a first
    schedule (reported through ``on_incumbent``, so a timeout still returns a
    schedule) or proves the instance infeasible. CaDiCaL cannot be interrupted
    inside a call, so callers that need a hard limit run this in a child process
    (see ``portfolio``).

    ``implied`` selects the encoding with IC1/IC2 instead of span and interval
    clauses: it finds schedules far faster when tables are scarce (measured on a
    copy of tic-14crafa at the table limit: "at most 4 breaks" in 3.3 s CPU, where
    the span encoding found nothing in 30 s). ``shared_bound`` returns the best
    lower bound proved by another process; bounds below it are skipped.
    ``shared_upper`` returns the best schedule another process found (breaks, slots)
    or None: when it beats this search's own, it takes its place, as the bound to
    bisect below and the phases of the next call."""
    start = time.monotonic()
    name = "sat_implied" if implied else "sat_search"
    enc = encode(
        instance,
        domains,
        fairness=fairness,
        implied=implied,
        span=not implied,
        intervals=not implied,
    )
    breaks = enc.all_breaks()
    n_meetings = len(instance.meetings)

    def report(bound: int, objective: int | None = None) -> None:
        if on_progress is not None:
            on_progress(objective, bound, time.monotonic() - start)

    # The calls whose formula is run_canonical's: the schedules they find need no
    # second call for a deterministic answer.
    canonical = not implied and canonical_uses_span(instance)

    # Breaks forced by fixed meetings: skip the bounds that cannot hold.
    bound = sum(forced_breaks(instance, domains))
    if bound == 0:
        verdict, answer = _solve(enc.clauses + at_most(enc, 0), deadline)
        if verdict == "unknown":
            return EngineOutcome(name, "UNKNOWN", None, 0, None)
        if verdict == "sat":
            slots = enc.slots_of(answer, n_meetings)
            return EngineOutcome(name, "OPTIMAL", 0, 0, slots, canonical=canonical)
        if not breaks:  # nobody can have a break, so nothing else can work
            return EngineOutcome(name, "INFEASIBLE", None, 0, None)
        bound = 1
    first_bound = bound
    report(bound)

    best: int | None = None
    best_slots: tuple[int, ...] | None = None
    step = 0
    while best is None or bound < best:
        known = shared_upper() if shared_upper is not None else None
        if known is not None and (best is None or known[0] < best):
            best, best_slots = known
            if bound >= best:
                break
        if shared_bound is not None and shared_bound() > bound:
            bound = shared_bound()
            report(bound, best)
            if best is not None and bound >= best:
                break
        if best is None and bound > first_bound:
            # One unbounded call after the first failed bound: a schedule to return on
            # timeout, or the proof that none exists. Not earlier: small optima are
            # usually hit by the first bounded call, and this call costs as much.
            first = first_schedule(enc, n_meetings, deadline)
            if first is None:
                return EngineOutcome(name, "UNKNOWN", None, bound, None)
            if isinstance(first, str):  # "unsat"
                return EngineOutcome(name, "INFEASIBLE", None, bound, None)
            best, best_slots = first
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
        # A bisection call starts from the best schedule's placement: well above the
        # optimum it then mostly repairs it instead of searching from scratch. A
        # bottom-up call starts from scratch, which makes it run_canonical's call:
        # measured at 60 s, forum-13.t3 and ticf-13crafa.t3 were proved (3 breaks)
        # at 36-44 s, where with phases one took 30-33 s plus a second call for the
        # canonical schedule and the other was not proved.
        phases = _phases(enc.at, best_slots) if bisect and best_slots is not None else None
        verdict, answer = _solve(enc.clauses + at_most(enc, target), deadline, phases=phases)
        if verdict == "unknown":
            status: Status = "FEASIBLE" if best is not None else "UNKNOWN"
            return EngineOutcome(name, status, best, bound, best_slots)
        if verdict == "sat":
            found = enc.breaks_in(answer)
            if found <= bound:
                slots = enc.slots_of(answer, n_meetings)
                same = canonical and phases is None
                return EngineOutcome(name, "OPTIMAL", found, found, slots, canonical=same)
            best, best_slots = found, enc.slots_of(answer, n_meetings)
            if on_incumbent is not None:
                on_incumbent(best, best_slots)
            report(bound, best)
            continue
        bound = target + 1
        report(bound, best)
    return EngineOutcome(name, "OPTIMAL", best, best, best_slots)


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
    enc = encode(instance, domains, fairness=fairness, implied=True, span=False, intervals=False)
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
    """The schedule with at most ``breaks`` breaks that one fixed CaDiCaL call finds.

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
    enc = encode(instance, domains, fairness=fairness, implied=not span, span=span, intervals=span)
    with Solver(name=SOLVER_NAME, bootstrap_with=enc.clauses + at_most(enc, breaks)) as solver:
        if not solver.solve():  # cannot happen when ``breaks`` is a proved optimum
            return EngineOutcome("canonical", "UNKNOWN", None, breaks, None)
        model = list(solver.get_model() or [])
    count = enc.breaks_in(model)
    slots = enc.slots_of(model, len(instance.meetings))
    return EngineOutcome("canonical", "OPTIMAL", count, breaks, slots)
