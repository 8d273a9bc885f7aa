"""The stop hook, progress from every stage, and machine-readable reason codes."""

from __future__ import annotations

import time

import pytest

from jisr.engine.scheduling import solver as solver_module
from jisr.engine.scheduling.cpsat import solve_cpsat
from jisr.engine.scheduling.instance import Change, Meeting, Schedule
from jisr.engine.scheduling.outcome import CONFLICT_CODES, UNSCHEDULED_CODES
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.reschedule import reschedule
from jisr.engine.scheduling.solver import solve
from jisr.engine.scheduling.synthetic import console_event, generated_event
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance


def _stop_after(seconds: float) -> tuple[list[float], object]:
    start = time.monotonic()
    calls: list[float] = []

    def should_stop() -> bool:
        calls.append(time.monotonic() - start)
        return calls[-1] >= seconds

    return calls, should_stop


def test_solve_cpsat_should_stop_ends_long_before_time_limit() -> None:
    instance = generated_event(
        participants=120, meetings=700, days=1, slots_per_day=16, tables=25, seed=1
    )
    calls, should_stop = _stop_after(1.0)

    result = solve(
        instance,
        time_limit=60,
        workers=2,
        engine="cpsat",
        should_stop=should_stop,  # type: ignore[arg-type]
        explain=False,
    )

    assert result.seconds < 10
    assert result.status in ("FEASIBLE", "UNKNOWN")
    assert calls and calls[-1] >= 1.0
    if result.schedule is not None:
        assert evaluate(instance, result.schedule).ok


def test_solve_portfolio_should_stop_terminates_processes() -> None:
    instance = make_instance([(0, 1), (1, 2), (2, 3), (3, 0)], n_slots=4, n_tables=2)

    result = solve(
        instance, time_limit=60, fairness=None, engine="portfolio", should_stop=lambda: True
    )

    assert result.status == "UNKNOWN"
    assert result.schedule is None
    assert result.seconds < 5


def test_solve_large_should_stop_returns_a_valid_partial_schedule() -> None:
    instance = generated_event(participants=60, meetings=200, days=1, tables=10, seed=2)

    result = solve(instance, time_limit=60, engine="large", should_stop=lambda: True)

    assert result.status in ("FEASIBLE", "OPTIMAL")
    assert result.schedule is not None
    assert evaluate(instance, result.schedule).ok
    assert result.seconds < 5


def test_solve_cpsat_stage_one_reports_progress_without_breaks() -> None:
    instance = make_instance(
        [(0, 1), (0, 2), (0, 3), (1, 2)],
        n_slots=3,
        max_meetings={0: 2},
        priorities={0: 1, 1: 5, 2: 5, 3: 2},
        require_all=False,
    )
    seen: list[tuple[int | None, int, float]] = []

    # Directly, without the construction: through ``solve`` its schedule already holds
    # the relaxation's bound (12), and stage 1 is rightly skipped.
    solve_cpsat(
        instance,
        compute_domains(instance),
        fairness=2,
        time_limit=5,
        workers=1,
        seed=0,
        on_progress=lambda objective, bound, seconds: seen.append((objective, bound, seconds)),
    )

    assert (None, 0) in {(objective, bound) for objective, bound, _ in seen}
    assert all(seconds >= 0 for _, _, seconds in seen)


def test_reschedule_reports_progress_and_stops_when_asked() -> None:
    instance = make_instance(
        [(0, 1), (0, 2), (3, 1), (3, 2)], n_slots=4, n_tables=2, require_all=False
    )
    published = Schedule(slots=(0, 1, 1, 0))
    seen: list[tuple[int | None, int, float]] = []
    new = Meeting(id="m4", first=0, second=3)

    done = reschedule(
        instance,
        published,
        [Change("add", new_meeting=new)],
        time_limit=5,
        workers=1,
        on_progress=lambda objective, bound, seconds: seen.append((objective, bound, seconds)),
    )
    big = generated_event(participants=120, meetings=700, days=1, tables=25, seed=1)
    _calls, should_stop = _stop_after(1.0)
    stopped = reschedule(
        big,
        Schedule(slots=tuple(None for _ in big.meetings)),
        [],
        time_limit=60,
        workers=2,
        should_stop=should_stop,  # type: ignore[arg-type]
    )

    assert done.status == "OPTIMAL"
    assert seen and seen[-1][0] == done.breaks
    assert stopped.seconds < 5
    assert stopped.status in ("FEASIBLE", "UNKNOWN")
    if stopped.schedule is not None:
        assert evaluate(stopped.instance, stopped.schedule).ok


def test_unscheduled_participant_limit_has_code_and_params() -> None:
    instance = make_instance(
        [(0, 1), (0, 2), (0, 3)],
        n_slots=3,
        max_meetings={0: 2},
        priorities={0: 1, 1: 5, 2: 5},
        require_all=False,
    )

    result = solve(instance, time_limit=5, workers=1, engine="cpsat")

    [reason] = result.unscheduled
    assert (reason.meeting, reason.code) == ("m0", "participant_limit")
    assert reason.params == {"participant": "p0", "limit": 2}
    assert "maximum" in reason.detail


def test_unscheduled_no_allowed_slot_has_code_and_params() -> None:
    instance = make_instance(
        [(0, 1), (0, 2)], n_slots=2, unavailable={2: {0, 1}}, require_all=False
    )

    result = solve(instance, time_limit=5, workers=1, engine="cpsat")

    [reason] = result.unscheduled
    assert (reason.meeting, reason.code) == ("m1", "no_allowed_slot")
    assert reason.params == {"participants": ["p0", "p2"], "session": "any"}


def test_unscheduled_no_common_free_slot_when_participant_is_busy() -> None:
    instance = make_instance([(0, 1), (0, 2)], n_slots=1, require_all=False)

    result = solve(instance, time_limit=5, workers=1, engine="cpsat")

    assert [u.code for u in result.unscheduled] == ["no_common_free_slot"]


def test_infeasible_conflicts_and_reasons_carry_known_codes() -> None:
    cases = [
        make_instance([(0, 1), (2, 3), (4, 5)], n_slots=1, n_tables=2),  # over capacity
        make_instance([(0, 1), (0, 2)], fixed={0: 0, 1: 0}),  # double booked
        make_instance([(0, 1), (1, 2)], after={0: (1,), 1: (0,)}),  # cycle
        make_instance([(0, 1), (0, 2), (0, 3)], max_meetings={0: 2}),
        make_instance([(0, 1)], fixed={0: 0}, unavailable={1: {0}}),
    ]
    codes: set[str] = set()

    for instance in cases:
        result = solve(instance, time_limit=5, workers=1, engine="cpsat")
        assert result.status == "INFEASIBLE"
        assert result.conflicts
        codes |= {c.code for c in result.conflicts}
        assert {u.code for u in result.unscheduled} == {"infeasible"}

    assert codes <= CONFLICT_CODES
    assert {
        "over_capacity",
        "fixed_double_booked",
        "over_max_meetings",
        "fixed_slot_unusable",
    } <= codes
    assert "infeasible" in UNSCHEDULED_CODES


def test_explanation_stopped_early_keeps_every_present_rule() -> None:
    instance = make_instance(
        [(0, 1), (0, 2), (0, 3)], n_slots=5, n_tables=1, fixed={0: 0, 1: 2, 2: 4}
    )
    full = solve(instance, time_limit=5, workers=1, engine="cpsat", fairness=1)
    stopped = solve(
        instance,
        time_limit=5,
        workers=1,
        engine="cpsat",
        fairness=1,
        should_stop=lambda: True,
    )

    assert full.status == stopped.status == "INFEASIBLE"
    assert [c.code for c in stopped.conflicts] == ["rules_together"]
    assert set(full.conflicts[0].rules) <= set(stopped.conflicts[0].rules)
    assert {"fairness", "table_capacity", "fixed"} <= set(stopped.conflicts[0].rules)


def test_larger_optional_event_goes_to_the_large_path_and_reports_breaks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    instance = console_event(participants=30, meetings=80, tables_per_venue=3, seed=4)
    required = make_instance([(0, 1), (1, 2), (2, 3)], n_slots=4, n_tables=2)
    monkeypatch.setattr(solver_module, "OPTIONAL_LARGE_THRESHOLD", 10)
    seen: list[tuple[int | None, int, float]] = []

    result = solve(
        instance,
        time_limit=3,
        explain=False,
        on_progress=lambda objective, bound, seconds: seen.append((objective, bound, seconds)),
    )
    kept_exact = solve(required, time_limit=3, explain=False)

    assert result.engine == "large"
    assert result.schedule is not None
    assert evaluate(instance, result.schedule, fairness=2).ok
    # The construction and the climb report at least; the last report is the answer's.
    assert len(seen) >= 2
    assert seen[-1][0] is not None and seen[-1][0] >= result.objective
    # Every meeting required: the exact engines, whatever the size.
    assert kept_exact.engine != "large"
