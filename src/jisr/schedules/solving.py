"""The one place where the scheduling console calls the engine's solvers.

``run_engine`` takes an engine instance, the run kind and parameters, and returns an
``EngineResult`` whose schedule has a slot and a table for every placed meeting and
whose reasons explain every unplaced one. The engine's solvers are used when they
exist; ``greedy`` below is the quick baseline (and the stand-in while they do not).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
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


def run_engine(
    instance: Instance,
    *,
    kind: str,
    parameters: dict[str, Any],
    current: Schedule,
    progress: Progress,
) -> EngineResult:
    """Solve ``instance``; ``current`` is the schedule a reschedule starts from."""
    start = time.monotonic()
    if kind == "reschedule":
        keep = _keepable(instance, current)
        result = greedy(instance, keep=keep, progress=progress, start=start)
    else:
        result = greedy(instance, progress=progress, start=start)
    if progress(result.objective, result.bound, time.monotonic() - start):
        raise RunStopped
    return result


def _keepable(instance: Instance, current: Schedule) -> dict[int, tuple[int, int | None]]:
    """Meetings of the current schedule that can stay exactly where they are."""
    keep: dict[int, tuple[int, int | None]] = {}
    tables = current.tables or tuple(None for _ in current.slots)
    for m, slot in enumerate(current.slots):
        if slot is not None:
            keep[m] = (slot, tables[m])
    return keep


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
