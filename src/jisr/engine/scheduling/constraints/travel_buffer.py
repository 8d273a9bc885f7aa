"""Nobody meets at venue B sooner than the buffer after a meeting at venue A (same day).

``slots`` in a buffer is the number of free slots needed in between; buffers are
directional, so Casablanca -> Rabat and Rabat -> Casablanca are listed separately.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from jisr.engine.scheduling.constraints.context import ModelContext

RULE = "travel_buffer"


def _at_venue(context: ModelContext, m: int, t: int, venue: str) -> cp_model.IntVar | None:
    """Literal 'meeting m is at venue in slot t', or None when impossible."""
    if (m, t, venue) in context.venue:
        return context.venue[(m, t, venue)]
    venues = context.instance.venue_capacity()[t]
    if venue in venues and len(venues) == 1:
        return context.place.get((m, t))
    return None


def build(context: ModelContext) -> None:
    instance = context.instance
    if not instance.travel_buffers or not context.enabled(RULE):
        return
    model = context.model
    for own in instance.meetings_of():
        for rule in instance.travel_buffers:
            if rule.from_venue == rule.to_venue or rule.slots <= 0:
                continue
            for t in range(instance.n_slots):
                leave = [
                    lit
                    for m in own
                    if (lit := _at_venue(context, m, t, rule.from_venue)) is not None
                ]
                if not leave:
                    continue
                for later in range(t + 1, min(instance.n_slots, t + rule.slots + 1)):
                    if instance.slots[later].day != instance.slots[t].day:
                        break
                    arrive = [
                        lit
                        for m in own
                        if (lit := _at_venue(context, m, later, rule.to_venue)) is not None
                    ]
                    if arrive:
                        model.add(cp_model.LinearExpr.sum(leave + arrive) <= 1)
