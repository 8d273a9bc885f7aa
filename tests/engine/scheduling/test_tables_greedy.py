from __future__ import annotations

from pathlib import Path

from jisr.engine.scheduling.benchdata import read_reference_schedule
from jisr.engine.scheduling.formats.dzn import read_dzn
from jisr.engine.scheduling.greedy import greedy_schedule
from jisr.engine.scheduling.instance import Schedule
from jisr.engine.scheduling.tables import assign_tables, table_changes
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance


def test_assign_tables_keeps_provider_at_one_table() -> None:
    instance = make_instance([(0, 1), (0, 2), (0, 3), (4, 5)], n_slots=3, n_tables=2)
    slots = (0, 1, 2, 1)

    tables = assign_tables(instance, slots)

    assert tables[0] == tables[1] == tables[2]
    assert table_changes(instance, slots, tables) == 0
    assert evaluate(instance, Schedule(slots=slots, tables=tables)).ok


def test_assign_tables_respects_venue_of_each_meeting() -> None:
    instance = make_instance([(0, 1), (2, 3)], n_slots=1, venues=["casablanca", "rabat"])

    tables = assign_tables(instance, (0, 0), ["rabat", "casablanca"])

    assert [instance.tables[t].venue for t in tables if t is not None] == ["rabat", "casablanca"]


def test_greedy_books_earliest_free_slot_in_request_order() -> None:
    instance = make_instance([(0, 1), (0, 2), (1, 2)], n_slots=4, n_tables=2)

    schedule = greedy_schedule(instance)

    assert schedule.slots == (0, 1, 2)
    assert evaluate(instance, schedule).ok


def test_greedy_leaves_meeting_out_when_no_slot_fits() -> None:
    instance = make_instance([(0, 1), (0, 2)], n_slots=1, n_tables=2, require_all=False)

    schedule = greedy_schedule(instance)

    assert schedule.slots == (0, None)


def test_assign_tables_on_reference_schedule_is_valid(shared_dir: Path) -> None:
    instance = read_dzn(shared_dir / "instances" / "forum-13.original.dzn")
    reference = read_reference_schedule(
        instance, shared_dir / "reference-schedules" / "forum-13.original.schedule.csv"
    )

    tables = assign_tables(instance, reference.slots)
    result = evaluate(instance, Schedule(slots=reference.slots, tables=tables))

    assert result.ok
    assert all(table is not None for table in tables)
