"""Public entry point: ``solve(instance, ...) -> Result``.

Engine choice ("auto"): instances where every meeting is required and travel
buffers are absent (the published benchmark's problem) go to the SAT/MaxSAT
portfolio, which proves optima where CP-SAT stalls on the bound (MODELS.md);
everything else (optional meetings with priorities, travel buffers) goes to the
CP-SAT model. Every answer is checked by the independent validator before it is
returned; an engine bug raises instead of returning a wrong schedule.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from jisr.engine.scheduling.checks import check_instance
from jisr.engine.scheduling.cpsat import CpSatOutcome, solve_cpsat
from jisr.engine.scheduling.errors import SchedulingError
from jisr.engine.scheduling.explain import explain_infeasibility, unscheduled_reasons
from jisr.engine.scheduling.instance import Instance, Schedule
from jisr.engine.scheduling.large import (
    LARGE_THRESHOLD,
    OPTIONAL_LARGE_THRESHOLD,
    solve_large,
)
from jisr.engine.scheduling.outcome import ProgressCallback, Status, StopCheck, Unscheduled
from jisr.engine.scheduling.portfolio import run_portfolio
from jisr.engine.scheduling.preprocess import Conflict, Domains, compute_domains
from jisr.engine.scheduling.sat_encoding import min_breaks_surely_zero, supports
from jisr.engine.scheduling.tables import assign_tables
from jisr.engine.scheduling.validate import evaluate

Engine = Literal["auto", "portfolio", "sat_search", "cpsat", "large"]

# Seconds at most for re-solves that find why a meeting stayed out (``explain``).
EXPLAIN_SECONDS = 5.0


@dataclass(frozen=True)
class ParticipantBreakdown:
    participant: str
    requested: int
    scheduled: int
    breaks: int


@dataclass(frozen=True)
class Result:
    """Outcome of ``solve``. ``objective`` and ``bound`` count total breaks."""

    status: Status
    objective: int | None
    bound: int | None
    scheduled: int
    weighted_scheduled: int
    weighted_bound: int | None
    schedule: Schedule | None
    participants: tuple[ParticipantBreakdown, ...]
    unscheduled: tuple[Unscheduled, ...]
    conflicts: tuple[Conflict, ...]
    seconds: float
    engine: str

    def to_json(self, instance: Instance) -> dict[str, Any]:
        """JSON-serialisable form keyed by ids (for storing a run)."""
        schedule = self.schedule
        return {
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "scheduled": self.scheduled,
            "weighted_scheduled": self.weighted_scheduled,
            "weighted_bound": self.weighted_bound,
            "seconds": round(self.seconds, 3),
            "engine": self.engine,
            "meetings": []
            if schedule is None
            else [
                {
                    "id": meeting.id,
                    "slot": schedule.slots[m],
                    "table": None
                    if schedule.tables is None or schedule.tables[m] is None
                    else instance.tables[schedule.tables[m] or 0].id,
                }
                for m, meeting in enumerate(instance.meetings)
            ],
            "participants": [vars(p) for p in self.participants],
            "unscheduled": [vars(u) for u in self.unscheduled],
            "conflicts": [
                {"rules": list(c.rules), "reason": c.reason, "code": c.code, "params": c.params}
                for c in self.conflicts
            ],
        }


def solve(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    fairness: int | None = 2,
    engine: Engine = "auto",
    on_progress: ProgressCallback | None = None,
    explain: bool = True,
    tables: bool = True,
    should_stop: StopCheck | None = None,
    fixed_tables: Mapping[int, int] | None = None,
    preferred_tables: Mapping[int, int] | None = None,
) -> Result:
    """Schedule ``instance`` within ``time_limit`` seconds on ``workers`` cores.

    ``fairness`` is d in max - min breaks <= d (None: no cap). ``explain``
    searches for the rules in conflict when the input is infeasible, and for the rule
    that keeps each left-out meeting out (extra solves, at most ``EXPLAIN_SECONDS``).
    ``on_progress`` gets (breaks or None, bound, seconds); see ``outcome.ProgressCallback``.
    ``should_stop`` is polled about every half second from the solver's threads; once
    it returns True the search ends with status FEASIBLE and the best schedule found so
    far (validated as usual), or UNKNOWN and no schedule; an explanation then stops
    early too (its rules still conflict, perhaps not minimally).
    ``fixed_tables`` / ``preferred_tables`` (meeting index -> table index) pin the
    tables of locked meetings and keep others at their table when possible; see
    ``tables.assign_tables``.
    """
    start = time.monotonic()
    check_instance(instance)  # InstanceError naming the field, not an IndexError later
    domains = compute_domains(instance)
    # Fixed meetings are always required, so their conflicts are final either way.
    hard = [c for c in domains.conflicts if instance.require_all or "fixed" in c.rules]
    if hard:
        return _infeasible(instance, tuple(hard), start, "preprocess")

    sat_ok = supports(instance) and (fairness is None or min_breaks_surely_zero(instance))
    chosen: str = engine
    if engine == "auto":
        chosen = ("portfolio" if workers >= 2 else "sat_search") if sat_ok else "cpsat"
        pairs = sum(len(allowed) for allowed in domains.slots)
        optional = not instance.require_all
        if pairs > LARGE_THRESHOLD or (optional and pairs > OPTIONAL_LARGE_THRESHOLD):
            chosen = "large"
    if chosen in ("portfolio", "sat_search") and not sat_ok:
        raise SchedulingError(f"engine {chosen} does not support this instance")

    slots: tuple[int | None, ...] | None
    venues: tuple[str | None, ...] | None = None
    weighted_bound: int | None = None
    if chosen == "portfolio":
        outcome = run_portfolio(
            instance,
            domains,
            fairness=fairness,
            time_limit=time_limit,
            on_progress=on_progress,
            should_stop=should_stop,
        )
        status, objective, bound, slots = (
            outcome.status,
            outcome.objective,
            outcome.bound,
            outcome.slots,
        )
    elif chosen == "sat_search":
        # In a child process even alone: CaDiCaL cannot be interrupted in-process.
        outcome = run_portfolio(
            instance,
            domains,
            fairness=fairness,
            time_limit=time_limit,
            engines=("sat_search",),
            on_progress=on_progress,
            should_stop=should_stop,
            upper_after=None,  # one worker: no second search process
        )
        status, objective, bound, slots = (
            outcome.status,
            outcome.objective,
            outcome.bound,
            outcome.slots,
        )
    elif chosen == "large":
        result = solve_large(
            instance,
            domains,
            fairness=fairness,
            time_limit=time_limit,
            should_stop=should_stop,
            on_progress=on_progress,
        )
        status, objective, slots = result.status, result.objective, result.slots
        bound = result.bound if result.bound is not None else 0
        venues, weighted_bound = result.venues, result.weighted_bound
    else:
        result = _cpsat_with_fallback(
            instance, domains, fairness, time_limit, workers, seed, on_progress, should_stop
        )
        chosen = "cpsat" if result.engine == "cpsat" else "cpsat+large"
        status, objective, slots = result.status, result.objective, result.slots
        bound = result.bound if result.bound is not None else 0
        venues, weighted_bound = result.venues, result.weighted_bound

    if status == "INFEASIBLE":
        conflicts: tuple[Conflict, ...] = ()
        if explain:
            remaining = max(1.0, time_limit - (time.monotonic() - start))
            conflicts = explain_infeasibility(
                instance,
                fairness=fairness,
                time_limit=remaining,
                workers=workers,
                seed=seed,
                should_stop=should_stop,
            )
        return _infeasible(instance, conflicts, start, chosen)
    if slots is None:
        return Result(
            status="UNKNOWN",
            objective=None,
            bound=bound,
            scheduled=0,
            weighted_scheduled=0,
            weighted_bound=weighted_bound,
            schedule=None,
            participants=(),
            unscheduled=(),
            conflicts=(),
            seconds=time.monotonic() - start,
            engine=chosen,
        )

    table_of = (
        assign_tables(instance, slots, venues, fixed=fixed_tables, preferred=preferred_tables)
        if tables
        else None
    )
    schedule = Schedule(slots=slots, tables=table_of)
    check = evaluate(instance, schedule, fairness=fairness)
    if not check.ok:
        raise SchedulingError(f"engine {chosen} returned an invalid schedule: {check.violations}")
    if objective is not None and objective != check.total_breaks:
        raise SchedulingError(
            f"engine {chosen} claims {objective} breaks, the validator counts {check.total_breaks}"
        )
    own = instance.meetings_of()
    final_weight_bound = weighted_bound if weighted_bound is not None else check.weighted_scheduled
    if (
        status == "FEASIBLE"
        and bound == check.total_breaks
        and final_weight_bound == check.weighted_scheduled
    ):
        status = "OPTIMAL"  # both objectives meet their proven bounds
    return Result(
        status=status,
        objective=check.total_breaks,
        bound=bound,
        scheduled=check.scheduled,
        weighted_scheduled=check.weighted_scheduled,
        weighted_bound=final_weight_bound,
        schedule=schedule,
        participants=tuple(
            ParticipantBreakdown(
                participant=participant.id,
                requested=len(own[p]),
                scheduled=check.meetings_per_participant[p],
                breaks=check.breaks[p],
            )
            for p, participant in enumerate(instance.participants)
        ),
        unscheduled=unscheduled_reasons(
            instance,
            domains,
            schedule,
            fairness=fairness,
            time_limit=min(EXPLAIN_SECONDS, 0.1 * time_limit)
            if explain and not (should_stop is not None and should_stop())
            else 0.0,
        ),
        conflicts=(),
        seconds=time.monotonic() - start,
        engine=chosen,
    )


def _cpsat_with_fallback(
    instance: Instance,
    domains: Domains,
    fairness: int | None,
    time_limit: float,
    workers: int,
    seed: int,
    on_progress: ProgressCallback | None,
    should_stop: StopCheck | None = None,
) -> CpSatOutcome:
    """CP-SAT, started from the construction heuristic when meetings are optional.

    Measured: on 500 participants / 3,000 requests CP-SAT alone found no schedule in
    60 s, while the construction takes seconds. Its schedule is the hint, a lower
    bound on held weight, and the answer when CP-SAT finds nothing better.
    """
    start = time.monotonic()
    fallback: CpSatOutcome | None = None
    if not instance.require_all:
        quick = solve_large(
            instance,
            domains,
            fairness=fairness,
            time_limit=min(20.0, 0.25 * time_limit),
            should_stop=should_stop,
        )
        if quick.slots is not None and _valid_with_venues(instance, quick, fairness):
            fallback = quick
            if quick.status == "OPTIMAL":  # both bounds met: nothing to improve
                if on_progress is not None:
                    on_progress(quick.objective, quick.bound or 0, time.monotonic() - start)
                return quick
            if should_stop is not None and should_stop():
                return replace(quick, status="FEASIBLE")
    result = solve_cpsat(
        instance,
        domains,
        fairness=fairness,
        time_limit=max(0.5, time_limit - (time.monotonic() - start)),
        workers=workers,
        seed=seed,
        on_progress=on_progress,
        should_stop=should_stop,
        hint=fallback.slots if fallback is not None else None,
        min_weight=fallback.weighted_scheduled if fallback is not None else None,
    )
    if fallback is None or result.status in ("OPTIMAL", "INFEASIBLE"):
        return result
    if result.slots is None or _key(fallback) < _key(result):
        # CP-SAT's weight bound (the relaxation's) also holds for the construction.
        bounds = [b for b in (fallback.weighted_bound, result.weighted_bound) if b is not None]
        return replace(fallback, weighted_bound=min(bounds, default=None))
    return result


def _valid_with_venues(instance: Instance, outcome: CpSatOutcome, fairness: int | None) -> bool:
    """The construction's schedule passes the validator, its venues seated at tables.

    Without tables the validator cannot tell the venue of a meeting in a slot with
    tables at two venues, so travel buffers always failed there and the construction
    was thrown away (measured: a 100-participant, two-venue event then got no schedule
    at all in 30 s from CP-SAT alone)."""
    assert outcome.slots is not None
    tables = (
        assign_tables(instance, outcome.slots, outcome.venues) if instance.travel_buffers else None
    )
    return evaluate(instance, Schedule(slots=outcome.slots, tables=tables), fairness=fairness).ok


def _key(outcome: CpSatOutcome) -> tuple[int, int]:
    """Lexicographic objective: more weight first, then fewer breaks."""
    return (-(outcome.weighted_scheduled or 0), outcome.objective or 0)


def _infeasible(
    instance: Instance, conflicts: tuple[Conflict, ...], start: float, engine: str
) -> Result:
    reason = "; ".join(c.reason for c in conflicts) or "the rules admit no schedule"
    return Result(
        status="INFEASIBLE",
        objective=None,
        bound=None,
        scheduled=0,
        weighted_scheduled=0,
        weighted_bound=None,
        schedule=None,
        participants=(),
        unscheduled=tuple(
            Unscheduled(m.id, reason, "infeasible", {"conflicts": [c.code for c in conflicts]})
            for m in instance.meetings
        ),
        conflicts=conflicts,
        seconds=time.monotonic() - start,
        engine=engine,
    )
