"""Core-guided MaxSAT (PySAT RC2 on Glucose 4) with the implied constraints IC1/IC2.

Each break literal is a soft clause of weight 1. Implied constraints make the
cores small, which is what proves the larger optima (fixed-meeting variants)
quickly. RC2 has no time limit of its own: the portfolio runs it in a separate
process and stops that process at the deadline.
"""

from __future__ import annotations

from pysat.examples.rc2 import RC2
from pysat.formula import WCNF

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.outcome import EngineOutcome
from jisr.engine.scheduling.preprocess import Domains
from jisr.engine.scheduling.sat_encoding import encode

SOLVER_NAME = "g4"


def run_rc2(instance: Instance, domains: Domains, *, fairness: int | None) -> EngineOutcome:
    """Solve to optimality (or infeasibility); runs until done."""
    enc = encode(instance, domains, fairness=fairness, implied=True, span=False, intervals=False)
    formula = WCNF()
    formula.extend(enc.clauses)
    for lit in enc.all_breaks():
        formula.append([-lit], weight=1)
    with RC2(formula, solver=SOLVER_NAME, adapt=True, exhaust=True, minz=True) as rc2:
        model = rc2.compute()
        if model is None:
            return EngineOutcome("rc2", "INFEASIBLE", None, 0, None)
        slots = tuple(enc.slots_of(model, len(instance.meetings)))
        return EngineOutcome("rc2", "OPTIMAL", int(rc2.cost), int(rc2.cost), slots)
