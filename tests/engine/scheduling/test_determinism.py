"""The same input gives the same schedule whatever the number of workers."""

from __future__ import annotations

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.sat_search import run_canonical
from jisr.engine.scheduling.solver import solve

from .builders import make_instance


def _instance_with_forced_break() -> Instance:
    # p0's meetings are fixed to slots 0 and 2: one break whatever happens; p1 has one
    # meeting, so the fairness minimum is 0 and the SAT/MaxSAT portfolio applies.
    return make_instance(
        [(0, 1), (0, 2), (3, 4), (3, 5), (4, 5), (2, 6), (5, 6)],
        n_slots=5,
        n_tables=2,
        fixed={0: 0, 1: 2},
    )


def test_schedule_same_for_one_and_two_workers_when_optimum_is_positive() -> None:
    instance = _instance_with_forced_break()

    one = solve(instance, workers=1, time_limit=30, explain=False)
    two = solve(instance, workers=2, time_limit=30, explain=False)
    again = solve(instance, workers=2, time_limit=30, explain=False)

    assert one.status == two.status == "OPTIMAL"
    assert one.objective == two.objective and (one.objective or 0) > 0
    assert one.schedule is not None and two.schedule is not None and again.schedule is not None
    assert one.schedule.slots == two.schedule.slots == again.schedule.slots


def test_portfolio_returns_the_canonical_schedule_of_the_optimum() -> None:
    instance = _instance_with_forced_break()
    result = solve(instance, workers=2, time_limit=30, explain=False)
    assert result.objective is not None
    canonical = run_canonical(
        instance, compute_domains(instance), fairness=2, breaks=result.objective
    )

    assert result.schedule is not None
    assert result.schedule.slots == canonical.slots
