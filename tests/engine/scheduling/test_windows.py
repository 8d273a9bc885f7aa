"""Sessions that must hold more meetings than their tables: the proof is sound and
found where the simpler counts see nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.solver import solve
from jisr.engine.scheduling.windows import window_needs

from .builders import make_instance
from .test_full_tables import _valid_schedules


def _two_hubs() -> Instance:
    # Slots 0-1 morning, 2-3 afternoon, 2 tables. Hubs 0 and 4 have three meetings
    # each and are away at slot 3: each holds at most one in the afternoon, so the
    # morning needs 2 + 2 hub meetings plus the morning-only (8, 9): 5 > 4.
    return make_instance(
        [(0, 1), (0, 2), (0, 3), (4, 5), (4, 6), (4, 7), (8, 9)],
        n_slots=4,
        n_tables=2,
        morning_slots=2,
        sessions={6: "morning"},
        unavailable={0: {3}, 4: {3}},
    )


def test_the_morning_cannot_hold_what_the_hubs_leave_it() -> None:
    instance = _two_hubs()
    domains = compute_domains(instance)

    assert [c.code for c in domains.conflicts] == ["window_overbooked"]
    assert domains.conflicts[0].params == {"window": "morning", "meetings": 5, "table_slots": 4}
    assert _valid_schedules(instance) == []  # brute force agrees


def test_the_solver_says_infeasible_with_the_reason() -> None:
    result = solve(_two_hubs(), time_limit=10, explain=False)

    assert result.status == "INFEASIBLE"
    assert [c.code for c in result.conflicts] == ["window_overbooked"]


def test_one_more_table_slot_in_the_morning_is_enough() -> None:
    # Without the morning-only meeting the morning needs 4 and has 4 (and the
    # afternoon gets the 2 that the morning cannot hold).
    instance = make_instance(
        [(0, 1), (0, 2), (0, 3), (4, 5), (4, 6), (4, 7)],
        n_slots=4,
        n_tables=2,
        morning_slots=2,
        unavailable={0: {3}, 4: {3}},
    )
    domains = compute_domains(instance)

    assert domains.conflicts == []
    assert {need.name: need.least_inside for need in window_needs(instance, domains.slots)} == {
        "morning": 4,
        "afternoon": 2,
    }
    assert _valid_schedules(instance)


@st.composite
def session_instances(draw: st.DrawFn) -> Instance:
    """Up to 6 meetings in 4 slots (two per session), tables at or near the limit."""
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, 4), st.integers(0, 4)).filter(lambda p: p[0] != p[1]),
            min_size=4,
            max_size=6,
        )
    )
    sessions = draw(st.dictionaries(st.integers(0, len(pairs) - 1), st.just("morning")))
    unavailable = draw(
        st.dictionaries(st.integers(0, 4), st.sets(st.integers(0, 3), max_size=1), max_size=2)
    )
    return make_instance(
        pairs,
        n_slots=4,
        n_tables=draw(st.integers(1, 2)),
        morning_slots=2,
        sessions=sessions,  # type: ignore[arg-type]
        unavailable=unavailable,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session_instances())
def test_every_bound_holds_for_every_valid_schedule(instance: Instance) -> None:
    domains = compute_domains(instance)
    valid = _valid_schedules(instance)
    if any(c.code == "window_overbooked" for c in domains.conflicts):
        assert valid == []
    for need in window_needs(instance, domains.slots):
        inside = {t for t, slot in enumerate(instance.slots) if slot.session == need.name}
        for slots, _breaks in valid:
            assert sum(1 for t in slots if t in inside) >= need.least_inside
