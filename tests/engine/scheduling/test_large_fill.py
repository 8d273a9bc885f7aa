"""The large path's fill: the last free tables go to the meetings that add the
fewest breaks, since which meetings of one priority hold them does not change the
weight."""

from __future__ import annotations

from jisr.engine.scheduling.instance import Schedule
from jisr.engine.scheduling.large.construction import compact_runs, from_the_middle
from jisr.engine.scheduling.large.fill import fill
from jisr.engine.scheduling.large.state import State
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.synthetic import generated_event
from jisr.engine.scheduling.validate import evaluate, participant_breaks

from .builders import make_instance


def _breaks(instance, state) -> list[int]:
    return [participant_breaks(instance, list(busy)) for busy in state.busy]


def _two_slots_held(priorities: dict[int, int] | None = None):
    """One table, three slots. m0 (p0, p1) holds slot 0 and m1 (p2, p3) slot 1, so
    only slot 2 is free. m2 (p0, p4) there would leave p0 idle at slot 1; m3 (p2, p5)
    continues p2's run. m2 comes first in index order."""
    instance = make_instance(
        [(0, 1), (2, 3), (0, 4), (2, 5)],
        n_slots=3,
        n_tables=1,
        priorities=priorities,
        require_all=False,
    )
    state = State(instance, compute_domains(instance))
    state.place(0, 0, "main")
    state.place(1, 1, "main")
    return instance, state, _breaks(instance, state)


def test_the_last_table_goes_to_the_meeting_that_adds_no_break() -> None:
    instance, state, breaks = _two_slots_held()

    fill(instance, state, breaks, None, deadline=float("inf"), should_stop=lambda: False)

    assert state.slot_of == [0, 1, None, 2]
    assert breaks == _breaks(instance, state) == [0] * 6


def test_heavier_meetings_go_first_even_when_they_add_a_break() -> None:
    # The same event with m2 at priority 2: the weight comes before the breaks.
    instance, state, breaks = _two_slots_held(priorities={2: 2})

    fill(instance, state, breaks, None, deadline=float("inf"), should_stop=lambda: False)

    assert state.slot_of == [0, 1, 2, None]
    assert breaks == _breaks(instance, state)
    assert breaks[0] == 1


def test_the_fairness_cap_is_kept() -> None:
    # With at most 0 breaks each, m2 cannot go in at all; m3 still can.
    instance, state, breaks = _two_slots_held(priorities={2: 2})

    fill(instance, state, breaks, 0, deadline=float("inf"), should_stop=lambda: False)

    assert state.slot_of == [0, 1, None, 2]


def test_middle_out_visits_every_slot_of_a_block_once() -> None:
    assert from_the_middle([0, 1, 2, 3, 4, 5, 6, 7]) == [3, 4, 2, 5, 1, 6, 0, 7]
    assert from_the_middle([8, 9, 10]) == [9, 10, 8]
    assert from_the_middle([5]) == [5]


def test_compact_runs_add_no_break_in_either_order() -> None:
    instance = generated_event(participants=60, meetings=300, tables=12, seed=4)
    domains = compute_domains(instance)
    for outwards in (False, True):
        state = State(instance, domains)
        compact_runs(instance, domains, state, middle_out=outwards, should_stop=lambda: False)
        assert any(slot is not None for slot in state.slot_of)
        assert _breaks(instance, state) == [0] * len(instance.participants)
        schedule = Schedule(slots=tuple(state.slot_of))
        assert evaluate(instance, schedule, fairness=None).violations == ()
