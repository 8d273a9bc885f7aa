"""The general CP-SAT model: every rule of the instance model, lexicographic objective.

Stage 1 (only when meetings are optional): maximise the priority-weighted number
of meetings held. Stage 2: keep that value and minimise total breaks. Each stage
gets its share of the time limit; stage 2 starts from stage 1's solution.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from jisr.engine.scheduling.constraints import RULES, ModelContext
from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.outcome import ProgressCallback, Status
from jisr.engine.scheduling.preprocess import Domains, weight_upper_bound


@dataclass(frozen=True)
class CpSatOutcome:
    status: Status
    objective: int | None
    bound: int | None
    weighted_scheduled: int | None
    weighted_bound: int | None
    slots: tuple[int | None, ...] | None
    venues: tuple[str | None, ...] | None
    engine: str = "cpsat"


def build_model(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    disabled: frozenset[str] = frozenset(),
) -> ModelContext:
    """Apply every rule module to a fresh model."""
    context = ModelContext(
        model=cp_model.CpModel(),
        instance=instance,
        domains=domains,
        fairness=fairness,
        disabled=disabled,
    )
    for rule in RULES:
        rule.build(context)
    return context


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_progress: ProgressCallback | None, start: float) -> None:
        super().__init__()
        self.on_progress = on_progress
        self.start = start

    def on_solution_callback(self) -> None:
        if self.on_progress is not None:
            self.on_progress(
                round(self.objective_value),
                round(self.best_objective_bound),
                time.monotonic() - self.start,
            )


class _StopAt(cp_model.CpSolverSolutionCallback):
    """Stops stage 1 once every table-slot holds the heaviest possible meetings."""

    def __init__(self, target: int) -> None:
        super().__init__()
        self.target = target

    def on_solution_callback(self) -> None:
        if self.objective_value >= self.target:
            self.stop_search()


def make_solver(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    return solver


_STATUS: dict[Any, Status] = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "UNKNOWN",
    cp_model.UNKNOWN: "UNKNOWN",
}


def solve_cpsat(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    time_limit: float,
    workers: int,
    seed: int,
    on_progress: ProgressCallback | None = None,
    hint: tuple[int | None, ...] | None = None,
    min_weight: int | None = None,
) -> CpSatOutcome:
    start = time.monotonic()
    context = build_model(instance, domains, fairness=fairness)
    model = context.model
    weights = [meeting.priority for meeting in instance.meetings]
    weighted = sum(w * held for w, held in zip(weights, context.held, strict=True))
    if min_weight is not None:  # a known schedule holds this much already
        model.add(weighted >= min_weight)
    if hint is not None:
        for (m, t), var in context.place.items():
            model.add_hint(var, 1 if hint[m] == t else 0)

    weighted_value: int | None = None
    weighted_bound: int | None = None
    everything_required = instance.require_all or all(
        meeting.fixed_slot is not None for meeting in instance.meetings
    )
    if not everything_required:
        model.maximize(weighted)
        solver = make_solver(time_limit / 2, workers, seed)
        code = solver.solve(model, _StopAt(weight_upper_bound(instance, domains)))
        status = _STATUS[code]
        if status in ("INFEASIBLE", "UNKNOWN"):
            return CpSatOutcome(status, None, None, None, None, None, None)
        weighted_value = round(solver.objective_value)
        # CP-SAT without its LP worker keeps the trivial bound; capacity is sharper.
        weighted_bound = min(
            round(solver.best_objective_bound), weight_upper_bound(instance, domains)
        )
        model.add(weighted >= weighted_value)
        model.clear_hints()  # type: ignore[no-untyped-call]  # one hint per variable
        for var in context.place.values():
            model.add_hint(var, solver.boolean_value(var))
        # minimize() below replaces the stage-1 objective.

    total_breaks = sum(context.breaks)
    model.minimize(total_breaks)
    remaining = time_limit - (time.monotonic() - start)
    solver = make_solver(remaining, workers, seed)
    callback = _Progress(on_progress, start)
    code = solver.solve(model, callback)
    status = _STATUS[code]
    if status in ("INFEASIBLE", "UNKNOWN"):
        return CpSatOutcome(status, None, None, weighted_value, weighted_bound, None, None)
    slots: list[int | None] = [None] * len(instance.meetings)
    for (m, t), var in context.place.items():
        if solver.boolean_value(var):
            slots[m] = t
    venues: list[str | None] = [None] * len(instance.meetings)
    for (m, t, venue), var in context.venue.items():
        if slots[m] == t and solver.boolean_value(var):
            venues[m] = venue
    if weighted_value is None:
        weighted_value = sum(w for w, s in zip(weights, slots, strict=True) if s is not None)
        weighted_bound = weighted_value
    # A stage-1 result that is not proven optimal caps the final status.
    if weighted_bound is not None and weighted_bound > weighted_value and status == "OPTIMAL":
        status = "FEASIBLE"
    return CpSatOutcome(
        status=status,
        objective=round(solver.objective_value),
        bound=round(solver.best_objective_bound),
        weighted_scheduled=weighted_value,
        weighted_bound=weighted_bound,
        slots=tuple(slots),
        venues=tuple(venues),
    )


def is_feasible(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    disabled: frozenset[str],
    time_limit: float,
    workers: int,
    seed: int,
) -> bool | None:
    """Feasibility with some rules switched off: True, False or None (unknown)."""
    context = build_model(instance, domains, fairness=fairness, disabled=disabled)
    solver = make_solver(time_limit, workers, seed)
    code = solver.solve(context.model)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    if code == cp_model.INFEASIBLE:
        return False
    return None
