"""The annealing search: its schedules keep every rule, its counts are exact, it
reaches small optima, and the portfolio uses it for upper bounds."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jisr.engine.scheduling import portfolio
from jisr.engine.scheduling.instance import Instance, Schedule
from jisr.engine.scheduling.local_search import Annealer
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.sat_encoding import min_breaks_surely_zero
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance
from .test_full_tables import _valid_schedules


@st.composite
def rule_instances(draw: st.DrawFn) -> Instance:
    """Up to 5 meetings in 3 or 4 slots, with sessions, absences, fixed meetings and
    precedences drawn at random; tables at or just above the limit."""
    n_slots = draw(st.integers(3, 4))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, 3), st.integers(0, 3)).filter(lambda p: p[0] != p[1]),
            min_size=3,
            max_size=5,
        )
    )
    n_tables = -(-len(pairs) // n_slots) + draw(st.integers(0, 1))
    morning = draw(st.sampled_from([None, n_slots - 2]))
    sessions = {0: "morning"} if morning is not None else None
    unavailable = draw(st.sampled_from([None, {0: {n_slots - 1}}, {1: {0}}]))
    fixed = draw(st.sampled_from([None, {len(pairs) - 1: 1}]))
    after = draw(st.sampled_from([None, {1: (0,)}]))
    return make_instance(
        pairs,
        n_slots=n_slots,
        n_tables=n_tables,
        morning_slots=morning,
        sessions=sessions,
        unavailable=unavailable,
        fixed=fixed,
        after=after,
    )


def fair_schedules(instance: Instance, fairness: int | None) -> list[tuple[tuple[int, ...], int]]:
    """Every valid slot choice with its breaks that also keeps the fairness cap."""
    return [
        (slots, breaks)
        for slots, breaks in _valid_schedules(instance)
        if fairness is None or evaluate(instance, Schedule(slots=slots), fairness=fairness).ok
    ]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule_instances(), st.sampled_from([None, 0, 1]))
def test_schedules_keep_every_rule_and_reach_the_optimum(
    instance: Instance, fairness: int | None
) -> None:
    # The fairness cap is per participant, valid when someone surely has no break
    # (callers check it, as for the SAT encoding).
    assume(fairness is None or min_breaks_surely_zero(instance))
    domains = compute_domains(instance)
    if domains.conflicts:
        return
    valid = [breaks for _slots, breaks in fair_schedules(instance, fairness)]
    found = Annealer(instance, domains, fairness=fairness).run(
        time.monotonic() + 30, max_iterations=20_000
    )
    if found.slots is None:
        assert not valid
        return
    check = evaluate(instance, Schedule(slots=found.slots), fairness=fairness)
    assert check.ok, check.violations
    assert found.breaks == check.total_breaks
    # Five meetings at most: 20,000 moves reach the optimum of every drawn instance.
    assert found.breaks == min(valid)


def test_counts_follow_every_move() -> None:
    # The board's incremental totals equal a count from scratch after many moves.
    instance = make_instance(
        [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2), (1, 3), (0, 1)],
        n_slots=6,
        n_tables=2,
        after={4: (0,)},
    )
    annealer = Annealer(instance, compute_domains(instance), fairness=1)
    annealer.run(time.monotonic() + 30, max_iterations=5_000)
    board = annealer.board
    slots = tuple(board.slot)
    check = evaluate(instance, Schedule(slots=slots), fairness=None)
    assert board.breaks == check.total_breaks
    assert board.breaks_of == list(check.breaks)
    double = sum(max(0, n - 1) for row in board.occupancy for n in row)
    over = sum(max(0, n - cap) for n, cap in zip(board.count, board.caps, strict=True))
    late = sum(1 for m in (4,) if slots[0] >= slots[m])
    unfair = sum(max(0, b - 1) for b in check.breaks)
    assert board.broken == double + over + late + unfair


def test_same_seed_same_schedule() -> None:
    instance = make_instance(
        [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0), (0, 2), (1, 3)], n_slots=6, n_tables=2
    )
    domains = compute_domains(instance)
    runs = [
        Annealer(instance, domains, fairness=2, seed=4).run(
            time.monotonic() + 30, max_iterations=3_000, target=-1
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_the_portfolio_takes_the_upper_search_schedule(monkeypatch: pytest.MonkeyPatch) -> None:
    # With the proof engines replaced by one that does nothing, the only schedule
    # can come from the upper-bound search that joins later.
    instance = make_instance([(0, 1), (1, 2), (2, 3)], n_slots=4, n_tables=1)
    domains = compute_domains(instance)

    def idle(*_args: object) -> portfolio.EngineOutcome:
        time.sleep(3)
        return portfolio.EngineOutcome("idle", "UNKNOWN", None, 0, None)

    monkeypatch.setitem(portfolio.ENGINES, "idle", idle)
    outcome = portfolio.run_portfolio(
        instance,
        domains,
        fairness=2,
        time_limit=2.0,
        engines=("idle",),
        canonical=False,
        upper_after=0.1,
    )
    assert outcome.status == "OPTIMAL"  # 0 breaks meets the trivial bound 0
    assert outcome.slots is not None
    check = evaluate(instance, Schedule(slots=outcome.slots), fairness=2)
    assert check.ok
    assert check.total_breaks == 0
