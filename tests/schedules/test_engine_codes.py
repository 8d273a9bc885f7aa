"""The console speaks the engine's codes: every code has a sentence, Cancel stops
the solver through the stop hook, and reasons carry the engine's code and params."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from jisr.engine.scheduling.instance import Schedule
from jisr.engine.scheduling.outcome import CONFLICT_CODES, UNSCHEDULED_CODES
from jisr.engine.scheduling.synthetic import console_event, generated_event
from jisr.schedules.solving import RunStopped, run_engine
from jisr.schedules.tasks import ProgressRelay
from jisr.web import schedule_texts


def test_every_engine_unscheduled_code_has_a_sentence() -> None:
    assert UNSCHEDULED_CODES - set(schedule_texts.UNSCHEDULED_REASONS) == set()


def test_every_engine_conflict_code_has_a_sentence() -> None:
    assert CONFLICT_CODES - set(schedule_texts.CONFLICTS) == set()
    assert schedule_texts.conflict_text("over_capacity") == str(
        schedule_texts.CONFLICTS["over_capacity"]
    )


def _event():
    instance = generated_event(participants=120, meetings=700, days=1, tables=25, seed=1)
    meetings = tuple(
        replace(meeting, id=f"r{m + 1}") for m, meeting in enumerate(instance.meetings)
    )
    return replace(instance, meetings=meetings)


@pytest.mark.parametrize("kind", ["solve", "reschedule"])
def test_run_engine_stop_request_ends_the_solver_early(kind: str) -> None:
    instance = _event()
    relay = ProgressRelay()
    start = time.monotonic()

    def progress(objective: int | None, bound: int | None, seconds: float) -> None:
        relay(objective, bound, seconds)
        if time.monotonic() - start > 1.0:
            relay.stop.set()

    def should_stop() -> bool:
        if time.monotonic() - start > 1.0:
            relay.stop.set()
        return relay.should_stop()

    with pytest.raises(RunStopped):
        run_engine(
            instance,
            kind=kind,
            parameters={"time_limit": 60, "workers": 2},
            current=Schedule(slots=tuple(None for _ in instance.meetings)),
            progress=progress,
            should_stop=should_stop,
        )

    assert time.monotonic() - start < 10


def test_run_engine_reasons_carry_engine_code_params_and_detail() -> None:
    instance = _event()

    result = run_engine(
        instance,
        kind="greedy",
        parameters={},
        current=Schedule(slots=tuple(None for _ in instance.meetings)),
        progress=lambda *_: None,
    )

    assert result.reasons
    for reason in result.reasons.values():
        assert reason["code"] in UNSCHEDULED_CODES
        assert isinstance(reason["params"], dict)
        assert reason["detail"]


@pytest.mark.parametrize("code", ["precedence", "travel_buffer", "fairness", "table_capacity"])
def test_unscheduled_cause_sentence_is_translated_in_french_and_arabic(code: str) -> None:
    from django.utils import translation

    english = schedule_texts.unscheduled_reason(code)
    with translation.override("fr"):
        french = schedule_texts.unscheduled_reason(code)
    with translation.override("ar"):
        arabic = schedule_texts.unscheduled_reason(code)

    assert english != str(schedule_texts.UNSCHEDULED_REASONS["unknown"])
    assert len({english, french, arabic}) == 3


def test_run_engine_solution_states_weight_held_and_its_proved_bound() -> None:
    instance = console_event(participants=12, meetings=20, tables_per_venue=1, seed=4)

    result = run_engine(
        instance,
        kind="solve",
        parameters={"time_limit": 10, "fairness": 2},
        current=Schedule(slots=tuple(None for _ in instance.meetings)),
        progress=lambda *_: None,
    )

    held = sum(
        meeting.priority
        for meeting, slot in zip(instance.meetings, result.schedule.slots, strict=True)
        if slot is not None
    )
    breakdown = result.solution_json()["breakdown"]
    assert breakdown["weighted"] == held > 0
    assert breakdown["weighted_bound"] >= held
    if result.status == "OPTIMAL":
        assert breakdown["weighted_bound"] == held
