"""RC2 after the upper search joins on an event with session rules: it stays while its
bound leads the other engines', and stops once it trails or ties."""

from __future__ import annotations

import time

import pytest

from jisr.engine.scheduling import portfolio, sat_search
from jisr.engine.scheduling.outcome import EngineOutcome
from jisr.engine.scheduling.preprocess import compute_domains

from .stand_ins import engine_stand_in
from .test_sliced_search import _two_session_instance

# The upper search joins after 2 s; RC2's stand-in proves its early bound at 0.5 s and
# finds the optimum at 4 s, which leaves every step some seconds of margin on a loaded
# machine.
JOIN_AFTER = 0.25
TIME_LIMIT = 8.0
RC2_ANSWERS_AT = 4.0


def _sleeper(seconds: float) -> portfolio.EngineRunner:
    return engine_stand_in(lambda _shared: time.sleep(seconds), "sleeper")


def _late_rc2(slots: tuple[int, ...], *, early_bound: int, at: float) -> portfolio.EngineRunner:
    """An RC2 stand-in that proves ``early_bound`` after half a second (after the
    other engines' first reports), and the optimum 1 with its schedule at ``at`` s,
    after the upper search has joined."""

    def body(shared: portfolio.Shared) -> None:
        time.sleep(0.5)
        shared.raise_rc2_bound(early_bound)
        time.sleep(at - 0.5)
        shared.offer(1, slots)
        shared.raise_rc2_bound(1)
        time.sleep(60)

    return engine_stand_in(body, "rc2")


def _bound_setter(bound: int, *, echo_after: float | None = None) -> portfolio.EngineRunner:
    """A SAT-search stand-in that proves ``bound`` at once; with ``echo_after`` it also
    reports, at that time, the shared bound it reads (as the real search does)."""

    def body(shared: portfolio.Shared) -> None:
        shared.raise_bound(bound)
        if echo_after is not None:
            time.sleep(echo_after)
            shared.raise_bound(shared.lower_bound())
        time.sleep(60)

    return engine_stand_in(body, "sat_search")


def _run(
    monkeypatch: pytest.MonkeyPatch, sat_job: portfolio.EngineRunner, *, rc2_early_bound: int
) -> EngineOutcome:
    instance = _two_session_instance()
    assert instance.has_session_rules
    domains = compute_domains(instance)
    optimum = sat_search.run_canonical(instance, domains, fairness=2, breaks=1)
    assert optimum.slots is not None
    monkeypatch.setitem(portfolio.ENGINES, "sat_search", sat_job)
    monkeypatch.setitem(
        portfolio.ENGINES,
        "rc2",
        _late_rc2(optimum.slots, early_bound=rc2_early_bound, at=RC2_ANSWERS_AT),
    )
    monkeypatch.setitem(portfolio.ENGINES, "upper_search", _sleeper(60))
    return portfolio.run_portfolio(
        instance,
        domains,
        fairness=2,
        time_limit=TIME_LIMIT,
        canonical=False,
        upper_after=JOIN_AFTER,
    )


def test_rc2_that_leads_keeps_running_after_the_upper_search_joins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # RC2 has proved 1 when the upper search joins, the other engines nothing.
    result = _run(monkeypatch, _sleeper(60), rc2_early_bound=1)

    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 1, 1)


def test_rc2_that_trails_stops_when_the_upper_search_joins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = _run(monkeypatch, _bound_setter(1), rc2_early_bound=0)

    # RC2 was stopped before it could offer its schedule.
    assert (result.status, result.objective, result.bound) == ("UNKNOWN", None, 1)


def test_rc2_that_ties_stops_when_the_upper_search_joins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = _run(monkeypatch, _bound_setter(1), rc2_early_bound=1)

    assert (result.status, result.objective, result.bound) == ("UNKNOWN", None, 1)


def test_rc2_stays_when_the_sat_search_only_echoes_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The SAT search proves nothing itself; at 0.75 s it reports RC2's 1, read back.
    result = _run(monkeypatch, _bound_setter(0, echo_after=0.75), rc2_early_bound=1)

    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 1, 1)
