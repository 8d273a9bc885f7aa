"""Exact break count per participant: a break ends at t when p is busy at t, idle at
t-1 and was busy earlier in the same block (gaps across blocks or days are free).

Exactness matters: the fairness rule compares with the minimum, which an inflated
count could satisfy falsely. Adds the implied per-slot bound (busy participants
= 2 x meetings <= 2 x tables) that lets CP-SAT prove bounds sooner.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from jisr.engine.scheduling.constraints.context import ModelContext

RULE = "breaks"


def build(context: ModelContext) -> None:
    model = context.model
    instance = context.instance
    blocks = instance.blocks()
    for p in range(len(instance.participants)):
        pid = instance.participants[p].id
        ends: list[cp_model.IntVar] = []
        for block in blocks:
            previous: cp_model.IntVar | None = None
            for t in block:
                busy = context.busy.get((p, t))
                if busy is not None and previous is not None:
                    idle_before = context.busy.get((p, t - 1))
                    end = model.new_bool_var(f"participant_{pid}_break_ends_{t}")
                    body = [busy, previous] + ([~idle_before] if idle_before is not None else [])
                    model.add_bool_and(body).only_enforce_if(end)
                    model.add_bool_or([~x for x in body]).only_enforce_if(~end)
                    context.break_ends[(p, t)] = end
                    ends.append(end)
                parts = [x for x in (previous, busy) if x is not None]
                if not parts:
                    continue
                if len(parts) == 1:
                    previous = parts[0]
                    continue
                held = model.new_bool_var(f"participant_{pid}_started_by_{t}")
                model.add_max_equality(held, parts)
                previous = held
        count = model.new_int_var(0, max(len(ends), 0), f"participant_{pid}_breaks")
        model.add(count == cp_model.LinearExpr.sum(ends))
        context.breaks.append(count)
    caps = instance.capacity()
    for t in range(instance.n_slots):
        busy_here = [var for (_, s), var in context.busy.items() if s == t]
        if len(busy_here) > 2 * caps[t]:
            model.add(cp_model.LinearExpr.sum(busy_here) <= 2 * caps[t])
