"""The one place where the scheduling console calls the engine's solvers.

``run_engine`` takes the stored engine instance, the run kind and parameters, and
returns an ``EngineResult``: a schedule with a slot and a table for every placed
meeting, in the order of ``request_ids``, and the engine's reason code (with its
parameters and English detail) for every unplaced one.

- "solve": ``engine.scheduling.solver.solve`` (CP-SAT or the SAT portfolio);
- "greedy": the engine's first-come baseline, for comparison;
- "reschedule": ``engine.scheduling.reschedule.reschedule`` from the published
  schedule, moving as few published meetings as possible.

Online meetings (ids ``o<request id>``, see ``adapter``) are solved in a second pass
with the same run kind: the in-person meetings first, at the real tables; then the
online ones at the virtual venue's tables, with every slot already taken by an
in-person meeting of that person marked unavailable. The engine therefore never seats
an in-person meeting at a virtual table, and never books anyone twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from jisr.engine.scheduling.errors import SchedulingError
from jisr.engine.scheduling.instance import Change, Instance, Schedule
from jisr.engine.scheduling.outcome import Unscheduled
from jisr.engine.scheduling.preprocess import Conflict
from jisr.engine.scheduling.validate import evaluate

# Called with (objective, bound, seconds) from the solver's threads; its return value
# is ignored (stopping goes through ``should_stop``).
Progress = Callable[[int | None, int | None, float], object]
# Polled by the engine from its own threads; True asks it to stop. Must not touch
# the database (the task thread reads the cancel flag and sets an Event).
StopCheck = Callable[[], bool]


class RunStopped(Exception):
    """The organizer cancelled the run; nothing is stored."""


class Infeasible(Exception):
    """No schedule satisfies the hard rules; ``conflicts`` name the rules involved."""

    def __init__(self, conflicts: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(c["reason"] for c in conflicts) or "infeasible")
        self.conflicts = conflicts


class NoSolution(Exception):
    """The time limit passed before the solver found any schedule."""


@dataclass
class EngineResult:
    schedule: Schedule
    # Request id of each meeting of ``schedule``, in order.
    request_ids: list[int]
    status: str
    objective: int | None
    bound: int | None
    seconds: float
    engine: str
    # request id -> {"code": engine reason code, "params": {...}, "detail": engine text}
    reasons: dict[int, dict[str, Any]] = field(default_factory=dict)
    breakdown: dict[str, Any] = field(default_factory=dict)

    def solution_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "seconds": round(self.seconds, 3),
            "requests": self.request_ids,
            "slots": list(self.schedule.slots),
            "tables": list(self.schedule.tables or ()),
            "breakdown": self.breakdown,
        }

    def summary(self) -> dict[str, Any]:
        return {
            "placed": sum(slot is not None for slot in self.schedule.slots),
            "requested": len(self.schedule.slots),
            "engine": self.engine,
            "status": self.status,
            "unscheduled": {str(rid): reason for rid, reason in self.reasons.items()},
        }


# The prefix of online meetings' ids and their virtual venue (``adapter`` builds them).
ONLINE_PREFIX = "o"
ONLINE_VENUE = "online"
# The online pass gets this share of the time limit.
ONLINE_SHARE = 0.25


def request_id(meeting_id: str) -> int:
    """Engine meeting ids are ``r<request id>``, or ``o<request id>`` online."""
    return int(meeting_id[1:] if meeting_id[:1] in ("r", ONLINE_PREFIX) else meeting_id)


def run_engine(
    instance: Instance,
    *,
    kind: str,
    parameters: dict[str, Any],
    current: Schedule,
    progress: Progress,
    should_stop: StopCheck | None = None,
) -> EngineResult:
    """Solve ``instance``; ``current`` is the published schedule a reschedule repairs.

    ``should_stop`` is handed to the engine, which then ends its search within about
    half a second. Raises ``RunStopped`` when it asked to stop (nothing is stored),
    ``Infeasible`` and ``NoSolution`` when there is nothing to store.
    """
    stop: StopCheck = should_stop or (lambda: False)
    start = time.monotonic()
    online = [m for m, meeting in enumerate(instance.meetings) if _is_online(meeting.id)]
    if online:
        result = _two_passes(instance, online, kind, parameters, current, progress, stop)
    else:
        result = _one_pass(instance, kind, parameters, current, progress, stop)
    if stop():
        raise RunStopped
    progress(result.objective, result.bound, time.monotonic() - start)
    return result


def _is_online(meeting_id: str) -> bool:
    return meeting_id.startswith(ONLINE_PREFIX)


def _one_pass(
    instance: Instance,
    kind: str,
    parameters: dict[str, Any],
    current: Schedule,
    progress: Progress,
    stop: StopCheck,
) -> EngineResult:
    start = time.monotonic()
    if kind == "greedy":
        return _greedy(instance, start)
    if kind == "reschedule":
        return _reschedule(instance, current, parameters, start, progress, stop)
    return _solve(instance, current, parameters, progress, stop)


def _part(
    instance: Instance, meetings: list[int], tables: list[int], current: Schedule
) -> tuple[Instance, Schedule]:
    """The sub-instance of some meetings and tables, and their part of ``current``."""
    position = {old: new for new, old in enumerate(meetings)}
    table_position = {old: new for new, old in enumerate(tables)}
    old_tables: tuple[int | None, ...] = current.tables or tuple(None for _ in current.slots)
    part = replace(
        instance,
        meetings=tuple(
            replace(
                instance.meetings[m],
                after=tuple(position[a] for a in instance.meetings[m].after if a in position),
            )
            for m in meetings
        ),
        tables=tuple(instance.tables[t] for t in tables),
    )
    schedule = Schedule(
        slots=tuple(current.slots[m] for m in meetings),
        tables=tuple(_moved_table(old_tables[m], table_position) for m in meetings),
    )
    return part, schedule


def _moved_table(table: int | None, position: dict[int, int]) -> int | None:
    return position.get(table) if table is not None else None


def _two_passes(
    instance: Instance,
    online: list[int],
    kind: str,
    parameters: dict[str, Any],
    current: Schedule,
    progress: Progress,
    stop: StopCheck,
) -> EngineResult:
    """In-person meetings at real tables, then online meetings in the slots left free."""
    start = time.monotonic()
    online_set = set(online)
    in_person = [m for m in range(len(instance.meetings)) if m not in online_set]
    real = [t for t, table in enumerate(instance.tables) if table.venue != ONLINE_VENUE]
    virtual = [t for t, table in enumerate(instance.tables) if table.venue == ONLINE_VENUE]
    limit = float(parameters.get("time_limit", 30))
    first_params = {**parameters, "time_limit": max(1.0, limit * (1 - ONLINE_SHARE))}
    second_params = {**parameters, "time_limit": max(1.0, limit * ONLINE_SHARE)}

    first_instance, first_current = _part(instance, in_person, real, current)
    if first_instance.meetings:
        first = _one_pass(first_instance, kind, first_params, first_current, progress, stop)
    else:
        first = None
    busy: dict[int, set[int]] = {p: set() for p in range(len(instance.participants))}
    placed: dict[int, tuple[int | None, int | None]] = {}
    if first is not None:
        first_tables = first.schedule.tables or tuple(None for _ in first.schedule.slots)
        for rid, slot, table in zip(
            first.request_ids, first.schedule.slots, first_tables, strict=True
        ):
            placed[rid] = (slot, real[table] if table is not None else None)
        for meeting in first_instance.meetings:
            slot = placed.get(request_id(meeting.id), (None, None))[0]
            if slot is not None:
                busy[meeting.first].add(slot)
                busy[meeting.second].add(slot)
    if stop():
        raise RunStopped

    second_instance, second_current = _part(instance, online, virtual, current)
    second_instance = replace(
        second_instance,
        participants=tuple(
            replace(person, unavailable=person.unavailable | frozenset(busy[p]))
            for p, person in enumerate(instance.participants)
        ),
        travel_buffers=(),
    )
    second = _one_pass(second_instance, kind, second_params, second_current, progress, stop)
    second_tables = second.schedule.tables or tuple(None for _ in second.schedule.slots)
    for rid, slot, table in zip(
        second.request_ids, second.schedule.slots, second_tables, strict=True
    ):
        placed[rid] = (slot, virtual[table] if table is not None else None)

    request_ids = [request_id(meeting.id) for meeting in instance.meetings]
    schedule = Schedule(
        slots=tuple(placed.get(rid, (None, None))[0] for rid in request_ids),
        tables=tuple(placed.get(rid, (None, None))[1] for rid in request_ids),
    )
    check = evaluate(instance, schedule, fairness=None)
    if not check.ok:
        raise SchedulingError(f"the online pass gave an invalid schedule: {check.violations}")
    parts = [r for r in (first, second) if r is not None]
    reasons: dict[int, dict[str, Any]] = {}
    for part in parts:
        reasons.update(part.reasons)
    statuses = {part.status for part in parts}
    moved = sum(int(part.breakdown.get("moved", 0)) for part in parts)
    breakdown: dict[str, Any] = {
        "breaks": check.total_breaks,
        "scheduled": check.scheduled,
        "online": sum(schedule.slots[m] is not None for m in online),
    }
    if kind == "reschedule":
        breakdown["moved"] = moved
        breakdown["unscheduled"] = len(reasons)
    return EngineResult(
        schedule=schedule,
        request_ids=request_ids,
        status="FEASIBLE" if statuses - {"OPTIMAL"} else "OPTIMAL",
        objective=check.total_breaks,
        bound=None,
        seconds=time.monotonic() - start,
        engine="+".join(dict.fromkeys(part.engine for part in parts)),
        reasons=reasons,
        breakdown=breakdown,
    )


def _solve(
    instance: Instance,
    current: Schedule,
    parameters: dict[str, Any],
    progress: Progress,
    stop: StopCheck,
) -> EngineResult:
    # Imported here so the console's pages never pay for loading the solvers.
    from jisr.engine.scheduling.solver import solve

    fairness = parameters.get("fairness")
    tables = current.tables or tuple(None for _ in current.slots)
    result = solve(
        instance,
        time_limit=float(parameters.get("time_limit", 30)),
        workers=int(parameters.get("workers", 2)),
        seed=int(parameters.get("seed", 0)),
        fairness=None if fairness is None else int(fairness),
        on_progress=progress,
        should_stop=stop,
        # A locked (fixed) meeting keeps its table as well as its slot.
        fixed_tables={
            m: table
            for m, (slot, table) in enumerate(zip(current.slots, tables, strict=True))
            if slot is not None and table is not None and instance.meetings[m].fixed_slot == slot
        },
    )
    if result.status == "INFEASIBLE":
        raise Infeasible(_conflicts(result.conflicts))
    if result.schedule is None:
        raise RunStopped if stop() else NoSolution
    details = {u.meeting: u for u in result.unscheduled}
    return _result(
        instance,
        result.schedule,
        status=result.status,
        bound=result.bound,
        seconds=result.seconds,
        engine=result.engine,
        details=details,
        # With optional meetings the first objective is the priority weight held; its
        # proved upper bound says how far from optimal the schedule may still be.
        breakdown={"weighted": result.weighted_scheduled, "weighted_bound": result.weighted_bound},
    )


def _greedy(instance: Instance, start: float) -> EngineResult:
    from jisr.engine.scheduling.greedy import greedy_schedule
    from jisr.engine.scheduling.tables import assign_tables

    slots = greedy_schedule(instance).slots
    schedule = Schedule(slots=slots, tables=assign_tables(instance, slots))
    check = evaluate(instance, schedule, fairness=None)
    if not check.ok:
        # The baseline reports no venue per meeting, so tables across venues may break
        # travel buffers; say so rather than store an invalid draft.
        raise SchedulingError(f"the greedy baseline gave an invalid schedule: {check.violations}")
    return _result(
        instance,
        schedule,
        status="FEASIBLE",
        bound=None,
        seconds=time.monotonic() - start,
        engine="greedy",
    )


def _reschedule(
    instance: Instance,
    current: Schedule,
    parameters: dict[str, Any],
    start: float,
    progress: Progress,
    stop: StopCheck,
) -> EngineResult:
    """Published meetings that are still accepted form the published instance; the
    other accepted requests are "add" changes. Cancelled requests are simply absent:
    their slots are free."""
    from jisr.engine.scheduling.reschedule import reschedule

    published = [m for m, slot in enumerate(current.slots) if slot is not None]
    added = [m for m, slot in enumerate(current.slots) if slot is None]
    base = replace(instance, meetings=tuple(instance.meetings[m] for m in published))
    tables = current.tables or tuple(None for _ in current.slots)
    # With their tables: the engine keeps unmoved meetings at their table.
    old = Schedule(
        slots=tuple(current.slots[m] for m in published),
        tables=tuple(tables[m] for m in published),
    )
    fairness = parameters.get("fairness")
    result = reschedule(
        base,
        old,
        [Change("add", new_meeting=instance.meetings[m]) for m in added],
        time_limit=float(parameters.get("time_limit", 30)),
        workers=int(parameters.get("workers", 2)),
        seed=int(parameters.get("seed", 0)),
        fairness=None if fairness is None else int(fairness),
        on_progress=progress,
        should_stop=stop,
    )
    if result.schedule is None:
        if result.status == "UNKNOWN":
            raise RunStopped if stop() else NoSolution
        raise Infeasible(_conflicts(result.conflicts))
    return _result(
        result.instance,
        result.schedule,
        status=result.status,
        bound=None,
        seconds=time.monotonic() - start,
        engine="reschedule",
        breakdown={"moved": len(result.moved), "unscheduled": len(result.unscheduled)},
    )


def _result(
    instance: Instance,
    schedule: Schedule,
    *,
    status: str,
    bound: int | None,
    seconds: float,
    engine: str,
    details: dict[str, Unscheduled] | None = None,
    breakdown: dict[str, Any] | None = None,
) -> EngineResult:
    """``details``: the engine's reasons; when it gave none (greedy, reschedule) they
    are asked of the engine for the final schedule."""
    if details is None:
        from jisr.engine.scheduling.explain import unscheduled_reasons
        from jisr.engine.scheduling.preprocess import compute_domains

        found = unscheduled_reasons(instance, compute_domains(instance), schedule)
        details = {u.meeting: u for u in found}
    check = evaluate(instance, schedule, fairness=None)
    return EngineResult(
        schedule=schedule,
        request_ids=[request_id(m.id) for m in instance.meetings],
        status=status,
        objective=check.total_breaks,
        bound=bound,
        seconds=seconds,
        engine=engine,
        reasons={
            request_id(meeting.id): _reason(details.get(meeting.id))
            for m, meeting in enumerate(instance.meetings)
            if schedule.slots[m] is None
        },
        breakdown={"breaks": check.total_breaks, "scheduled": check.scheduled, **(breakdown or {})},
    )


def _reason(found: Unscheduled | None) -> dict[str, Any]:
    if found is None:
        return {"code": "unknown", "params": {}, "detail": ""}
    return {"code": found.code, "params": dict(found.params), "detail": found.reason}


def _conflicts(conflicts: Iterable[Conflict]) -> list[dict[str, Any]]:
    """Stored with a failed run: the engine's rule names, code, parameters and text."""
    return [
        {"rules": list(c.rules), "code": c.code, "params": dict(c.params), "reason": c.reason}
        for c in conflicts
    ]
