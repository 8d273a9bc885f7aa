"""Structurally broken instances are refused with the field named, on every engine."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jisr.engine.scheduling.errors import InstanceError
from jisr.engine.scheduling.instance import Instance, Participant, Table, TravelBuffer
from jisr.engine.scheduling.solver import solve

from .builders import make_instance


def _base() -> Instance:
    return make_instance([(0, 1), (1, 2)], n_slots=2, n_tables=1, require_all=False)


def _with_meeting(index: int, **changes: object) -> Instance:
    base = _base()
    meetings = list(base.meetings)
    meetings[index] = replace(meetings[index], **changes)  # type: ignore[arg-type]
    return replace(base, meetings=tuple(meetings))


BROKEN = {
    "meetings[1].second": _with_meeting(1, second=9),
    "meetings[0].first": _with_meeting(0, first=-1),
    "meetings[1].after[0]": _with_meeting(1, after=(7,)),
    "meetings[0].fixed_slot": _with_meeting(0, fixed_slot=5),
    "meetings[0].priority": _with_meeting(0, priority=-2),
    "meetings[0].session": _with_meeting(0, session="evening"),
    "participants[0].unavailable": replace(
        _base(),
        participants=(Participant(id="p0", unavailable=frozenset({4})), *_base().participants[1:]),
    ),
    "participants[0].max_meetings": replace(
        _base(), participants=(Participant(id="p0", max_meetings=-1), *_base().participants[1:])
    ),
    "tables[0].slots": replace(_base(), tables=(Table(id="t0", slots=frozenset({3})),)),
    "travel_buffers[0].slots": replace(
        _base(), travel_buffers=(TravelBuffer("main", "annex", -1),)
    ),
}


@pytest.mark.parametrize("field", sorted(BROKEN))
@pytest.mark.parametrize("engine", ["auto", "cpsat", "large"])
def test_solve_broken_instance_raises_instance_error_naming_the_field(
    field: str, engine: str
) -> None:
    with pytest.raises(InstanceError) as raised:
        solve(BROKEN[field], time_limit=2, workers=1, engine=engine)  # type: ignore[arg-type]

    assert raised.value.field == field


def test_solve_meeting_with_oneself_is_refused() -> None:
    with pytest.raises(InstanceError) as raised:
        solve(_with_meeting(0, second=0), time_limit=2, workers=1)

    assert raised.value.field == "meetings[0].second"
