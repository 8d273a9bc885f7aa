from __future__ import annotations

import json

import pytest

from jisr.engine.scheduling.errors import InstanceError
from jisr.engine.scheduling.formats.instance_json import instance_to_json, load_instance_json
from jisr.engine.scheduling.solver import solve
from jisr.engine.scheduling.synthetic import generated_event
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance

BASE = {
    "name": "mission",
    "slots": [{"day": 0, "block": 0, "session": "morning"}] * 3,
    "participants": [{"id": "acme"}, {"id": "globex", "unavailable": [0]}],
    "tables": [{"id": "T1", "venue": "casablanca"}],
    "meetings": [{"id": "r1", "participants": ["acme", "globex"]}],
}


def test_json_round_trip_keeps_every_field() -> None:
    instance = make_instance(
        [(0, 1), (1, 2)], fixed={0: 1}, after={1: (0,)}, priorities={1: 3}, max_meetings={2: 4}
    )

    again = load_instance_json(json.dumps(instance_to_json(instance)))

    assert again == instance


def test_json_syntax_error_names_line() -> None:
    with pytest.raises(InstanceError) as caught:
        load_instance_json('{\n  "name": "x",\n  "slots": [,]\n}')

    assert caught.value.line == 3
    assert "line 3" in str(caught.value)


@pytest.mark.parametrize(
    ("meeting", "message"),
    [
        ({"id": "r2", "participants": ["acme", "acme"]}, "oneself"),
        ({"id": "r2", "participants": ["acme", "initech"]}, "unknown participant 'initech'"),
        ({"id": "r2", "participants": ["acme", "globex"], "fixed_slot": 7}, "slot 7"),
        ({"id": "r2", "participants": ["acme", "globex"], "session": "evening"}, "evening"),
        ({"id": "r2", "participants": ["acme", "globex"], "after": ["nope"]}, "unknown meeting"),
    ],
)
def test_json_inconsistent_meeting_is_rejected_with_field(
    meeting: dict[str, object], message: str
) -> None:
    data = dict(BASE, meetings=[*BASE["meetings"], meeting])  # type: ignore[list-item]

    with pytest.raises(InstanceError) as caught:
        load_instance_json(json.dumps(data))

    assert message in str(caught.value)
    assert "meetings[1]" in str(caught.value)


def test_json_fixed_slot_participant_cannot_attend_is_infeasible_not_a_crash() -> None:
    data = dict(BASE, meetings=[{"id": "r1", "participants": ["acme", "globex"], "fixed_slot": 0}])
    instance = load_instance_json(json.dumps(data))

    result = solve(instance, time_limit=5, workers=1)

    assert result.status == "INFEASIBLE"
    assert "globex" in result.conflicts[0].reason


def test_large_engine_on_small_generated_event_is_valid() -> None:
    instance = generated_event(participants=60, meetings=200, tables=6, seed=3)

    result = solve(instance, time_limit=10, workers=1, engine="large", explain=False)

    assert result.schedule is not None
    assert evaluate(instance, result.schedule, fairness=2).ok
    assert result.scheduled == sum(1 for s in result.schedule.slots if s is not None)
    assert result.weighted_bound is not None
    assert result.weighted_scheduled <= result.weighted_bound


def test_progress_callback_reports_bounds() -> None:
    seen: list[tuple[int | None, int]] = []
    instance = make_instance(
        [(0, 1), (0, 2), (0, 3)], n_slots=5, n_tables=1, fixed={0: 0, 1: 2, 2: 4}, require_all=False
    )

    solve(
        instance,
        time_limit=5,
        workers=1,
        on_progress=lambda objective, bound, _s: seen.append((objective, bound)),
    )

    assert seen
    assert seen[-1][0] == 2


def test_json_unknown_participant_error_names_line_of_the_meeting() -> None:
    text = json.dumps(
        dict(BASE, meetings=[*BASE["meetings"], {"id": "r2", "participants": ["acme", "zed"]}]),  # type: ignore[list-item]
        indent=2,
    )
    expected = text.splitlines().index('      "id": "r2",') + 1

    with pytest.raises(InstanceError) as caught:
        load_instance_json(text)

    assert caught.value.line == expected
    assert f"line {expected}" in str(caught.value)
    assert "unknown participant 'zed'" in str(caught.value)


def test_result_to_json_round_trips_through_json_with_tables() -> None:
    instance = make_instance([(0, 1), (0, 2), (3, 4)], n_slots=3, n_tables=2)

    result = solve(instance, time_limit=5, workers=1)
    payload = json.loads(json.dumps(result.to_json(instance)))

    assert payload["status"] == "OPTIMAL"
    assert payload["objective"] == 0
    assert [m["id"] for m in payload["meetings"]] == ["m0", "m1", "m2"]
    assert all(m["table"] in ("t0", "t1") for m in payload["meetings"])
    assert payload["participants"][0] == {
        "participant": "p0",
        "requested": 2,
        "scheduled": 2,
        "breaks": 0,
    }
