"""What one search engine reports back to the solver front end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN"]

# Called with (objective or None, bound, seconds since start) whenever either improves.
ProgressCallback = Callable[[int | None, int, float], None]


@dataclass(frozen=True)
class EngineOutcome:
    """Status, best total breaks, proven lower bound and slot per meeting (or None)."""

    engine: str
    status: Status
    objective: int | None
    bound: int
    slots: tuple[int, ...] | None


@dataclass(frozen=True)
class Unscheduled:
    """A meeting left out of a schedule and why."""

    meeting: str
    reason: str
