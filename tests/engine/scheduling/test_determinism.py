"""The same input gives the same schedule whatever the number of workers."""

from __future__ import annotations

import time

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.sat_search import run_canonical, run_sat_search
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


def _two_sessions_with_a_break() -> Instance:
    # p0 meets p1 in the morning and p2 in the afternoon but is away in the last
    # morning slot and the first afternoon slot: one break whatever happens.
    return make_instance(
        [(0, 1), (0, 2), (3, 4), (4, 5)],
        n_slots=6,
        n_tables=2,
        morning_slots=3,
        sessions={0: "morning", 1: "afternoon"},
        unavailable={0: {2, 3}},
    )


def test_sat_search_marks_its_bottom_up_answer_as_the_canonical_schedule() -> None:
    instance = _two_sessions_with_a_break()
    domains = compute_domains(instance)

    found = run_sat_search(instance, domains, fairness=2, deadline=time.monotonic() + 30)
    canonical = run_canonical(instance, domains, fairness=2, breaks=1)

    assert (found.status, found.objective, found.canonical) == ("OPTIMAL", 1, True)
    assert found.slots == canonical.slots


def test_two_session_schedule_same_for_one_and_two_workers() -> None:
    instance = _two_sessions_with_a_break()
    canonical = run_canonical(instance, compute_domains(instance), fairness=2, breaks=1)

    one = solve(instance, workers=1, time_limit=30, explain=False)
    two = solve(instance, workers=2, time_limit=30, explain=False)

    assert one.objective == two.objective == 1
    assert one.schedule is not None and two.schedule is not None
    assert one.schedule.slots == two.schedule.slots == canonical.slots
