"""Portfolio engines for tests: a body that acts on the shared memory, in an engine's shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jisr.engine.scheduling import portfolio
from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.outcome import EngineOutcome
from jisr.engine.scheduling.preprocess import Domains


def engine_stand_in(
    body: Callable[[portfolio.Shared], None], name: str = "stand-in"
) -> portfolio.EngineRunner:
    """An engine that runs ``body`` and then answers UNKNOWN (its proofs and schedules
    count only through what ``body`` writes to ``shared``)."""

    def job(
        _instance: Instance,
        _domains: Domains,
        _fairness: int | None,
        _deadline: float,
        _channel: Any,
        shared: portfolio.Shared,
    ) -> EngineOutcome:
        body(shared)
        return EngineOutcome(name, "UNKNOWN", None, 0, None)

    return job
