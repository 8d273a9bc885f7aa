"""A participant with ``max_meetings`` attends at most that many meetings."""

from __future__ import annotations

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
            context.model.add(sum(lits) <= participant.max_meetings)
