"""The SAT neighbourhoods: from any valid schedule they keep every rule, never get
worse, reach and prove small optima, and accept schedules that the symmetry-breaking
clauses of the proof encodings would rule out."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jisr.engine.scheduling.instance import Instance, Schedule, SessionRule
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.sat_encoding import encode, min_breaks_surely_zero
from jisr.engine.scheduling.sat_lns import SatNeighbourhoods
from jisr.engine.scheduling.sat_search import first_schedule
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance
from .test_local_search import fair_schedules, rule_instances


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule_instances(), st.sampled_from([None, 0, 1]))
def test_from_the_worst_schedule_to_the_proved_optimum(
    instance: Instance, fairness: int | None
) -> None:
    assume(fairness is None or min_breaks_surely_zero(instance))
    domains = compute_domains(instance)
    assume(not domains.conflicts)
    valid = [(breaks, slots) for slots, breaks in fair_schedules(instance, fairness)]
    assume(valid)
    worst = max(valid)
    search = SatNeighbourhoods(
        instance, domains, fairness=fairness, slots=worst[1], breaks=worst[0]
    )
    try:
        result = search.run(time.monotonic() + 30)
    finally:
        search.close()
    check = evaluate(instance, Schedule(slots=result.slots), fairness=fairness)
    assert check.ok, check.violations
    assert result.breaks == check.total_breaks
    # Five meetings at most: the first neighbourhood frees all of them, so the
    # search ends with a proof.
    assert result.optimal
    assert result.breaks == min(valid)[0]


@pytest.mark.parametrize("session_rules", [False, True])
def test_steps_on_a_larger_event_keep_every_rule_and_never_get_worse(
    session_rules: bool,
) -> None:
    # With session rules the steps run on the span encoding, without on IC1/IC2.
    rng = random.Random(3)
    pairs = []
    while len(pairs) < 60:
        pair = (rng.randrange(16), rng.randrange(16))
        if pair[0] != pair[1]:
            pairs.append(pair)
    sessions: dict[int, SessionRule] = (
        {m: "morning" if m % 12 else "afternoon" for m in range(0, 60, 6)} if session_rules else {}
    )
    instance = make_instance(pairs, n_slots=12, n_tables=6, morning_slots=7, sessions=sessions)
    assert instance.has_session_rules == session_rules
    domains = compute_domains(instance)
    assert not domains.conflicts
    # A first schedule as the upper-bound search makes it: one unbounded SAT call.
    enc = encode(instance, domains, fairness=None, implied=True, span=False, intervals=False)
    first = first_schedule(enc, len(instance.meetings), time.monotonic() + 30)
    assert isinstance(first, tuple)
    breaks, slots = first
    assert breaks > 0
    search = SatNeighbourhoods(instance, domains, fairness=None, slots=slots, breaks=breaks)
    previous = breaks
    try:
        for _ in range(6):
            result = search.run(time.monotonic() + 0.3)
            check = evaluate(instance, Schedule(slots=result.slots), fairness=None)
            assert check.ok, check.violations
            assert result.breaks == check.total_breaks <= previous
            previous = result.breaks
    finally:
        search.close()
    assert search.steps > 0


def test_twins_held_against_request_order_are_a_valid_start() -> None:
    # Meetings 0 and 1 are the same pair with the same slots: the proof encodings hold
    # them in request order, the neighbourhoods must take either order as it comes.
    instance = make_instance([(0, 1), (0, 1), (1, 2), (2, 3)], n_slots=4, n_tables=1)
    domains = compute_domains(instance)
    slots = (3, 0, 1, 2)
    check = evaluate(instance, Schedule(slots=slots), fairness=None)
    assert check.ok
    search = SatNeighbourhoods(
        instance, domains, fairness=None, slots=slots, breaks=check.total_breaks
    )
    try:
        result = search.run(time.monotonic() + 30)
    finally:
        search.close()
    assert result.optimal
    assert evaluate(instance, Schedule(slots=result.slots), fairness=None).ok
