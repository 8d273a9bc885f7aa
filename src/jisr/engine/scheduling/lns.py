"""Large-neighbourhood search on breaks for the large-event path.

One neighbourhood = one block and a few participants with breaks in it: their
meetings in that block are freed and CP-SAT re-places them inside the block,
everything else fixed, minimising the breaks of everyone they meet. The same
meetings stay held, so the first objective never gets worse; a neighbourhood is
only accepted when its breaks go down.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.validate import participant_breaks

WINDOW = 3
STEP_SECONDS = 3.0


def improve_breaks(
    instance: Instance,
    slot_of: list[int | None],
    domains: list[list[int]],
    *,
    fairness: int | None,
    deadline: float,
    seed: int = 0,
    log: Callable[[str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[int | None]:
    """Return an improved copy of ``slot_of`` (same meetings held); ``should_stop``
    is checked between neighbourhoods (each takes at most ``STEP_SECONDS``)."""

    def expired() -> bool:
        return time.monotonic() >= deadline or (should_stop is not None and should_stop())

    if instance.travel_buffers:
        return slot_of  # venue choices would have to be re-modelled; not worth it here
    slots = list(slot_of)
    venues = instance.venue_capacity()
    own = instance.meetings_of()
    blocks = [b for b in instance.blocks() if all(len(venues[t]) <= 1 for t in b)]
    stale: set[tuple[int, tuple[int, ...]]] = set()
    round_number = 0
    while not expired():
        round_number += 1
        progress = False
        for block_index, block in enumerate(blocks):
            for key, freed in _neighbourhoods(instance, slots, own, block):
                if expired():
                    break
                if (block_index, key) in stale:
                    continue
                better = _solve_neighbourhood(
                    instance,
                    slots,
                    domains,
                    own,
                    block,
                    freed,
                    fairness,
                    min(STEP_SECONDS, deadline - time.monotonic()),
                    seed + round_number,
                )
                if better is None:
                    stale.add((block_index, key))
                    continue
                slots = better
                progress = True
                stale = {k for k in stale if k[0] != block_index}
                break
        if not progress:
            break
    if log is not None:
        log(f"lns rounds {round_number}")
    return slots


def _solve_neighbourhood(
    instance: Instance,
    slots: list[int | None],
    domains: list[list[int]],
    own: list[list[int]],
    block: list[int],
    freed: list[int],
    fairness: int | None,
    time_limit: float,
    seed: int,
) -> list[int | None] | None:
    inside = set(block)
    people = sorted({p for m in freed for p in instance.meetings[m].pair})
    freed_set = set(freed)
    caps = instance.capacity()
    used = {t: 0 for t in block}
    for m, slot in enumerate(slots):
        if slot in inside and m not in freed_set:
            used[slot] += 1

    model = cp_model.CpModel()
    place: dict[tuple[int, int], cp_model.IntVar] = {}
    fixed_busy = {
        p: {slots[m] for m in own[p] if m not in freed_set and slots[m] is not None} for p in people
    }
    for m in freed:
        options = []
        for t in domains[m]:
            if t not in inside or any(t in fixed_busy[p] for p in instance.meetings[m].pair):
                continue
            var = model.new_bool_var(f"m{m}_t{t}")
            place[(m, t)] = var
            options.append(var)
            model.add_hint(var, slots[m] == t)
        if not options:
            return None
        model.add_exactly_one(options)
    for t in block:
        here = [var for (m, s), var in place.items() if s == t]
        if here:
            model.add(cp_model.LinearExpr.sum(here) <= caps[t] - used[t])
    total_terms: list[cp_model.IntVar] = []
    current = 0
    for p in people:
        busy: list[cp_model.IntVar | int] = []
        for t in block:
            mine = [place[(m, t)] for m in own[p] if (m, t) in place]
            if t in fixed_busy[p]:
                busy.append(1)
            elif mine:
                flag = model.new_bool_var(f"p{p}_busy{t}")
                model.add(cp_model.LinearExpr.sum(mine) == flag)
                busy.append(flag)
            else:
                busy.append(0)
        ends = _break_ends(model, busy, f"p{p}")
        total_terms.extend(ends)
        current += participant_breaks(instance, [s for m in own[p] if (s := slots[m]) in inside])
        if fairness is not None:
            elsewhere = participant_breaks(
                instance, [s for m in own[p] if (s := slots[m]) is not None and s not in inside]
            )
            model.add(cp_model.LinearExpr.sum(ends) <= max(0, fairness - elsewhere))
    objective = cp_model.LinearExpr.sum(total_terms)
    model.add(objective <= current - 1)
    model.minimize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    result = list(slots)
    for (m, t), var in place.items():
        if solver.boolean_value(var):
            result[m] = t
    return result


def _break_ends(
    model: cp_model.CpModel, busy: list[cp_model.IntVar | int], name: str
) -> list[cp_model.IntVar]:
    """Literals 'a break of this participant ends here' over one block."""
    ends: list[cp_model.IntVar] = []
    held: cp_model.IntVar | int = 0
    for index, here in enumerate(busy):
        if index > 0 and not (isinstance(here, int) and here == 0):
            before = busy[index - 1]
            if not (isinstance(held, int) and held == 0) and not (
                isinstance(before, int) and before == 1
            ):
                end = model.new_bool_var(f"{name}_end{index}")
                # end >= here + held - before - 1, and it is minimised: exact at optimum.
                model.add(end >= here + held - before - 1)
                ends.append(end)
        if isinstance(here, int) and here == 1:
            held = 1
        elif not (isinstance(here, int) and here == 0):
            if isinstance(held, int) and held == 1:
                continue
            flag = model.new_bool_var(f"{name}_held{index}")
            model.add_max_equality(flag, [here, held])
            held = flag
    return ends


def _neighbourhoods(
    instance: Instance, slots: list[int | None], own: list[list[int]], block: list[int]
) -> list[tuple[tuple[int, ...], list[int]]]:
    """Windows of consecutive slots around breaks: every meeting in the window is
    freed. Tables are often all taken, so freeing only the meetings of people with
    breaks leaves nothing to swap with."""
    inside = set(block)
    gaps: set[int] = set()
    for person in own:
        busy = sorted(s for m in person if (s := slots[m]) in inside)
        for here, there in itertools.pairwise(busy):
            if there > here + 1:
                gaps.add(here)
    result: list[tuple[tuple[int, ...], list[int]]] = []
    for gap in sorted(gaps):
        first = max(block[0], gap - 1)
        window = tuple(t for t in range(first, first + WINDOW) if t in inside)
        freed = [m for m, s in enumerate(slots) if s in window]
        result.append((window, freed))
    return result
