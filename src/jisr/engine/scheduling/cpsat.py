"""The general CP-SAT model: every rule of the instance model, lexicographic objective.

Stage 1 (only when meetings are optional, and not when ``min_weight`` already
reaches the capacity bound): maximise the priority-weighted number of meetings
held. Stage 2: keep that value and minimise total breaks. Each stage gets its
share of the time limit; stage 2 starts from stage 1's solution.

Progress: stage 1 reports (None, 0, seconds) on each improvement and about every
second, so a caller sees time pass (its figures are weights, not breaks; see
``on_stage``); stage 2 reports (breaks, bound on breaks, seconds).
A ``should_stop`` hook is polled every ``STOP_POLL`` seconds by a watcher thread
that calls ``stop_search``; a stopped stage 1 skips stage 2 and returns its schedule.
A hook that raises stops the search too, and its exception is raised again in the
calling thread once the solve has returned (see ``stop_watch``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from jisr.engine.scheduling.constraints import RULES, ModelContext
from jisr.engine.scheduling.errors import SchedulingError
from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.outcome import ProgressCallback, Status, StopCheck
from jisr.engine.scheduling.preprocess import Domains
from jisr.engine.scheduling.weight_lp import weight_lp_bound


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


# Tasks per deterministic batch of the interleaved search: fixed, so that the search
# does not depend on the number of workers (the default batch follows it).
INTERLEAVE_BATCH = 4

# Seconds between two polls of a ``should_stop`` hook.
STOP_POLL = 0.25

# Seconds a CP-SAT solve gets at least, even when its stage's share is spent. A time
# limit that runs out just as CP-SAT loads a complete hint, with a solution callback,
# aborts OR-Tools 9.15 (the CHECK of ``solve_cpsat``'s stage-1 note). Measured with
# benchmarks/bench_scheduling_aborts.py (small solves like the property tests', 2
# children x 60 s): with 0.01 s both children aborted, with 0.1 s neither did.
MIN_SOLVE_SECONDS = 0.1

# Called with (stage, objective, bound, seconds): stage "weight" (maximise held
# priority weight; objective = weight held, bound = upper bound on it) or "breaks".
StageCallback = Callable[[str, int, int, float], None]


class StageProgress(cp_model.CpSolverSolutionCallback):
    """Reports each new solution; in stage 1 ("weight") as (None, 0, seconds)."""

    def __init__(
        self,
        on_progress: ProgressCallback | None,
        start: float,
        stage: str = "breaks",
        target: int | None = None,
        on_stage: StageCallback | None = None,
    ) -> None:
        super().__init__()
        self.on_progress = on_progress
        self.start = start
        self.stage = stage
        self.target = target
        self.on_stage = on_stage

    def on_solution_callback(self) -> None:
        objective, bound = round(self.objective_value), round(self.best_objective_bound)
        seconds = time.monotonic() - self.start
        if self.on_stage is not None:
            self.on_stage(self.stage, objective, bound, seconds)
        if self.on_progress is not None:
            if self.stage == "breaks":
                self.on_progress(objective, bound, seconds)
            else:
                self.on_progress(None, 0, seconds)
        # Stage 1 is done once every table-slot holds the heaviest possible meetings.
        if self.target is not None and self.objective_value >= self.target:
            self.stop_search()


def stage_progress(
    on_progress: ProgressCallback | None,
    start: float,
    stage: str = "breaks",
    on_stage: StageCallback | None = None,
) -> StageProgress | None:
    """A ``StageProgress`` without a target, or None when no hook would hear it.

    Leaving the callback out is not only cheaper: a solve that ends (time limit, stop)
    just as CP-SAT loads a complete hint aborted OR-Tools 9.15 only with a solution
    callback registered (a dumped model at 0.01 s: 4 of 12 child processes of 60
    solves with a callback that does nothing, 0 of 6 without one)."""
    if on_progress is None and on_stage is None:
        return None
    return StageProgress(on_progress, start, stage=stage, on_stage=on_stage)


@contextmanager
def stop_watch(
    solver: cp_model.CpSolver,
    should_stop: StopCheck | None,
    *,
    heartbeat: Callable[[], None] | None = None,
) -> Iterator[threading.Event]:
    """While the block runs, poll ``should_stop`` and stop ``solver`` when it says so;
    call ``heartbeat()`` about every second. The yielded event is set if stopped.

    Both hooks are the caller's code (a database read, a progress write) and run in the
    watcher thread: an exception there would only end that thread, so the search would
    run on to its time limit with nobody listening. Instead the search is stopped and
    the exception raised again here, in the solving thread, after the block."""
    stopped = threading.Event()
    if should_stop is None and heartbeat is None:
        yield stopped
        return
    done = threading.Event()
    failures: list[Exception] = []

    def watch() -> None:
        last = time.monotonic()
        try:
            while not done.wait(STOP_POLL):
                if should_stop is not None and not stopped.is_set() and should_stop():
                    stopped.set()
                    solver.stop_search()
                if heartbeat is not None and time.monotonic() - last >= 1.0:
                    last = time.monotonic()
                    heartbeat()
        except Exception as error:  # handed to the solving thread below
            failures.append(error)
            stopped.set()
            solver.stop_search()

    watcher = threading.Thread(target=watch, name="cpsat-stop-watch", daemon=True)
    watcher.start()
    try:
        yield stopped
    finally:
        done.set()
        watcher.join()
    if failures:
        raise failures[0]


def plain_solver() -> cp_model.CpSolver:
    """A CP-SAT solver that leaves the process's SIGINT handler alone.

    By default CP-SAT (9.15) installs its own SIGINT handler for the length of a solve,
    keeps what it calls in a thread-local of the solving thread, and resets SIGINT to
    the system default afterwards. Measured: a SIGINT handled by another thread during
    a solve (the main thread of ``jisr db_worker`` while a run solves in its helper
    thread) calls an empty ``std::function``, and the process dies with "Fatal Python
    error: Aborted"; after any solve, SIGINT kills the process instead of raising
    KeyboardInterrupt or reaching the worker's graceful shutdown. Stopping a search is
    done with ``should_stop`` and ``stop_search`` instead.
    """
    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False
    return solver


def checked_solve(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> Any:
    """``solver.solve``, raising ``SchedulingError`` for a model CP-SAT refuses.

    MODEL_INVALID (say a hint naming a variable twice, or a variable of another model)
    is an engine bug, not an instance without a schedule: it must not be reported as
    UNKNOWN, nor as locked meetings that clash."""
    code = solver.solve(model, callback)
    if code == cp_model.MODEL_INVALID:
        reason = model.validate() or solver.solution_info()
        raise SchedulingError(f"CP-SAT rejected the model: {reason}")
    return code


def make_solver(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    """A CP-SAT solver whose search does not depend on the number of workers.

    ``interleave_search`` runs CP-SAT's portfolio in deterministic batches of
    ``INTERLEAVE_BATCH`` tasks spread over the workers. Measured (OR-Tools 9.15, a
    16-participant, 40-meeting required instance): without it, 2 workers gave two
    different optimal schedules in two runs; with it and the default batch size
    (which follows the number of workers), 1, 2 and 3 workers gave three different
    schedules; with a fixed batch, 2, 3, 4 and 8 workers gave the same one. One worker
    falls back to CP-SAT's sequential search, another search, so ``workers=1`` runs
    the interleaved batches on 2 threads. A run that ends on the wall-clock limit
    rather than by proving optimality still depends on how far the search got, that
    is on the machine's load.

    ``max_lp`` is left out: a batch waits for its slowest task, and on a 100-person
    console event one ``max_lp`` task (a 9,863-row LP) held the first batch for the
    whole 15 s of the weight stage, so no neighbourhood search ever ran and the
    construction's 934 stayed the answer; without it the same stage reached 976. Its
    role, a sharp weight bound, is played by ``weight_lp``.
    """
    solver = plain_solver()
    solver.parameters.max_time_in_seconds = max(MIN_SOLVE_SECONDS, time_limit)
    solver.parameters.num_workers = max(2, workers)
    solver.parameters.random_seed = seed
    solver.parameters.interleave_search = True
    solver.parameters.interleave_batch_size = INTERLEAVE_BATCH
    solver.parameters.ignore_subsolvers.append("max_lp")
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
    should_stop: StopCheck | None = None,
    on_stage: StageCallback | None = None,
) -> CpSatOutcome:
    """Lexicographic CP-SAT solve; see the module docstring for progress and stopping."""
    start = time.monotonic()

    def heartbeat() -> None:
        if on_progress is not None:
            on_progress(None, 0, time.monotonic() - start)

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
    # The relaxation's bound, so that stage 1 stops once it holds that much.
    target = None if everything_required else weight_lp_bound(instance, domains)
    if target is not None and min_weight is not None and min_weight >= target:
        # The hint already holds all the weight that fits: stage 1 has nothing to find.
        # Solving it anyway made CP-SAT report the complete hint as its first solution,
        # at the target, and the callback's stop_search then aborted the process
        # (OR-Tools 9.15: "Check failed: solution->size() == postsolve_mapping.size()").
        weighted_value = weighted_bound = min_weight
    elif target is not None:
        model.maximize(weighted)
        solver = make_solver(time_limit / 2, workers, seed)
        first = StageProgress(on_progress, start, stage="weight", target=target, on_stage=on_stage)
        with stop_watch(solver, should_stop, heartbeat=heartbeat) as stopped:
            code = checked_solve(solver, model, first)
        status = _STATUS[code]
        if status in ("INFEASIBLE", "UNKNOWN"):
            proved = target if status == "UNKNOWN" else None  # holds for any schedule
            return CpSatOutcome(status, None, None, None, proved, None, None)
        weighted_value = round(solver.objective_value)
        # CP-SAT's own bound is often far weaker in the time it has (weight_lp).
        weighted_bound = min(round(solver.best_objective_bound), target)
        if stopped.is_set():
            return _read(
                instance, context, solver, "FEASIBLE", weighted_value, weighted_bound, breaks=True
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
    callback = stage_progress(on_progress, start, on_stage=on_stage)
    with stop_watch(solver, should_stop, heartbeat=heartbeat):
        code = checked_solve(solver, model, callback)
    status = _STATUS[code]
    if status in ("INFEASIBLE", "UNKNOWN"):
        return CpSatOutcome(status, None, None, weighted_value, weighted_bound, None, None)
    return _read(instance, context, solver, status, weighted_value, weighted_bound)


def _read(
    instance: Instance,
    context: ModelContext,
    solver: cp_model.CpSolver,
    status: Status,
    weighted_value: int | None,
    weighted_bound: int | None,
    *,
    breaks: bool = False,
) -> CpSatOutcome:
    """The outcome from ``solver``'s last solution; ``breaks``: the objective was the
    stage-1 weight, so count breaks from the solution instead (bound 0: none proven)."""
    weights = [meeting.priority for meeting in instance.meetings]
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
    if breaks:
        objective, bound = round(solver.value(sum(context.breaks))), 0
    else:
        objective, bound = round(solver.objective_value), round(solver.best_objective_bound)
    return CpSatOutcome(
        status=status,
        objective=objective,
        bound=bound,
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
    should_stop: StopCheck | None = None,
) -> bool | None:
    """Feasibility with some rules switched off: True, False or None (unknown)."""
    context = build_model(instance, domains, fairness=fairness, disabled=disabled)
    solver = make_solver(time_limit, workers, seed)
    with stop_watch(solver, should_stop):
        code = checked_solve(solver, context.model)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    if code == cp_model.INFEASIBLE:
        return False
    return None
