"""Large-neighbourhood search with one incremental SAT solver: keep most of a
schedule, let CaDiCaL re-place the rest with fewer breaks.

One solver holds the whole encoding (no symmetry breaking, so every schedule is a
model) and a totalizer over the break literals. The encoding is the one that finds
low-break schedules fastest on the event's shape: span and interval clauses when
session rules split the day, IC1/IC2 otherwise. A step keeps every
meeting outside a neighbourhood at its slot (assumptions, so nothing is added to
the solver) and asks for at most ``breaks - 1`` breaks under a conflict budget.
Learnt clauses and phases carry from one step to the next.

Neighbourhoods, drawn in turn: the meetings of a participant with a break and of
the people she meets; every meeting held in a window of consecutive slots (with
tables scarce, a break often closes only when the meetings around it move
together). Their size adapts: a step proved to have no better schedule grows the
next one, a step that ran out of budget shrinks it. A step that frees every
meeting and is refuted proves the schedule optimal.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from pysat.card import ITotalizer
from pysat.solvers import Solver

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.preprocess import Domains
from jisr.engine.scheduling.sat_encoding import encode_for_search
from jisr.engine.scheduling.sat_search import SOLVER_NAME
from jisr.engine.scheduling.validate import participant_breaks

# Conflicts one step may spend before it gives up on its neighbourhood.
CONFLICT_BUDGET = 3000
# Freed meetings in the first neighbourhood, and how the size moves.
FIRST_SIZE = 24
GROW = 1.15
SHRINK = 0.9


@dataclass(frozen=True)
class StepResult:
    """What one run of steps did: the best schedule and whether it is proved optimal."""

    breaks: int
    slots: tuple[int, ...]
    optimal: bool
    steps: int


class SatNeighbourhoods:
    """Resumable: ``run(deadline)`` goes on from the schedule it holds.

    ``slots`` is a valid schedule with ``breaks`` breaks (from the annealing or a SAT
    call). The random source is seeded, so with the same budgets the same input
    gives the same steps."""

    def __init__(
        self,
        instance: Instance,
        domains: Domains,
        *,
        fairness: int | None,
        slots: tuple[int, ...],
        breaks: int,
        seed: int = 0,
    ) -> None:
        self.instance = instance
        self.rng = random.Random(seed)
        # On the two-session files, from the same start, 25 s, seeds 0-4: span clauses
        # ended at 18.0 breaks on average against 18.4 (forum-13.t1) and 16.2 against
        # 17.8 (ticf-13crafa.t1); 292 against 307 breaks over 16 runs of five files.
        span = instance.has_session_rules
        self.enc = encode_for_search(
            instance, domains, fairness=fairness, span=span, symmetry=False
        )
        self.solver = Solver(name=SOLVER_NAME, bootstrap_with=self.enc.clauses)
        self.counter = ITotalizer(
            lits=self.enc.all_breaks(), ubound=max(1, breaks), top_id=self.enc.top
        )
        self.solver.append_formula(self.counter.cnf.clauses)
        self.own = instance.meetings_of()
        self.blocks = [block for block in instance.blocks() if len(block) > 1]
        self.size = float(FIRST_SIZE)
        self.steps = 0
        self.optimal = False
        self._hold(slots, breaks)

    def close(self) -> None:
        self.solver.delete()

    def adopt(self, slots: tuple[int, ...], breaks: int) -> None:
        """Continue from a better schedule found elsewhere."""
        if breaks < self.breaks:
            self._hold(slots, breaks)

    def _hold(self, slots: tuple[int, ...], breaks: int) -> None:
        """Make ``slots`` the schedule the steps start from (and CaDiCaL's phases)."""
        self.slots, self.breaks = slots, breaks
        self.optimal = breaks == 0
        # Participants with a break: the people-neighbourhoods start from one of them.
        self.restless = [
            p for p, mine in enumerate(self.own) if _breaks(self.instance, slots, mine) > 0
        ]
        self.solver.set_phases([self.enc.at[(m, t)] for m, t in enumerate(slots)])

    def run(self, deadline: float, *, target: int = 0) -> StepResult:
        """Steps until ``deadline``, an optimum, or at most ``target`` breaks."""
        n_meetings = len(self.slots)
        while not self.optimal and self.breaks > target and time.monotonic() < deadline:
            free = self._neighbourhood()
            everything = len(free) >= n_meetings
            kept = [self.enc.at[(m, t)] for m, t in enumerate(self.slots) if m not in free]
            assumptions = [*kept, -self.counter.rhs[self.breaks - 1]]
            self.solver.conf_budget(CONFLICT_BUDGET)
            self.steps += 1
            verdict = self.solver.solve_limited(assumptions=assumptions)
            if verdict is None:
                self.size = max(4.0, self.size * SHRINK)
            elif verdict:
                model = self.solver.get_model() or []
                self._hold(self.enc.slots_of(model, n_meetings), self.enc.breaks_in(model))
            elif everything:
                self.optimal = True  # no schedule at all has fewer breaks
            else:
                self.size = min(float(n_meetings), self.size * GROW)
        return StepResult(self.breaks, self.slots, self.optimal, self.steps)

    def _neighbourhood(self) -> set[int]:
        size = int(self.size)
        if size >= len(self.slots):
            return set(range(len(self.slots)))
        if self.blocks and self.steps % 2 == 1:
            return self._window(size)
        return self._people(size)

    def _people(self, size: int) -> set[int]:
        """A participant with a break, then the people she meets, widening."""
        own = self.own
        if not self.restless:
            return self._window(size)
        queue = [self.rng.choice(self.restless)]
        seen = set(queue)
        free: set[int] = set()
        while queue and len(free) < size:
            p = queue.pop(0)
            free.update(own[p])
            partners = [q for m in own[p] for q in self.instance.meetings[m].pair]
            self.rng.shuffle(partners)
            for q in partners:
                if q not in seen:
                    seen.add(q)
                    queue.append(q)
        return free

    def _window(self, size: int) -> set[int]:
        """Every meeting held in a run of consecutive slots of one block."""
        block = self.rng.choice(self.blocks)
        per_slot = max(1, sum(1 for t in self.slots if t in block) // len(block))
        width = max(2, min(len(block), round(size / per_slot)))
        first = self.rng.randrange(len(block) - width + 1)
        window = set(block[first : first + width])
        return {m for m, t in enumerate(self.slots) if t in window}


def _breaks(instance: Instance, slots: tuple[int, ...], mine: list[int]) -> int:
    return participant_breaks(instance, [slots[m] for m in mine])
