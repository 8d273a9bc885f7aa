"""Redundant "at least" per slot when the meetings nearly fill the tables: sound
(every valid schedule meets the floors) and the optimum is unchanged (brute force)."""

from __future__ import annotations

import itertools
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jisr.engine.scheduling.instance import Instance, Schedule
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.sat_encoding import full_table_floors
from jisr.engine.scheduling.sat_search import run_descent, run_sat_search
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance


def _valid_schedules(instance: Instance) -> list[tuple[tuple[int, ...], int]]:
    """Every valid slot choice with its breaks (identical tables: the k-th meeting of a
    slot takes table k)."""
    found = []
    for slots in itertools.product(range(instance.n_slots), repeat=len(instance.meetings)):
        seen: dict[int, int] = {}
        tables = []
        for t in slots:
            tables.append(seen.get(t, 0))
            seen[t] = seen.get(t, 0) + 1
        if any(count > len(instance.tables) for count in seen.values()):
            continue
        check = evaluate(instance, Schedule(slots=slots, tables=tuple(tables)), fairness=None)
        if check.ok:
            found.append((slots, check.total_breaks))
    return found


@st.composite
def full_instances(draw: st.DrawFn) -> Instance:
    """Up to 5 meetings in 3 or 4 slots with tables at (or one above) the limit."""
    n_slots = draw(st.integers(3, 4))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, 4), st.integers(0, 4)).filter(lambda p: p[0] != p[1]),
            min_size=4,
            max_size=5,
        )
    )
    n_tables = -(-len(pairs) // n_slots) + draw(st.integers(0, 1))
    morning = draw(st.sampled_from([None, n_slots - 1]))
    sessions = {0: "morning"} if morning is not None else None
    unavailable = draw(st.sampled_from([None, {0: {n_slots - 1}}]))
    return make_instance(
        pairs,
        n_slots=n_slots,
        n_tables=n_tables,
        morning_slots=morning,
        sessions=sessions,
        unavailable=unavailable,
    )


def test_floors_at_the_table_limit() -> None:
    # 5 meetings, 3 slots of 2 tables: one free table-slot, so every slot holds >= 1.
    instance = make_instance([(0, 1), (2, 3), (4, 5), (0, 2), (1, 3)], n_slots=3, n_tables=2)
    floors = full_table_floors(instance, compute_domains(instance))

    assert {t: need for t, (_meetings, need) in floors.items()} == {0: 1, 1: 1, 2: 1}
    assert all(len(meetings) == 5 for meetings, _need in floors.values())


def test_no_floor_with_room_to_spare() -> None:
    instance = make_instance([(0, 1), (2, 3)], n_slots=3, n_tables=2)

    assert full_table_floors(instance, compute_domains(instance)) == {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(full_instances())
def test_every_valid_schedule_meets_the_floors(instance: Instance) -> None:
    floors = full_table_floors(instance, compute_domains(instance))
    for slots, _breaks in _valid_schedules(instance):
        for t, (meetings, need) in floors.items():
            assert sum(1 for m in meetings if slots[m] == t) >= need


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(full_instances())
def test_sat_optimum_with_floors_matches_brute_force(instance: Instance) -> None:
    domains = compute_domains(instance)
    valid = _valid_schedules(instance)
    expected = min((breaks for _slots, breaks in valid), default=None)
    if domains.conflicts:  # preprocessing proves it infeasible; no engine is called
        assert expected is None
        return
    for run in (run_sat_search, run_descent):
        outcome = run(instance, domains, fairness=None, deadline=time.monotonic() + 30)
        if expected is None:
            assert outcome.status == "INFEASIBLE"
        else:
            assert outcome.status == "OPTIMAL"
            assert outcome.objective == expected
