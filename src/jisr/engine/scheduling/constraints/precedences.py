"""A meeting listed in ``after`` is held in a strictly earlier slot (when both are held)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from jisr.engine.scheduling.constraints.context import ModelContext

RULE = "precedences"


def build(context: ModelContext) -> None:
    if not context.enabled(RULE):
        return
    model = context.model
    for m, meeting in enumerate(context.instance.meetings):
        for before in meeting.after:
            for t, var in context.meeting_vars_at(m):
                too_late = [x for s, x in context.meeting_vars_at(before) if s >= t]
                if too_late:
                    model.add(cp_model.LinearExpr.sum(too_late) == 0).only_enforce_if(var)
