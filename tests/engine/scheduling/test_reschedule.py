from __future__ import annotations

from jisr.engine.scheduling.instance import Change, Meeting, Schedule
from jisr.engine.scheduling.reschedule import reschedule
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance


def _published() -> tuple[object, Schedule]:
    instance = make_instance(
        [(0, 1), (0, 2), (3, 1), (3, 2)], n_slots=4, n_tables=2, require_all=False
    )
    return instance, Schedule(slots=(0, 1, 1, 0))


def test_reschedule_cancel_moves_nothing_and_names_affected() -> None:
    instance, published = _published()

    result = reschedule(instance, published, [Change("cancel", meeting=0)], time_limit=5, workers=1)  # type: ignore[arg-type]

    assert result.status == "OPTIMAL"
    assert result.moved == ()
    assert result.cancelled == ("m0",)
    assert result.affected == ("p0", "p1")
    assert result.schedule is not None
    assert result.schedule.slots == (1, 1, 0)


def test_reschedule_unavailable_participant_moves_fewest_meetings() -> None:
    instance, published = _published()

    result = reschedule(  # type: ignore[arg-type]
        instance,
        published,
        [Change("unavailable", participant=0, slots=frozenset({0}))],
        time_limit=5,
        workers=1,
    )

    assert result.schedule is not None
    assert evaluate(result.instance, result.schedule).ok
    assert result.schedule.slots[0] != 0
    assert "m0" in result.moved
    assert len(result.moved) <= 2
    assert "p0" in result.affected


def test_reschedule_new_request_is_added_without_moving_others() -> None:
    instance, published = _published()
    new = Meeting(id="m4", first=0, second=3)

    result = reschedule(
        instance, published, [Change("add", new_meeting=new)], time_limit=5, workers=1
    )  # type: ignore[arg-type]

    assert result.schedule is not None
    assert result.moved == ()
    assert result.schedule.slots[4] in (2, 3)
    assert set(result.affected) == {"p0", "p3"}


def test_reschedule_withdrawal_cancels_all_meetings_of_participant() -> None:
    instance, published = _published()

    result = reschedule(
        instance, published, [Change("withdraw", participant=3)], time_limit=5, workers=1
    )  # type: ignore[arg-type]

    assert result.cancelled == ("m2", "m3")
    assert result.moved == ()
    assert set(result.affected) == {"p1", "p2", "p3"}


def test_reschedule_locked_meeting_that_cannot_stay_is_a_conflict() -> None:
    instance, published = _published()

    result = reschedule(  # type: ignore[arg-type]
        instance,
        published,
        [Change("unavailable", participant=0, slots=frozenset({0}))],
        locked=frozenset({"m0"}),
        time_limit=5,
        workers=1,
    )

    assert result.status == "INFEASIBLE"
    assert "fixed" in result.conflicts[0].rules
