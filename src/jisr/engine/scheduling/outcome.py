"""What one search engine reports back to the solver front end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN"]

# Called with (objective or None, bound, seconds since start) whenever either improves,
# and at least every few seconds while a stage runs without news. The figures are
# total breaks (objective: best found, bound: proven lower bound) except while the
# CP-SAT model maximises held weight first (optional meetings) or ``reschedule``
# runs its first stages: then objective is None and bound is 0, so a
# three-argument callback sees only time passing; ``StageProgressCallback`` shows
# what each stage is doing.
ProgressCallback = Callable[[int | None, int, float], None]

# Polled by the solvers about every half second (CP-SAT: from a watcher thread that
# calls ``stop_search``; the SAT/MaxSAT portfolio: its wait loop, which terminates
# the processes; the construction heuristic: between steps). When it returns True
# the search ends early with status FEASIBLE and the best schedule found so far, or
# UNKNOWN and no schedule. It is called from the solver's own threads.
StopCheck = Callable[[], bool]

# Codes of ``Unscheduled.code``; each has a sentence in the web layer.
UNSCHEDULED_CODES = frozenset(
    {
        "no_allowed_slot",  # params: participants, session
        "participant_limit",  # params: participant, limit
        "no_common_free_slot",  # params: slots
        "no_table",  # params: slots
        # A free slot with a free table exists for both, but a rule keeps it out
        # (params: slots, full, clash, causes = every rule that alone admits it):
        "precedence",
        "travel_buffer",
        "fairness",
        "table_capacity",  # it fits only where a meeting of equal or higher priority sits
        "time_limit",  # it fits as is: the search stopped first
        "objective",  # holding it costs breaks, or needs several rules off at once
        "infeasible",  # no schedule at all; see the conflicts
    }
)

# Codes of ``preprocess.Conflict.code``; each has a sentence in the web layer.
CONFLICT_CODES = frozenset(
    {
        "fixed_slot_unusable",  # params: meeting, slot, participants
        "fixed_double_booked",  # params: participant, slot
        "fixed_over_capacity",  # params: slot, meetings, tables
        "over_max_meetings",  # params: participant, meetings, limit
        "over_capacity",  # params: meetings, table_slots
        "precedence_impossible",  # params: before, after
        "precedence_cycle",
        "participant_overbooked",  # params: participant, meetings, slots
        "window_overbooked",  # params: window, meetings, table_slots
        "rules_together",  # params: rules
        "locked_meetings_clash",
    }
)


@dataclass(frozen=True)
class EngineOutcome:
    """Status, best total breaks, proven lower bound and slot per meeting (or None).

    ``canonical``: the schedule is the one ``sat_search.run_canonical`` returns for
    ``objective`` (the engine's winning call was that very call), so the portfolio
    need not compute it again."""

    engine: str
    status: Status
    objective: int | None
    bound: int
    slots: tuple[int, ...] | None
    canonical: bool = False


@dataclass(frozen=True)
class Unscheduled:
    """A meeting left out of a schedule and why.

    ``code`` (one of ``UNSCHEDULED_CODES``) and ``params`` are stable and
    machine-readable; ``reason`` is the English detail (also ``detail``).
    """

    meeting: str
    reason: str
    code: str = "objective"
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def detail(self) -> str:
        return self.reason
