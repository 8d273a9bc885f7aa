"""At most as many meetings per slot (and per venue) as there are tables.

A venue is chosen per meeting only in slots with tables at several venues;
elsewhere the venue is implied by the slot.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from jisr.engine.scheduling.constraints.context import ModelContext

RULE = "table_capacity"


def build(context: ModelContext) -> None:
    model = context.model
    instance = context.instance
    caps = instance.venue_capacity()
    per_slot: dict[int, list[int]] = {}
    for m, t in context.place:
        per_slot.setdefault(t, []).append(m)
    for t, meetings in per_slot.items():
        venues = caps[t]
        if len(venues) > 1:
            for m in meetings:
                options = []
                for venue in venues:
                    var = model.new_bool_var(f"meeting_{m}_slot_{t}_at_{venue}")
                    context.venue[(m, t, venue)] = var
                    options.append(var)
                model.add(cp_model.LinearExpr.sum(options) == context.place[(m, t)])
            if context.enabled(RULE):
                for venue, count in venues.items():
                    model.add(
                        cp_model.LinearExpr.sum([context.venue[(m, t, venue)] for m in meetings])
                        <= count
                    )
        elif context.enabled(RULE) and len(meetings) > sum(venues.values()):
            model.add(
                cp_model.LinearExpr.sum([context.place[(m, t)] for m in meetings])
                <= sum(venues.values())
            )
