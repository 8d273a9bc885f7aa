"""How many meetings must be held inside a session: a proof that its tables are too few.

A participant is in at most one meeting per slot, so at most as many of her
meetings can be held outside a window W (a session, a day) as she has usable
slots outside it. The most meetings that fit outside W under those limits and
the table-slots outside W is a b-matching on the meeting graph, solved here as a
small integer programme (CP-SAT, one worker, so the answer does not depend on
timing). Every schedule then holds at least |M| minus that number inside W, and
more than W's table-slots proves that no schedule exists.

The count "meetings whose session rule confines them to W" misses this: at 8
tables, forum-13 has room for every morning-only meeting, but its busiest
participants cannot move enough meetings to the 8 afternoon slots, so at least
106 meetings need the morning's 104 table-slots.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from jisr.engine.scheduling.instance import Instance

# Seconds at most for one window's programme; the bound it proves by then is used.
WINDOW_SECONDS = 2.0


@dataclass(frozen=True)
class WindowNeed:
    name: str  # "morning", "afternoon" or "day N"
    least_inside: int  # meetings every schedule holds inside the window
    table_slots: int  # tables summed over the window's slots


def windows(instance: Instance) -> list[tuple[str, frozenset[int]]]:
    """Each session and each day, when it is not the whole event."""
    everything = frozenset(range(instance.n_slots))
    found: dict[frozenset[int], str] = {}
    for session in ("morning", "afternoon"):
        slots = frozenset(t for t, slot in enumerate(instance.slots) if slot.session == session)
        found.setdefault(slots, session)
    for day in sorted({slot.day for slot in instance.slots}):
        slots = frozenset(t for t, slot in enumerate(instance.slots) if slot.day == day)
        found.setdefault(slots, f"day {day + 1}")
    return [(name, slots) for slots, name in found.items() if slots and slots != everything]


def window_needs(instance: Instance, domains: Sequence[Collection[int]]) -> list[WindowNeed]:
    """Windows that must hold more meetings than someone could think from sessions alone.

    Only windows whose table-slots cannot hold every meeting are studied (otherwise
    nothing can be proved); each result is a sound lower bound."""
    caps = instance.capacity()
    per_participant = instance.meetings_of()
    allowed = [set(slots) for slots in domains]
    needs = []
    for name, inside in windows(instance):
        table_slots = sum(caps[t] for t in inside)
        if len(instance.meetings) <= table_slots:
            continue
        most_outside = _most_outside(instance, allowed, per_participant, inside, caps)
        if most_outside is None:
            continue
        needs.append(WindowNeed(name, len(instance.meetings) - most_outside, table_slots))
    return needs


def _most_outside(
    instance: Instance,
    domains: list[set[int]],
    per_participant: list[list[int]],
    inside: frozenset[int],
    caps: list[int],
) -> int | None:
    """An upper bound (exact when solved in time) on the meetings held outside; None
    when the meetings confined outside cannot all be held there (other checks and
    the solvers report that)."""
    outside = frozenset(range(instance.n_slots)) - inside
    model = cp_model.CpModel()
    out: dict[int, cp_model.IntVar] = {}
    for m, allowed in enumerate(domains):
        if allowed & outside:
            out[m] = model.new_bool_var(f"out{m}")
            if not allowed & inside:
                model.add(out[m] == 1)
    for own in per_participant:
        free = set().union(*(domains[m] & outside for m in own)) if own else set()
        lits = [out[m] for m in own if m in out]
        if len(lits) > len(free):
            model.add(sum(lits) <= len(free))
    model.add(sum(out.values()) <= sum(caps[t] for t in outside))
    model.maximize(sum(out.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = WINDOW_SECONDS
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return None
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return len(out)
    return int(solver.best_objective_bound + 1e-6)
