"""Same input, same schedule, whatever the number of workers (default settings)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.solver import solve
from jisr.engine.scheduling.synthetic import generated_event
from jisr.engine.scheduling.validate import evaluate


def _required_event() -> Instance:
    instance = generated_event(
        participants=16,
        meetings=40,
        days=1,
        slots_per_day=8,
        tables=6,
        max_per_participant=6,
        seed=2,
    )
    return replace(instance, require_all=True)


@pytest.mark.parametrize("engine", ["cpsat", "large"])
def test_solve_same_schedule_with_one_or_two_workers(engine: str) -> None:
    instance = (
        _required_event()
        if engine == "cpsat"
        else generated_event(participants=60, meetings=200, tables=6, seed=3)
    )

    runs = [
        solve(instance, time_limit=20, workers=workers, engine=engine, explain=False)  # type: ignore[arg-type]
        for workers in (1, 2, 2)
    ]

    assert runs[0].schedule is not None
    assert evaluate(instance, runs[0].schedule, fairness=2).ok
    assert {run.schedule.slots for run in runs if run.schedule is not None} == {
        runs[0].schedule.slots
    }
    assert len({(run.status, run.objective, run.weighted_scheduled) for run in runs}) == 1
