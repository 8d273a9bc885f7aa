"""Each meeting is held at most once; exactly once when required (or fixed)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from jisr.engine.scheduling.constraints.context import ModelContext

RULE = "all_meetings"


def build(context: ModelContext) -> None:
    model = context.model
    instance = context.instance
    for m, meeting in enumerate(instance.meetings):
        for t in context.domains.slots[m]:
            context.place[(m, t)] = model.new_bool_var(f"meeting_{meeting.id}_in_slot_{t}")
        held = model.new_bool_var(f"meeting_{meeting.id}_held")
        context.held.append(held)
        model.add(cp_model.LinearExpr.sum([var for _, var in context.meeting_vars_at(m)]) == held)
        must = meeting.fixed_slot is not None or (instance.require_all and context.enabled(RULE))
        if must:
            model.add(held == 1)
