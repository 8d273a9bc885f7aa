"""Core-guided MaxSAT (PySAT RC2 on Glucose 4) with the implied constraints IC1/IC2.

Each break literal is a soft clause of weight 1. Implied constraints make the
cores small, which is what proves the larger optima (fixed-meeting variants)
quickly. Before RC2, one CaDiCaL call asks for a schedule without any break on
the same encoding: on the high-load single-session instances it answers in about
a second where the span/interval encoding of ``sat_search`` needs minutes
(measured on tic-14crafc.original: 1.1 s against 79 s). RC2 and CaDiCaL have no
time limit of their own: the portfolio runs this in a separate process and stops
that process at the deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pysat.examples.rc2 import RC2
from pysat.formula import WCNF
from pysat.solvers import Solver

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.outcome import EngineOutcome
from jisr.engine.scheduling.preprocess import Domains
from jisr.engine.scheduling.sat_encoding import encode_for_search
from jisr.engine.scheduling.sat_search import canonical_uses_span

SOLVER_NAME = "g4"
ZERO_CHECK_SOLVER = "cadical195"


class _ReportingRC2(RC2):  # type: ignore[misc]
    """RC2 that announces its lower bound after every core (its cost so far)."""

    def __init__(self, formula: WCNF, on_bound: Callable[[int], None], **options: Any) -> None:
        super().__init__(formula, **options)
        self._on_bound = on_bound

    def process_core(self) -> None:
        super().process_core()
        self._on_bound(int(self.cost))


def run_rc2(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    channel: Any = None,
    on_bound: Callable[[int], None] | None = None,
) -> EngineOutcome:
    """Solve to optimality (or infeasibility); runs until done.

    ``channel`` (a queue) receives ("progress", objective, bound) messages, one per
    core: the portfolio combines these lower bounds with the other engines'
    schedules. ``on_bound`` gets the same bounds (the portfolio shares them).
    """

    def announce(bound: int) -> None:
        if channel is not None:
            channel.put(("progress", None, bound))
        if on_bound is not None:
            on_bound(bound)

    enc = encode_for_search(instance, domains, fairness=fairness, span=False)
    breaks = enc.all_breaks()
    with Solver(
        name=ZERO_CHECK_SOLVER, bootstrap_with=enc.clauses + [[-lit] for lit in breaks]
    ) as zero:
        if zero.solve():
            slots = tuple(enc.slots_of(list(zero.get_model() or []), len(instance.meetings)))
            # This call is run_canonical's for 0 when the instance has no session rule.
            same = not canonical_uses_span(instance)
            return EngineOutcome("rc2", "OPTIMAL", 0, 0, slots, canonical=same)
    if breaks:
        announce(1)
    formula = WCNF()
    formula.extend(enc.clauses)
    for lit in breaks:
        formula.append([-lit], weight=1)
    with _ReportingRC2(
        formula, announce, solver=SOLVER_NAME, adapt=True, exhaust=True, minz=True
    ) as rc2:
        model = rc2.compute()
        if model is None:
            return EngineOutcome("rc2", "INFEASIBLE", None, 0, None)
        slots = tuple(enc.slots_of(model, len(instance.meetings)))
        return EngineOutcome("rc2", "OPTIMAL", int(rc2.cost), int(rc2.cost), slots)
