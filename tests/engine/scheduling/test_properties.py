"""Property tests on random small instances (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jisr.engine.scheduling.greedy import greedy_schedule
from jisr.engine.scheduling.instance import Change, Instance, Schedule
from jisr.engine.scheduling.reschedule import reschedule
from jisr.engine.scheduling.solver import solve
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance

PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def instances(draw: st.DrawFn, *, require_all: bool | None = None) -> Instance:
    n_participants = draw(st.integers(2, 6))
    n_slots = draw(st.integers(2, 6))
    pair = st.tuples(st.integers(0, n_participants - 1), st.integers(0, n_participants - 1))
    pairs = draw(st.lists(pair.filter(lambda p: p[0] != p[1]), min_size=1, max_size=8))
    unavailable = draw(
        st.dictionaries(
            st.integers(0, n_participants - 1),
            st.sets(st.integers(0, n_slots - 1), max_size=2),
            max_size=2,
        )
    )
    priorities = {i: draw(st.integers(1, 3)) for i in range(len(pairs))}
    return make_instance(
        pairs,
        n_participants=n_participants,
        n_slots=n_slots,
        n_tables=draw(st.integers(1, 3)),
        morning_slots=draw(st.integers(1, n_slots)),
        sessions={
            i: draw(st.sampled_from(["any", "any", "morning", "afternoon"]))
            for i in range(len(pairs))
        },
        unavailable=unavailable,
        priorities=priorities,
        require_all=draw(st.booleans()) if require_all is None else require_all,
    )


@PROPERTY_SETTINGS
@given(instance=instances())
def test_solver_output_always_passes_validator(instance: Instance) -> None:
    result = solve(instance, time_limit=3, workers=1, fairness=2, explain=False)

    if result.schedule is not None:
        check = evaluate(instance, result.schedule, fairness=2)
        assert check.ok
        assert check.total_breaks == result.objective
    else:
        assert result.status == "INFEASIBLE"


@PROPERTY_SETTINGS
@given(instance=instances(require_all=True))
def test_sat_search_and_cpsat_agree_on_optimum(instance: Instance) -> None:
    by_sat = solve(
        instance, time_limit=3, workers=1, engine="sat_search", explain=False, fairness=None
    )
    by_cp = solve(instance, time_limit=3, workers=1, engine="cpsat", explain=False, fairness=None)

    assert by_sat.status == by_cp.status
    assert by_sat.objective == by_cp.objective


@PROPERTY_SETTINGS
@given(instance=instances())
def test_greedy_never_better_than_optimum(instance: Instance) -> None:
    result = solve(instance, time_limit=3, workers=1, fairness=None, explain=False)
    greedy = evaluate(instance, greedy_schedule(instance), fairness=None)

    if result.status != "OPTIMAL":
        return
    assert greedy.weighted_scheduled <= result.weighted_scheduled
    if greedy.weighted_scheduled == result.weighted_scheduled and result.objective is not None:
        assert greedy.total_breaks >= result.objective


@PROPERTY_SETTINGS
@given(instance=instances(require_all=False), data=st.data())
def test_rescheduling_never_moves_locked_meetings(instance: Instance, data: st.DataObject) -> None:
    first = solve(instance, time_limit=3, workers=1, fairness=None, explain=False)
    assert first.schedule is not None
    published = Schedule(slots=first.schedule.slots)
    held = [m for m, slot in enumerate(published.slots) if slot is not None]
    locked = (
        frozenset(
            instance.meetings[m].id for m in data.draw(st.lists(st.sampled_from(held), max_size=3))
        )
        if held
        else frozenset()
    )
    victim = data.draw(st.integers(0, len(instance.participants) - 1))
    slot = data.draw(st.integers(0, instance.n_slots - 1))
    change = Change("unavailable", participant=victim, slots=frozenset({slot}))

    result = reschedule(
        instance, published, [change], locked=locked, time_limit=3, workers=1, fairness=None
    )

    if result.schedule is None:
        assert result.status == "INFEASIBLE"
        return
    for m, meeting in enumerate(result.instance.meetings):
        if meeting.id in locked:
            assert result.schedule.slots[m] == published.slots[m]
    assert evaluate(result.instance, result.schedule, fairness=None).ok


@PROPERTY_SETTINGS
@given(instance=instances(require_all=True))
def test_portfolio_and_cpsat_agree_under_fairness(instance: Instance) -> None:
    # A participant with a single meeting makes the fairness minimum 0, the case the
    # SAT engines handle (every benchmark instance has one).
    from dataclasses import replace

    from jisr.engine.scheduling.instance import Meeting, Participant

    lonely = len(instance.participants)
    instance = replace(
        instance,
        participants=(*instance.participants, Participant(id="lonely"), Participant(id="pal")),
        meetings=(*instance.meetings, Meeting(id="solo", first=lonely, second=lonely + 1)),
    )
    by_sat = solve(instance, time_limit=5, workers=2, engine="portfolio", explain=False)
    by_cp = solve(instance, time_limit=5, workers=1, engine="cpsat", explain=False)

    assert by_sat.status == by_cp.status
    assert by_sat.objective == by_cp.objective
