"""The one place where the scheduling console calls the engine's solvers.

``run_engine`` takes an engine instance, the run kind and parameters, and returns an
``EngineResult`` whose schedule has a slot and a table for every placed meeting and
whose reasons explain every unplaced one. The engine's solvers are used when they
exist; ``greedy`` below is the quick baseline (and the stand-in while they do not).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from jisr.engine.scheduling.instance import Instance, Schedule
from jisr.engine.scheduling.validate import evaluate

# Called with (objective, bound, seconds); returns True to ask the solver to stop.
Progress = Callable[[int | None, int | None, float], bool]


class RunStopped(Exception):
    """The organizer cancelled the run; nothing is stored."""


@dataclass
class EngineResult:
    schedule: Schedule
    status: str
    objective: int | None
    bound: int | None
    seconds: float
    engine: str
    # meeting index -> {"code": reason code, "detail": engine text}
    reasons: dict[int, dict[str, str]] = field(default_factory=dict)
    breakdown: dict[str, Any] = field(default_factory=dict)

    def solution_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "seconds": round(self.seconds, 3),
            "slots": list(self.schedule.slots),
            "tables": list(self.schedule.tables or ()),
            "breakdown": self.breakdown,
        }

    def summary(self, mapping: dict[str, Any]) -> dict[str, Any]:
        placed = sum(slot is not None for slot in self.schedule.slots)
        return {
            "placed": placed,
            "requested": len(self.schedule.slots),
            "engine": self.engine,
            "status": self.status,
            "unscheduled": {
                str(mapping["meetings"][m]): reason for m, reason in self.reasons.items()
            },
        }


class Infeasible(Exception):
    """No schedule satisfies the hard rules; ``conflicts`` name the rules involved."""

    def __init__(self, conflicts: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(c["reason"] for c in conflicts) or "infeasible")
        self.conflicts = conflicts


class NoSolution(Exception):
    """The time limit passed before the solver found any schedule."""


def run_engine(
    instance: Instance,
    *,
    kind: str,
    parameters: dict[str, Any],
    current: Schedule,
    progress: Progress,
) -> EngineResult:
    """Solve ``instance``. A reschedule keeps every meeting of ``current`` (the published
    schedule) in its slot and at its table, and places the others around them.

    Raises ``RunStopped`` when ``progress`` asks to stop, ``Infeasible`` and
    ``NoSolution`` when there is nothing to store.
    """
    start = time.monotonic()
    if kind == "greedy":
        result = greedy(instance, progress=progress, start=start)
    else:
        keep = _keepable(instance, current) if kind == "reschedule" else {}
        result = _solve(instance, parameters=parameters, keep=keep, progress=progress)
    if progress(result.objective, result.bound, time.monotonic() - start):
        raise RunStopped
    return result


def _solve(
    instance: Instance,
    *,
    parameters: dict[str, Any],
    keep: dict[int, tuple[int, int | None]],
    progress: Progress,
) -> EngineResult:
    # Imported here so the console's other pages never pay for loading the solvers.
    from jisr.engine.scheduling.solver import solve

    def on_progress(objective: int | None, bound: int, seconds: float) -> None:
        # The engine has no stop hook; an exception raised here unwinds its search.
        if progress(objective, bound, seconds):
            raise RunStopped

    pinned = replace(
        instance,
        meetings=tuple(
            replace(meeting, fixed_slot=keep[m][0])
            if m in keep and meeting.fixed_slot is None
            else meeting
            for m, meeting in enumerate(instance.meetings)
        ),
    )
    fairness = parameters.get("fairness")
    result = solve(
        pinned,
        time_limit=float(parameters.get("time_limit", 30)),
        workers=int(parameters.get("workers", 2)),
        seed=int(parameters.get("seed", 0)),
        # A reschedule must not fail because the published schedule is uneven.
        fairness=None if keep or fairness is None else int(fairness),
        on_progress=on_progress,
    )
    if result.status == "INFEASIBLE":
        raise Infeasible([{"rules": list(c.rules), "reason": c.reason} for c in result.conflicts])
    if result.schedule is None:
        raise NoSolution
    schedule = result.schedule
    if keep:
        schedule = _keep_tables(instance, schedule, keep)
    engine_reasons = {u.meeting: u.reason for u in result.unscheduled}
    reasons = {
        m: {
            "code": _reason_code(instance, schedule, m),
            "detail": engine_reasons.get(meeting.id, ""),
        }
        for m, meeting in enumerate(instance.meetings)
        if schedule.slots[m] is None
    }
    return EngineResult(
        schedule=schedule,
        status=result.status,
        objective=result.objective,
        bound=result.bound,
        seconds=result.seconds,
        engine=result.engine,
        reasons=reasons,
        breakdown={
            "breaks": result.objective,
            "scheduled": result.scheduled,
            "weighted_scheduled": result.weighted_scheduled,
            "weighted_bound": result.weighted_bound,
        },
    )


def _keep_tables(
    instance: Instance, schedule: Schedule, keep: dict[int, tuple[int, int | None]]
) -> Schedule:
    """Give kept meetings their old tables back; the others take a free table at the
    venue the engine chose, so nobody kept is told to change tables."""
    tables = list(schedule.tables or (None,) * len(schedule.slots))
    claimed: set[tuple[int, int]] = set()
    for m, (slot, table) in keep.items():
        if schedule.slots[m] == slot and table is not None:
            tables[m] = table
            claimed.add((slot, table))
    for m, slot in enumerate(schedule.slots):
        if slot is None or (m in keep and (slot, tables[m]) in claimed):
            continue
        table = tables[m]
        if table is not None and (slot, table) not in claimed:
            claimed.add((slot, table))
            continue
        venue = instance.tables[table].venue if table is not None else None
        for index, candidate in enumerate(instance.tables):
            open_here = candidate.slots is None or slot in candidate.slots
            if (slot, index) not in claimed and open_here and candidate.venue in (venue, None):
                tables[m] = index
                claimed.add((slot, index))
                break
    return Schedule(slots=schedule.slots, tables=tuple(tables))


def _reason_code(instance: Instance, schedule: Schedule, m: int) -> str:
    """A reason code for an unplaced meeting, from the final schedule."""
    meeting = instance.meetings[m]
    allowed = instance.allowed_slots(m)
    if not allowed:
        return "no_allowed_slot"
    busy = [set() for _ in instance.participants]  # type: list[set[int]]
    used = [0] * instance.n_slots
    for other, slot in enumerate(schedule.slots):
        if slot is not None:
            used[slot] += 1
            for p in instance.meetings[other].pair:
                busy[p].add(slot)
    for p in meeting.pair:
        cap = instance.participants[p].max_meetings
        if cap is not None and len(busy[p]) >= cap:
            return "participant_limit"
    caps = instance.capacity()
    free_both = [t for t in allowed if all(t not in busy[p] for p in meeting.pair)]
    if not free_both:
        return "no_common_free_slot"
    if all(used[t] >= caps[t] for t in free_both):
        return "no_table"
    return "objective"


def _keepable(instance: Instance, current: Schedule) -> dict[int, tuple[int, int | None]]:
    """Meetings of the current schedule, with their slot and table, to keep in place."""
    tables = current.tables or tuple(None for _ in current.slots)
    return {m: (slot, tables[m]) for m, slot in enumerate(current.slots) if slot is not None}


def greedy(
    instance: Instance,
    *,
    progress: Progress,
    start: float,
    keep: dict[int, tuple[int, int | None]] | None = None,
) -> EngineResult:
    """Place meetings one by one (fixed and kept ones first, then the most constrained
    participants first) in the slot that adds the fewest breaks, at a free table.

    Never moves a kept meeting, so as a reschedule it changes nothing that was placed.
    """
    keep = keep or {}
    n = len(instance.meetings)
    slots: list[int | None] = [None] * n
    tables: list[int | None] = [None] * n
    busy: list[dict[int, int]] = [{} for _ in instance.participants]
    taken: set[tuple[int, int]] = set()
    reasons: dict[int, dict[str, str]] = {}
    load = instance.meetings_of()

    def place(m: int, slot: int, table: int) -> None:
        slots[m], tables[m] = slot, table
        taken.add((table, slot))
        for p in instance.meetings[m].pair:
            busy[p][slot] = m

    order = sorted(
        range(n),
        key=lambda m: (
            instance.meetings[m].fixed_slot is None,
            m not in keep,
            -instance.meetings[m].priority,
            -max(len(load[p]) for p in instance.meetings[m].pair),
            m,
        ),
    )
    for step, m in enumerate(order):
        if step % 50 == 0 and progress(None, None, time.monotonic() - start):
            raise RunStopped
        meeting = instance.meetings[m]
        if m in keep and meeting.fixed_slot in (None, keep[m][0]):
            slot, table = keep[m]
            if table is None:
                table = _free_table(instance, slot, taken, m, busy, tables)
            if table is not None and all(slot not in busy[p] for p in meeting.pair):
                place(m, slot, table)
                continue
        reason = _try_place(instance, m, busy, taken, tables, place)
        if reason:
            reasons[m] = reason
    schedule = Schedule(slots=tuple(slots), tables=tuple(tables))
    evaluation = evaluate(instance, schedule, fairness=None)
    return EngineResult(
        schedule=schedule,
        status="FEASIBLE",
        objective=evaluation.total_breaks,
        bound=None,
        seconds=time.monotonic() - start,
        engine="greedy",
        reasons=reasons,
        breakdown={"breaks": evaluation.total_breaks, "unscheduled": n - evaluation.scheduled},
    )


def _try_place(
    instance: Instance,
    m: int,
    busy: list[dict[int, int]],
    taken: set[tuple[int, int]],
    tables: list[int | None],
    place: Callable[[int, int, int], None],
) -> dict[str, str] | None:
    meeting = instance.meetings[m]
    allowed = instance.allowed_slots(m)
    if meeting.fixed_slot is not None:
        allowed = [s for s in allowed if s == meeting.fixed_slot]
    if not allowed:
        return {"code": "no_allowed_slot"}
    for p in meeting.pair:
        cap = instance.participants[p].max_meetings
        if cap is not None and len(busy[p]) >= cap:
            return {"code": "participant_limit", "detail": instance.participants[p].id}
    free = [s for s in allowed if all(s not in busy[p] for p in meeting.pair)]
    if not free:
        return {"code": "no_common_free_slot"}
    for slot in sorted(free, key=lambda s: (_added_breaks(instance, busy, meeting.pair, s), s)):
        table = _free_table(instance, slot, taken, m, busy, tables)
        if table is not None:
            place(m, slot, table)
            return None
    return {"code": "no_table"}


def _added_breaks(instance: Instance, busy: list[dict[int, int]], pair: Any, slot: int) -> int:
    """Breaks a meeting in ``slot`` would create or fill for both participants."""
    score = 0
    for p in pair:
        others = busy[p]
        if not others:
            continue
        adjacent = (slot - 1 in others and instance.adjacent(slot - 1)) or (
            slot + 1 in others and instance.adjacent(slot)
        )
        same_block = any(_same_block(instance, slot, other) for other in others)
        score += 0 if adjacent else (1 if same_block else 2)
    return score


def _same_block(instance: Instance, a: int, b: int) -> bool:
    low, high = min(a, b), max(a, b)
    return all(instance.adjacent(s) for s in range(low, high))


def _free_table(
    instance: Instance,
    slot: int,
    taken: set[tuple[int, int]],
    m: int,
    busy: list[dict[int, int]],
    tables: list[int | None],
) -> int | None:
    """A free table in ``slot``, at a venue both participants can reach in time."""
    gaps = {(b.from_venue, b.to_venue): b.slots for b in instance.travel_buffers}
    for index, table in enumerate(instance.tables):
        if (index, slot) in taken or (table.slots is not None and slot not in table.slots):
            continue
        if _reachable(instance, table.venue, slot, instance.meetings[m].pair, busy, tables, gaps):
            return index
    return None


def _reachable(
    instance: Instance,
    venue: str,
    slot: int,
    pair: Any,
    busy: list[dict[int, int]],
    tables: list[int | None],
    gaps: dict[tuple[str, str], int],
) -> bool:
    if not gaps:
        return True
    day = instance.slots[slot].day
    for p in pair:
        for other_slot, other in busy[p].items():
            table = tables[other]
            if table is None or instance.slots[other_slot].day != day:
                continue
            there = instance.tables[table].venue
            if there == venue:
                continue
            if other_slot < slot and slot - other_slot - 1 < gaps.get((there, venue), 0):
                return False
            if other_slot > slot and other_slot - slot - 1 < gaps.get((venue, there), 0):
                return False
    return True
