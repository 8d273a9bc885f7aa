"""CP-SAT rules, one per module, each with ``build(context) -> None``.

Sessions, participant unavailability and fixed slots are domain rules: they are
applied by ``preprocess.compute_domains`` before any variable exists (a variable
that could only be 0 is never created). Every other hard rule lives here.
The order of ``RULES`` is the order in which ``cpsat.build_model`` applies them.
"""

from __future__ import annotations

from jisr.engine.scheduling.constraints import (
    breaks,
    fairness,
    max_meetings,
    one_meeting_per_participant_slot,
    placement,
    precedences,
    table_capacity,
    travel_buffer,
)
from jisr.engine.scheduling.constraints.context import ModelContext

RULES = (
    placement,
    one_meeting_per_participant_slot,
    table_capacity,
    precedences,
    travel_buffer,
    max_meetings,
    breaks,
    fairness,
)

__all__ = ["RULES", "ModelContext"]
