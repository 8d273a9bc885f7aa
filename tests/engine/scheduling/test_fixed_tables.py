"""Fixed and preferred tables: locked meetings keep slot and table, unmoved ones
keep their table when possible."""

from __future__ import annotations

import pytest

from jisr.engine.scheduling.instance import Change, Meeting, Schedule
from jisr.engine.scheduling.reschedule import reschedule
from jisr.engine.scheduling.solver import solve
from jisr.engine.scheduling.tables import assign_tables
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance


def test_assign_tables_fixed_table_wins_over_continuity() -> None:
    instance = make_instance([(0, 1), (0, 2), (3, 4)], n_slots=2, n_tables=3)
    slots = (0, 1, 1)

    tables = assign_tables(instance, slots, fixed={2: 0})

    assert tables[2] == 0
    assert tables[1] != 0
    assert evaluate(instance, Schedule(slots=slots, tables=tables)).ok


def test_assign_tables_preferred_table_kept_when_free() -> None:
    instance = make_instance([(0, 1), (2, 3)], n_slots=1, n_tables=3)

    tables = assign_tables(instance, (0, 0), preferred={0: 2, 1: 1})

    assert tables == (2, 1)


def test_assign_tables_preferred_yields_to_fixed() -> None:
    instance = make_instance([(0, 1), (2, 3)], n_slots=1, n_tables=2)

    tables = assign_tables(instance, (0, 0), fixed={1: 0}, preferred={0: 0})

    assert tables == (1, 0)


def test_assign_tables_same_fixed_table_twice_in_a_slot_is_an_error() -> None:
    instance = make_instance([(0, 1), (2, 3)], n_slots=1, n_tables=2)

    with pytest.raises(ValueError, match="fixed for two meetings"):
        assign_tables(instance, (0, 0), fixed={0: 1, 1: 1})


def test_solve_locked_meeting_keeps_slot_and_table() -> None:
    instance = make_instance([(0, 1), (2, 3), (4, 5)], n_slots=2, n_tables=3, fixed={1: 0})

    result = solve(instance, time_limit=5, workers=1, engine="cpsat", fixed_tables={1: 2})

    assert result.schedule is not None
    assert result.schedule.tables is not None
    assert (result.schedule.slots[1], result.schedule.tables[1]) == (0, 2)


def test_reschedule_unmoved_meetings_keep_their_published_tables() -> None:
    instance = make_instance(
        [(0, 1), (0, 2), (3, 1), (3, 2)], n_slots=4, n_tables=3, require_all=False
    )
    published = Schedule(slots=(0, 1, 1, 0), tables=(2, 1, 0, 1))

    result = reschedule(
        instance,
        published,
        [Change("add", new_meeting=Meeting(id="m4", first=0, second=3))],
        time_limit=5,
        workers=1,
    )

    assert result.schedule is not None
    assert result.moved == ()
    assert result.schedule.tables is not None
    assert result.schedule.tables[:4] == (2, 1, 0, 1)
