"""B2B meeting scheduling: pure Python, no Django.

Public API:

* ``Instance`` and friends (``instance``); ``instance_from_json`` / ``instance_to_json``
  (``formats.instance_json``);
  ``read_dzn`` for the published benchmark format (``formats.dzn``);
* ``evaluate`` (``validate``): the solver-independent checker of every hard rule and
  every objective term;
* ``solve`` (``solver``): status, objective (total breaks), bound, per-participant
  breakdown, unscheduled reasons and, for infeasible input, the rules in conflict;
* ``assign_tables`` (``tables``), ``reschedule`` (``reschedule``),
  ``greedy_schedule`` (``greedy``).

Engines, chosen by ``solve(engine="auto")``: a SAT/MaxSAT portfolio for instances
where every meeting is required (the published problem), CP-SAT for the general
model (optional meetings with priorities, travel buffers, several venues), and a
block-by-block construction for events too large for either.
"""

from jisr.engine.scheduling.errors import InstanceError, SchedulingError
from jisr.engine.scheduling.formats.dzn import read_dzn
from jisr.engine.scheduling.formats.instance_json import (
    instance_from_json,
    instance_to_json,
    load_instance_json,
)
from jisr.engine.scheduling.greedy import greedy_schedule
from jisr.engine.scheduling.instance import (
    Change,
    Instance,
    Meeting,
    Participant,
    Schedule,
    Slot,
    Table,
    TravelBuffer,
)
from jisr.engine.scheduling.reschedule import reschedule
from jisr.engine.scheduling.solver import Result, solve
from jisr.engine.scheduling.tables import assign_tables
from jisr.engine.scheduling.validate import Evaluation, evaluate

__all__ = [
    "Change",
    "Evaluation",
    "Instance",
    "InstanceError",
    "Meeting",
    "Participant",
    "Result",
    "Schedule",
    "SchedulingError",
    "Slot",
    "Table",
    "TravelBuffer",
    "assign_tables",
    "evaluate",
    "greedy_schedule",
    "instance_from_json",
    "instance_to_json",
    "load_instance_json",
    "read_dzn",
    "reschedule",
    "solve",
]
