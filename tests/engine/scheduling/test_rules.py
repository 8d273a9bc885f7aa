"""Each rule: a feasible case and an infeasible case, solved by CP-SAT and checked by
the validator."""

from __future__ import annotations

from jisr.engine.scheduling.instance import Instance, TravelBuffer
from jisr.engine.scheduling.solver import Result, solve
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance


def _solve(instance: Instance, *, fairness: int | None = 2, engine: str = "cpsat") -> Result:
    result = solve(
        instance,
        time_limit=5,
        workers=1,
        seed=0,
        fairness=fairness,
        engine=engine,  # type: ignore[arg-type]
    )
    if result.schedule is not None:
        assert evaluate(instance, result.schedule, fairness=fairness).ok
    return result


def _rules(result: Result) -> set[str]:
    return {rule for conflict in result.conflicts for rule in conflict.rules}


def test_one_meeting_per_slot_feasible_when_slots_suffice() -> None:
    result = _solve(make_instance([(0, 1), (0, 2), (0, 3)], n_slots=3))

    assert result.status == "OPTIMAL"
    assert sorted(result.schedule.slots) == [0, 1, 2]  # type: ignore[union-attr, type-var]


def test_one_meeting_per_slot_infeasible_with_more_meetings_than_slots() -> None:
    result = _solve(make_instance([(0, 1), (0, 2), (0, 3), (0, 4)], n_slots=3))

    assert result.status == "INFEASIBLE"
    assert "one_meeting_per_participant_slot" in _rules(result)


def test_table_capacity_feasible_with_two_tables() -> None:
    result = _solve(make_instance([(0, 1), (2, 3), (4, 5), (6, 7)], n_slots=2, n_tables=2))

    assert result.status == "OPTIMAL"
    assert result.scheduled == 4


def test_table_capacity_infeasible_with_one_table() -> None:
    result = _solve(make_instance([(0, 1), (2, 3), (4, 5)], n_slots=2, n_tables=1))

    assert result.status == "INFEASIBLE"
    assert "table_capacity" in _rules(result)


def test_sessions_feasible_places_meeting_in_its_session() -> None:
    instance = make_instance([(0, 1)], n_slots=4, morning_slots=2, sessions={0: "afternoon"})

    result = _solve(instance)

    assert result.schedule is not None
    assert result.schedule.slots[0] in (2, 3)


def test_sessions_infeasible_when_morning_too_short() -> None:
    instance = make_instance(
        [(0, 1), (0, 2)], n_slots=4, morning_slots=1, sessions={0: "morning", 1: "morning"}
    )

    result = _solve(instance)

    assert result.status == "INFEASIBLE"
    assert "sessions" in _rules(result)


def test_forbidden_feasible_avoids_unavailable_slot() -> None:
    instance = make_instance([(0, 1)], n_slots=2, unavailable={1: {0}})

    result = _solve(instance)

    assert result.schedule is not None
    assert result.schedule.slots == (1,)


def test_forbidden_infeasible_when_participant_never_available() -> None:
    instance = make_instance([(0, 1), (0, 2)], n_slots=2, unavailable={0: {1}})

    result = _solve(instance)

    assert result.status == "INFEASIBLE"
    assert "forbidden" in _rules(result)


def test_fixed_feasible_keeps_the_slot() -> None:
    result = _solve(make_instance([(0, 1), (0, 2)], n_slots=3, fixed={1: 0}))

    assert result.schedule is not None
    assert result.schedule.slots[1] == 0


def test_fixed_slot_participant_cannot_attend_is_a_named_conflict() -> None:
    instance = make_instance([(0, 1)], n_slots=3, fixed={0: 2}, unavailable={1: {2}})

    result = _solve(instance)

    assert result.status == "INFEASIBLE"
    assert {"fixed", "forbidden"} <= _rules(result)
    assert "p1" in result.conflicts[0].reason


def test_precedences_feasible_orders_meetings() -> None:
    instance = make_instance([(0, 1), (0, 2), (1, 2)], n_slots=3, after={0: (2,), 1: (0,)})

    result = _solve(instance)

    assert result.schedule is not None
    slots = result.schedule.slots
    assert slots[2] < slots[0] < slots[1]  # type: ignore[operator]


def test_precedences_infeasible_when_cycle() -> None:
    instance = make_instance([(0, 1), (0, 2)], n_slots=3, after={0: (1,), 1: (0,)})

    result = _solve(instance)

    assert result.status == "INFEASIBLE"
    assert "precedences" in _rules(result)


def test_travel_buffer_feasible_leaves_time_to_travel() -> None:
    instance = make_instance(
        [(0, 1), (0, 2)],
        n_slots=4,
        venues=["casablanca", "rabat"],
        travel=[TravelBuffer("casablanca", "rabat", 1), TravelBuffer("rabat", "casablanca", 1)],
        unavailable={1: {1, 2, 3}, 2: {0, 1, 2}},
    )
    result = _solve(instance, fairness=None)

    assert result.status == "OPTIMAL"
    assert result.schedule is not None
    assert result.schedule.slots == (0, 3)


def test_travel_buffer_infeasible_when_venues_differ_back_to_back() -> None:
    instance = make_instance(
        [(0, 1), (0, 2)],
        n_slots=2,
        venues=["casablanca", "rabat"],
        travel=[TravelBuffer("casablanca", "rabat", 1), TravelBuffer("rabat", "casablanca", 1)],
        require_all=True,
    )
    # Only one table per venue and slot: the two meetings of p0 could share a venue,
    # so close the second venue in slot 0 and the first in slot 1.
    instance = _close_tables(instance, {0: {1}, 1: {0}})

    result = _solve(instance, fairness=None)

    assert result.status == "INFEASIBLE"
    assert "travel_buffer" in _rules(result)


def _close_tables(instance: Instance, open_slots: dict[int, set[int]]) -> Instance:
    from dataclasses import replace

    tables = tuple(
        replace(table, slots=frozenset(open_slots[index]))
        for index, table in enumerate(instance.tables)
    )
    return replace(instance, tables=tables)


def test_max_meetings_feasible_drops_lowest_priority_meeting() -> None:
    instance = make_instance(
        [(0, 1), (0, 2), (0, 3)],
        n_slots=3,
        max_meetings={0: 2},
        priorities={0: 1, 1: 5, 2: 5},
        require_all=False,
    )

    result = _solve(instance)

    assert result.status == "OPTIMAL"
    assert result.schedule is not None
    assert result.schedule.slots[0] is None
    assert result.weighted_scheduled == 10
    assert [u.meeting for u in result.unscheduled] == ["m0"]
    assert "maximum" in result.unscheduled[0].reason


def test_max_meetings_infeasible_when_all_required() -> None:
    instance = make_instance([(0, 1), (0, 2)], n_slots=3, max_meetings={0: 1})

    result = _solve(instance)

    assert result.status == "INFEASIBLE"
    assert "max_meetings" in _rules(result)


def test_fairness_feasible_with_cap_two() -> None:
    instance = make_instance(
        [(0, 1), (0, 2), (0, 3)], n_slots=5, n_tables=1, fixed={0: 0, 1: 2, 2: 4}
    )

    result = _solve(instance, fairness=2)

    assert result.status == "OPTIMAL"
    assert result.objective == 2


def test_fairness_infeasible_with_cap_one() -> None:
    instance = make_instance(
        [(0, 1), (0, 2), (0, 3)], n_slots=5, n_tables=1, fixed={0: 0, 1: 2, 2: 4}
    )

    result = _solve(instance, fairness=1)

    assert result.status == "INFEASIBLE"
    assert "fairness" in _rules(result)


def test_breaks_minimised_to_zero_when_possible() -> None:
    instance = make_instance([(0, 1), (0, 2), (1, 2), (2, 3)], n_slots=6, n_tables=2)

    result = _solve(instance, engine="sat_search")

    assert result.status == "OPTIMAL"
    assert result.objective == 0
    assert result.bound == 0


def test_priorities_when_not_all_fit_keep_heaviest_meetings() -> None:
    instance = make_instance(
        [(0, 1), (2, 3), (4, 5)],
        n_slots=1,
        n_tables=2,
        priorities={0: 3, 1: 1, 2: 2},
        require_all=False,
    )

    result = _solve(instance)

    assert result.schedule is not None
    assert result.schedule.slots == (0, None, 0)
    assert result.weighted_scheduled == 5
    assert [u.meeting for u in result.unscheduled] == ["m1"]


def test_participant_breakdown_counts_each_participant() -> None:
    instance = make_instance(
        [(0, 1), (0, 2), (0, 3)], n_slots=5, n_tables=1, fixed={0: 0, 1: 2, 2: 4}
    )

    result = _solve(instance, fairness=None)

    first = result.participants[0]
    assert (first.participant, first.requested, first.scheduled, first.breaks) == ("p0", 3, 3, 2)


def test_repeated_pair_twin_meetings_both_placed_in_distinct_slots() -> None:
    instance = make_instance([(0, 1), (0, 1), (0, 2), (3, 4)], n_slots=4, n_tables=2)

    result = _solve(instance, engine="sat_search")

    assert result.status == "OPTIMAL"
    assert result.objective == 0
    assert result.schedule is not None
    assert result.schedule.slots[0] != result.schedule.slots[1]
