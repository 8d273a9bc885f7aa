from __future__ import annotations

from pathlib import Path

import pytest

from jisr.engine.scheduling.benchdata import read_reference_schedule
from jisr.engine.scheduling.formats.dzn import read_dzn
from jisr.engine.scheduling.instance import Schedule, TravelBuffer
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance


@pytest.mark.parametrize("base", ["forum-13", "tic-12"])
def test_reference_schedule_validates_with_zero_breaks(shared_dir: Path, base: str) -> None:
    instance = read_dzn(shared_dir / "instances" / f"{base}.original.dzn")
    schedule = read_reference_schedule(
        instance, shared_dir / "reference-schedules" / f"{base}.original.schedule.csv"
    )

    result = evaluate(instance, schedule)

    assert result.violations == ()
    assert result.total_breaks == 0
    assert result.scheduled == len(instance.meetings)


def test_evaluate_breaks_count_gaps_not_idle_slots() -> None:
    instance = make_instance([(0, 1), (0, 2), (0, 3)], n_slots=8, n_tables=1)

    result = evaluate(instance, Schedule(slots=(0, 4, 5)))

    assert result.breaks == (1, 0, 0, 0)
    assert result.total_breaks == 1


def test_evaluate_gap_across_blocks_is_not_a_break() -> None:
    instance = make_instance([(0, 1), (0, 2)], n_slots=4, blocks=[(0, 0), (0, 0), (0, 1), (1, 0)])

    across_block = evaluate(instance, Schedule(slots=(0, 2)))
    inside_block = make_instance([(0, 1), (0, 2)], n_slots=4)

    assert across_block.total_breaks == 0
    assert evaluate(inside_block, Schedule(slots=(0, 2))).total_breaks == 1


def test_evaluate_participant_clash_is_reported() -> None:
    instance = make_instance([(0, 1), (0, 2)])

    result = evaluate(instance, Schedule(slots=(1, 1)))

    assert result.rules_broken() == {"one_meeting_per_participant_slot"}


def test_evaluate_capacity_forbidden_session_fixed_precedence_each_reported() -> None:
    instance = make_instance(
        [(0, 1), (2, 3), (4, 5)],
        n_slots=4,
        n_tables=1,
        morning_slots=2,
        sessions={0: "afternoon"},
        unavailable={2: {1}},
        fixed={2: 3},
        after={0: (1,)},
    )

    result = evaluate(instance, Schedule(slots=(1, 1, 0)))

    assert result.rules_broken() == {
        "table_capacity",
        "forbidden",
        "sessions",
        "fixed",
        "precedences",
    }


def test_evaluate_fairness_uses_min_over_all_participants() -> None:
    pairs = [(0, 1), (0, 2), (0, 3), (0, 4)]
    instance = make_instance(pairs, n_slots=8, n_tables=1)
    schedule = Schedule(slots=(0, 2, 4, 6))

    assert evaluate(instance, schedule, fairness=2).rules_broken() == {"fairness"}
    assert evaluate(instance, schedule, fairness=3).ok
    assert evaluate(instance, schedule, fairness=None).total_breaks == 3


def test_evaluate_unscheduled_meeting_breaks_all_meetings_rule_only_when_required() -> None:
    required = make_instance([(0, 1)])
    optional = make_instance([(0, 1)], require_all=False)

    assert evaluate(required, Schedule(slots=(None,))).rules_broken() == {"all_meetings"}
    assert evaluate(optional, Schedule(slots=(None,))).ok


def test_evaluate_max_meetings_and_weighted_count() -> None:
    instance = make_instance(
        [(0, 1), (0, 2)], max_meetings={0: 1}, priorities={1: 5}, require_all=False
    )

    both = evaluate(instance, Schedule(slots=(0, 1)))
    one = evaluate(instance, Schedule(slots=(None, 1)))

    assert both.rules_broken() == {"max_meetings"}
    assert one.ok
    assert one.weighted_scheduled == 5


def test_evaluate_travel_buffer_between_venues() -> None:
    instance = make_instance(
        [(0, 1), (0, 2)],
        n_slots=4,
        venues=["casablanca", "rabat"],
        travel=[TravelBuffer("casablanca", "rabat", 2)],
    )

    too_soon = evaluate(instance, Schedule(slots=(0, 1), tables=(0, 1)))
    in_time = evaluate(instance, Schedule(slots=(0, 3), tables=(0, 1)))

    assert too_soon.rules_broken() == {"travel_buffer"}
    assert in_time.ok


def test_evaluate_two_meetings_at_one_table_is_reported() -> None:
    instance = make_instance([(0, 1), (2, 3)])

    result = evaluate(instance, Schedule(slots=(0, 0), tables=(1, 1)))

    assert result.rules_broken() == {"tables"}
