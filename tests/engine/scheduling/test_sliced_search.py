"""The SAT search in turns of conflicts, and what the portfolio reads from shared memory."""

from __future__ import annotations

import time
from typing import Any

import pytest

from jisr.engine.scheduling import portfolio, sat_search
from jisr.engine.scheduling.instance import Instance, Schedule
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance
from .stand_ins import engine_stand_in


def _two_session_instance() -> Instance:
    # p0 meets p1 in the morning and p2 in the afternoon but is away in the last
    # morning slot and the first afternoon slot: one break whatever happens. The
    # path p3-p4-p5-p6-p7 can meet without a break.
    return make_instance(
        [(0, 1), (0, 2), (3, 4), (4, 5), (5, 6), (6, 7)],
        n_slots=6,
        n_tables=2,
        morning_slots=3,
        sessions={0: "morning", 1: "afternoon"},
        unavailable={0: {2, 3}},
    )


def test_one_conflict_per_turn_gives_the_optimum_and_the_canonical_schedule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With one conflict per turn the two lanes alternate at every conflict: the
    # bottom-up call's answer must still be run_canonical's, which runs alone.
    monkeypatch.setattr(sat_search, "SLICE_CONFLICTS", 1)
    instance = _two_session_instance()
    domains = compute_domains(instance)

    found = sat_search.run_sat_search(instance, domains, fairness=2, deadline=time.monotonic() + 30)
    canonical = sat_search.run_canonical(instance, domains, fairness=2, breaks=found.objective or 0)

    assert found.status == "OPTIMAL" and found.objective == 1
    assert found.slots is not None
    assert evaluate(instance, Schedule(found.slots)).violations == ()
    assert found.canonical and found.slots == canonical.slots


def test_portfolio_reads_what_an_engine_wrote_to_shared_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An engine inside a solver call cannot send messages (the solver holds the
    # interpreter lock); what it writes to shared memory must still count.
    instance = _two_session_instance()
    domains = compute_domains(instance)
    optimum = sat_search.run_canonical(instance, domains, fairness=2, breaks=1)
    assert optimum.slots is not None

    def silent(shared: portfolio.Shared) -> None:
        shared.offer(1, optimum.slots or ())
        shared.raise_bound(1)
        time.sleep(60)

    monkeypatch.setitem(portfolio.ENGINES, "silent", engine_stand_in(silent, "silent"))
    result = portfolio.run_portfolio(
        instance,
        domains,
        fairness=2,
        time_limit=10,
        engines=("silent",),
        canonical=False,
        upper_after=None,
    )

    assert (result.status, result.objective, result.slots) == ("OPTIMAL", 1, optimum.slots)


def test_an_instance_without_any_schedule_is_infeasible() -> None:
    # A triangle p0-p1-p2 with p0 and p1 away in the last slot: three meetings that
    # pairwise share a participant in two slots. Every bottom-up call is refuted;
    # once its count bounds nothing, that refutation proves no schedule exists
    # (before, the search climbed until the deadline and returned UNKNOWN).
    instance = make_instance(
        [(0, 1), (1, 2), (0, 2)], n_slots=3, n_tables=2, unavailable={0: {2}, 1: {2}}
    )
    domains = compute_domains(instance)
    assert not domains.conflicts  # preprocessing alone does not see it

    found = sat_search.run_sat_search(instance, domains, fairness=2, deadline=time.monotonic() + 60)

    assert (found.status, found.objective, found.slots) == ("INFEASIBLE", None, None)


def test_search_switches_to_the_implied_encoding_once_zero_is_refuted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Four meetings in a cycle p0-p1-p3-p2-p0 on one table and four slots: a line
    # of slots cannot keep every participant's two meetings adjacent, so someone
    # has a break (optimum 1), and no per-participant rule sees it beforehand.
    instance = make_instance([(0, 1), (0, 2), (1, 3), (2, 3)], n_slots=4, n_tables=1)
    domains = compute_domains(instance)
    built: list[bool] = []
    encode = sat_search.encode_for_search

    def recording(*args: Any, **flags: Any) -> Any:
        built.append(not flags["span"])  # True: IC1/IC2
        return encode(*args, **flags)

    monkeypatch.setattr(sat_search, "encode_for_search", recording)
    found = sat_search.run_sat_search(
        instance, domains, fairness=None, deadline=time.monotonic() + 30, implied_after_zero=True
    )

    assert found.status == "OPTIMAL" and found.objective == 1
    assert found.slots is not None
    assert evaluate(instance, Schedule(found.slots)).violations == ()
    # Span clauses for "no break", then IC1/IC2 for "at most 1".
    assert built == [False, True]
    assert not found.canonical
