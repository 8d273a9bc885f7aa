"""A participant attends at most one meeting per slot; defines ``busy[p, t]``."""

from __future__ import annotations

from ortools.sat.python import cp_model

from jisr.engine.scheduling.constraints.context import ModelContext

RULE = "one_meeting_per_participant_slot"


def build(context: ModelContext) -> None:
    model = context.model
    instance = context.instance
    for p, own in enumerate(instance.meetings_of()):
        for t in range(instance.n_slots):
            lits = [context.place[(m, t)] for m in own if (m, t) in context.place]
            if not lits:
                continue
            busy = model.new_bool_var(f"participant_{instance.participants[p].id}_busy_{t}")
            context.busy[(p, t)] = busy
            if context.enabled(RULE):
                model.add(cp_model.LinearExpr.sum(lits) == busy)
            else:
                model.add_max_equality(busy, lits)
