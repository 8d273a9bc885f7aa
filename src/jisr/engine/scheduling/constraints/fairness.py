"""max - min breaks over all participants is at most d (min over everyone, as in JAIR 2022)."""

from __future__ import annotations

from jisr.engine.scheduling.constraints.context import ModelContext

RULE = "fairness"


def build(context: ModelContext) -> None:
    d = context.fairness
    if d is None or not context.enabled(RULE) or not context.breaks:
        return
    model = context.model
    upper = max(1, max(var.proto.domain[-1] for var in context.breaks))
    lowest = model.new_int_var(0, upper, "fewest_breaks")
    model.add_min_equality(lowest, context.breaks)
    for count in context.breaks:
        model.add(count <= lowest + d)
