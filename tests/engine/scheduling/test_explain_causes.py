"""Why a meeting stayed out: each cause on a small instance where it is the true one."""

from __future__ import annotations

from jisr.engine.scheduling.explain import unscheduled_reasons
from jisr.engine.scheduling.instance import (
    Instance,
    Meeting,
    Participant,
    Schedule,
    Slot,
    Table,
    TravelBuffer,
)
from jisr.engine.scheduling.outcome import UNSCHEDULED_CODES
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.solver import solve
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance


def _reason_of(instance: Instance, meeting_id: str, fairness: int | None = 2) -> tuple[str, dict]:
    result = solve(instance, time_limit=10, workers=1, fairness=fairness)
    assert result.schedule is not None
    assert evaluate(instance, result.schedule, fairness=fairness).ok
    found = {u.meeting: u for u in result.unscheduled}
    assert meeting_id in found
    return found[meeting_id].code, found[meeting_id].params


def test_unscheduled_precedence_when_the_earlier_meeting_is_fixed_later() -> None:
    # m1 must follow m0, which is fixed in the last slot; tables and people are free.
    instance = make_instance(
        [(0, 1), (2, 3)], n_slots=2, n_tables=2, fixed={0: 1}, after={1: (0,)}, require_all=False
    )

    code, params = _reason_of(instance, "m1")

    assert code == "precedence"
    assert params["causes"] == ["precedence"]


def test_unscheduled_travel_buffer_when_the_only_free_table_is_across_town() -> None:
    # Slot 0 has a table only in Casablanca, slot 1 only in Rabat; p0 meets p1 in
    # Casablanca at slot 0 (fixed) and needs one free slot to reach Rabat.
    instance = Instance(
        name="travel",
        participants=tuple(Participant(id=f"p{p}") for p in range(3)),
        slots=(Slot(), Slot()),
        tables=(
            Table(id="casa", venue="casablanca", slots=frozenset({0})),
            Table(id="rabat", venue="rabat", slots=frozenset({1})),
        ),
        meetings=(
            Meeting(id="m0", first=0, second=1, fixed_slot=0),
            Meeting(id="m1", first=0, second=2),
        ),
        travel_buffers=(TravelBuffer("casablanca", "rabat", 1),),
    )

    code, params = _reason_of(instance, "m1")

    assert code == "travel_buffer"
    assert params["causes"] == ["travel_buffer"]


def test_unscheduled_fairness_when_placing_it_makes_one_break_over_cap_zero() -> None:
    # p0 meets p1 at slot 0 (fixed); p2 can only come at slot 2: p0 would wait at slot 1.
    instance = make_instance(
        [(0, 1), (0, 2)],
        n_slots=3,
        n_tables=1,
        fixed={0: 0},
        unavailable={2: {0, 1}},
        require_all=False,
    )

    code, params = _reason_of(instance, "m1", fairness=0)

    assert code == "fairness"
    assert params["causes"] == ["fairness"]


def test_unscheduled_table_capacity_when_only_a_full_slot_is_otherwise_allowed() -> None:
    # m1 (p0-p2) fits at slot 1 but its only table holds the fixed m2; slot 2 has a
    # free table, but there m1 would give p0 a break (cap 0) and come after m3,
    # which must follow it.
    instance = make_instance(
        [(0, 1), (0, 2), (3, 4), (5, 6), (7, 8)],
        n_slots=3,
        n_tables=2,
        fixed={0: 0, 2: 1, 4: 1, 3: 2},
        after={3: (1,)},
        require_all=False,
    )

    code, params = _reason_of(instance, "m1", fairness=0)

    assert code == "table_capacity"
    assert params["causes"] == ["table_capacity"]


def test_unscheduled_time_limit_when_it_fits_in_the_schedule_as_is() -> None:
    instance = make_instance([(0, 1), (2, 3)], n_slots=2, n_tables=2, require_all=False)
    schedule = Schedule(slots=(0, None))

    reasons = unscheduled_reasons(instance, compute_domains(instance), schedule, fairness=2)

    assert [(u.meeting, u.code) for u in reasons] == [("m1", "time_limit")]


def test_unscheduled_objective_when_a_meeting_of_priority_zero_fits_as_is() -> None:
    instance = make_instance(
        [(0, 1), (2, 3)], n_slots=2, n_tables=2, priorities={1: 0}, require_all=False
    )
    schedule = Schedule(slots=(0, None))

    reasons = unscheduled_reasons(instance, compute_domains(instance), schedule, fairness=2)

    assert [(u.meeting, u.code) for u in reasons] == [("m1", "objective")]


def test_unscheduled_no_table_keeps_its_code_when_every_common_slot_is_full() -> None:
    instance = make_instance(
        [(0, 1), (2, 3)], n_slots=1, n_tables=1, priorities={0: 2}, require_all=False
    )

    code, params = _reason_of(instance, "m1")

    assert code == "no_table"
    assert "causes" not in params


def test_unscheduled_resolve_finds_precedence_when_no_rule_alone_admits_it_in_place() -> None:
    # Two tables, cap 0. m4 (p0-p2) must follow m1 (which cannot come at slot 0)
    # and precede the fixed m3. In place, slot 1 is full and m1 is there; slot 2 is
    # after m3's limit and gives p0 a break. Moving m1 to slot 2 frees slot 1, but
    # only if the order rules are off: precedence is what keeps m4 out.
    instance = make_instance(
        [(0, 1), (3, 4), (5, 6), (9, 10), (0, 2)],
        n_slots=3,
        n_tables=2,
        fixed={0: 0, 2: 1, 3: 2},
        after={3: (4,), 4: (1,)},
        unavailable={3: {0}},
        priorities={1: 2},
        require_all=False,
    )
    schedule = Schedule(slots=(0, 1, 1, 2, None))

    in_place = unscheduled_reasons(instance, compute_domains(instance), schedule, fairness=0)
    resolved = unscheduled_reasons(
        instance, compute_domains(instance), schedule, fairness=0, time_limit=5.0
    )

    assert [(u.meeting, u.code) for u in in_place] == [("m4", "objective")]
    assert [(u.meeting, u.code) for u in resolved] == [("m4", "precedence")]
    assert resolved[0].params["causes"] == ["precedence"]


def test_unscheduled_resolve_says_time_limit_when_moving_others_makes_room() -> None:
    # Same, but m1 may move to slot 0: then m4 fits at slot 1 with every rule on.
    instance = make_instance(
        [(0, 1), (3, 4), (5, 6), (9, 10), (0, 2)],
        n_slots=3,
        n_tables=2,
        fixed={0: 0, 2: 1, 3: 2},
        after={3: (4,), 4: (1,)},
        priorities={1: 2},
        require_all=False,
    )
    schedule = Schedule(slots=(0, 1, 1, 2, None))

    resolved = unscheduled_reasons(
        instance, compute_domains(instance), schedule, fairness=0, time_limit=5.0
    )

    assert [(u.meeting, u.code) for u in resolved] == [("m4", "time_limit")]


def test_unscheduled_codes_are_all_declared() -> None:
    for code in ("precedence", "travel_buffer", "fairness", "table_capacity", "time_limit"):
        assert code in UNSCHEDULED_CODES
