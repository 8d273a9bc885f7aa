"""A participant with ``max_meetings`` attends at most that many meetings."""

from __future__ import annotations

from ortools.sat.python import cp_model

from jisr.engine.scheduling.constraints.context import ModelContext

RULE = "max_meetings"


def build(context: ModelContext) -> None:
    if not context.enabled(RULE):
        return
    for p, participant in enumerate(context.instance.participants):
        if participant.max_meetings is None:
            continue
        lits = [var for (q, _), var in context.busy.items() if q == p]
        if len(lits) > participant.max_meetings:
            context.model.add(cp_model.LinearExpr.sum(lits) <= participant.max_meetings)
