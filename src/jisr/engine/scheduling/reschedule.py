"""Rescheduling after a schedule was published.

Changes (a cancelled meeting, a newly accepted request, a participant who
withdraws or becomes unavailable in some slots) are applied to the instance;
then CP-SAT solves lexicographically: hold as much priority weight as possible,
move the fewest published meetings, then the usual break objective. Locked
meetings (fixed ones and any the caller names) never move: they become fixed.

Progress: ``on_progress`` gets (None, 0, seconds) during the weight and "moved"
stages (each new solution and about every second) and (breaks, bound, seconds)
in the last stage. ``should_stop`` is polled about every half second; a stopped
run returns status FEASIBLE with the last stage's best schedule, or UNKNOWN with
none.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from jisr.engine.scheduling.cpsat import (
    build_model,
    checked_solve,
    make_solver,
    stage_progress,
    stop_watch,
)
from jisr.engine.scheduling.errors import SchedulingError
from jisr.engine.scheduling.instance import Change, Instance, Meeting, Schedule
from jisr.engine.scheduling.outcome import ProgressCallback, StopCheck
from jisr.engine.scheduling.preprocess import Conflict, compute_domains
from jisr.engine.scheduling.tables import assign_tables
from jisr.engine.scheduling.validate import evaluate


@dataclass(frozen=True)
class Rescheduled:
    """The new instance and schedule, what moved and who must be told."""

    status: str
    instance: Instance
    schedule: Schedule | None
    moved: tuple[str, ...]
    cancelled: tuple[str, ...]
    unscheduled: tuple[str, ...]
    affected: tuple[str, ...]
    breaks: int | None
    conflicts: tuple[Conflict, ...]
    seconds: float


def apply_changes(
    instance: Instance, published: Schedule, changes: Sequence[Change]
) -> tuple[Instance, list[int | None], list[str]]:
    """New instance, old slot of each new meeting (None when new), cancelled meeting ids."""
    meetings: list[Meeting] = list(instance.meetings)
    old_slots: list[int | None] = list(published.slots)
    participants = list(instance.participants)
    removed: set[int] = set()
    for change in changes:
        if change.kind == "cancel" and change.meeting is not None:
            removed.add(change.meeting)
        elif change.kind == "add" and change.new_meeting is not None:
            meetings.append(change.new_meeting)
            old_slots.append(None)
        elif change.kind == "withdraw" and change.participant is not None:
            removed.update(
                m for m, meeting in enumerate(meetings) if change.participant in meeting.pair
            )
        elif change.kind == "unavailable" and change.participant is not None:
            person = participants[change.participant]
            participants[change.participant] = replace(
                person, unavailable=person.unavailable | change.slots
            )
        else:
            raise SchedulingError(f"incomplete change: {change}")
    keep = [m for m in range(len(meetings)) if m not in removed]
    new_index = {old: new for new, old in enumerate(keep)}
    kept_meetings = tuple(
        replace(
            meetings[m],
            after=tuple(new_index[a] for a in meetings[m].after if a in new_index),
        )
        for m in keep
    )
    new_instance = replace(instance, participants=tuple(participants), meetings=kept_meetings)
    cancelled = [meetings[m].id for m in sorted(removed)]
    return new_instance, [old_slots[m] for m in keep], cancelled


def reschedule(
    instance: Instance,
    published: Schedule,
    changes: Sequence[Change],
    *,
    locked: frozenset[str] = frozenset(),
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    fairness: int | None = 2,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> Rescheduled:
    """Apply ``changes`` and repair ``published``; ``locked`` holds meeting ids.
    See the module docstring for ``on_progress`` and ``should_stop``."""
    start = time.monotonic()

    def heartbeat() -> None:
        if on_progress is not None:
            on_progress(None, 0, time.monotonic() - start)

    changed, old_slots, cancelled = apply_changes(instance, published, changes)
    pinned = tuple(
        replace(meeting, fixed_slot=old_slots[m])
        if meeting.id in locked and old_slots[m] is not None
        else meeting
        for m, meeting in enumerate(changed.meetings)
    )
    changed = replace(changed, meetings=pinned)
    domains = compute_domains(changed)
    if domains.conflicts and changed.require_all:
        return _failed(changed, cancelled, tuple(domains.conflicts), start)
    hard_conflicts = [c for c in domains.conflicts if "fixed" in c.rules]
    if hard_conflicts:
        return _failed(changed, cancelled, tuple(hard_conflicts), start)

    context = build_model(changed, domains, fairness=fairness)
    model = context.model
    for (m, t), var in context.place.items():
        model.add_hint(var, 1 if old_slots[m] == t else 0)
    weighted = sum(meeting.priority * context.held[m] for m, meeting in enumerate(changed.meetings))
    stays = [
        context.place[(m, slot)]
        for m, slot in enumerate(old_slots)
        if slot is not None and (m, slot) in context.place
    ]
    n_published = sum(1 for slot in old_slots if slot is not None)
    moved = n_published - sum(stays)
    stages: list[tuple[str, cp_model.LinearExprT]] = []
    if not changed.require_all:
        stages.append(("max", weighted))
    stages.append(("min", moved))
    stages.append(("min", sum(context.breaks)))
    solver: cp_model.CpSolver | None = None
    all_optimal = True
    names = ["weight"] * (len(stages) - 2) + ["moved", "breaks"]
    for index, (sense, expression) in enumerate(stages):
        if sense == "max":
            model.maximize(expression)
        else:
            model.minimize(expression)
        share = (time_limit - (time.monotonic() - start)) / (len(stages) - index)
        solver = make_solver(share, workers, seed)
        with stop_watch(solver, should_stop, heartbeat=heartbeat) as stopped:
            code = checked_solve(
                solver, model, stage_progress(on_progress, start, stage=names[index])
            )
        if stopped.is_set():
            if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return _failed(changed, cancelled, (), start, status="UNKNOWN")
            all_optimal = False
            break
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _failed(
                changed,
                cancelled,
                (
                    Conflict(
                        ("all_meetings",),
                        "no schedule keeps every locked meeting",
                        code="locked_meetings_clash",
                    ),
                ),
                start,
            )
        all_optimal = all_optimal and code == cp_model.OPTIMAL
        value = round(solver.objective_value)
        model.add(expression >= value if sense == "max" else expression <= value)
        model.clear_hints()  # type: ignore[no-untyped-call]  # one hint per variable
        for var in context.place.values():
            model.add_hint(var, solver.boolean_value(var))
    assert solver is not None
    slots: list[int | None] = [None] * len(changed.meetings)
    for (m, t), var in context.place.items():
        if solver.boolean_value(var):
            slots[m] = t
    venues: list[str | None] = [None] * len(changed.meetings)
    for (m, t, venue), var in context.venue.items():
        if slots[m] == t and solver.boolean_value(var):
            venues[m] = venue
    fixed_tables, preferred_tables = _old_tables(instance, published, changed, slots, locked)
    schedule = Schedule(
        slots=tuple(slots),
        tables=assign_tables(
            changed, slots, venues, fixed=fixed_tables, preferred=preferred_tables
        ),
    )
    check = evaluate(changed, schedule, fairness=fairness)
    if not check.ok:
        raise SchedulingError(f"rescheduling produced an invalid schedule: {check.violations}")

    moved_ids = [
        changed.meetings[m].id
        for m, old in enumerate(old_slots)
        if old is not None and slots[m] is not None and slots[m] != old
    ]
    dropped = [changed.meetings[m].id for m, old in enumerate(old_slots) if slots[m] is None]
    affected_people: set[int] = set()
    touched = set(moved_ids) | set(dropped)
    touched |= {changed.meetings[m].id for m, old in enumerate(old_slots) if old is None}
    for meeting in changed.meetings:
        if meeting.id in touched:
            affected_people.update(meeting.pair)
    index_of = {p.id: p for p in instance.participants}
    for meeting_id in cancelled:
        original = next(m for m in instance.meetings if m.id == meeting_id)
        affected_people.update(original.pair)
    affected = sorted({instance.participants[p].id for p in affected_people} & set(index_of))
    return Rescheduled(
        status="OPTIMAL" if all_optimal else "FEASIBLE",
        instance=changed,
        schedule=schedule,
        moved=tuple(moved_ids),
        cancelled=tuple(cancelled),
        unscheduled=tuple(dropped),
        affected=tuple(affected),
        breaks=check.total_breaks,
        conflicts=(),
        seconds=time.monotonic() - start,
    )


def _old_tables(
    instance: Instance,
    published: Schedule,
    changed: Instance,
    slots: Sequence[int | None],
    locked: frozenset[str],
) -> tuple[dict[int, int], dict[int, int]]:
    """Published tables of meetings that kept their slot: fixed for locked (and
    fixed) meetings, preferred for the others, so nobody changes table for nothing."""
    if published.tables is None:
        return {}, {}
    old = {
        meeting.id: (published.slots[m], published.tables[m])
        for m, meeting in enumerate(instance.meetings)
        if m < len(published.tables)
    }
    fixed: dict[int, int] = {}
    preferred: dict[int, int] = {}
    for m, meeting in enumerate(changed.meetings):
        slot, table = old.get(meeting.id, (None, None))
        if slot is None or table is None or slots[m] != slot:
            continue
        if meeting.id in locked or meeting.fixed_slot == slot:
            fixed[m] = table
        else:
            preferred[m] = table
    return fixed, preferred


def _failed(
    changed: Instance,
    cancelled: list[str],
    conflicts: tuple[Conflict, ...],
    start: float,
    *,
    status: str = "INFEASIBLE",
) -> Rescheduled:
    return Rescheduled(
        status=status,
        instance=changed,
        schedule=None,
        moved=(),
        cancelled=tuple(cancelled),
        unscheduled=(),
        affected=(),
        breaks=None,
        conflicts=conflicts,
        seconds=time.monotonic() - start,
    )
