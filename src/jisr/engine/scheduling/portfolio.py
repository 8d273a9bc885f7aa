"""Run the SAT searches and RC2 MaxSAT in parallel processes; they share bounds.

Different encodings win on different instances (MODELS.md of the shared
benchmark, confirmed on this machine), so on 2 cores a portfolio pays off. The
engines share what they prove: every lower bound (an UNSAT bounded call, an
RC2 core) goes into one shared value that the SAT searches read before each
call, and the portfolio itself stops with OPTIMAL as soon as the best schedule
found by any engine meets the best bound proved by any engine. Processes are
forked, talk through one queue and are always terminated and joined before
returning.

When no engine has answered after a share of the time limit, a third process
joins: ``upper_search`` (a SAT call with IC1/IC2 for a first schedule, then SAT
neighbourhoods). Every schedule goes into a shared upper bound that the SAT search
starts its bounded calls from (phases) and never searches above: at the table
limit the SAT searches' first schedules have 25-98 breaks, the neighbourhoods
reach a third of that in about ten seconds (ticf-13crafa.t3: 90 to 28 in 10 s).
It waits because most files are proved before then, and a third busy process on
two cores slows their proofs.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections.abc import Callable
from typing import Any

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.maxsat import run_rc2
from jisr.engine.scheduling.outcome import EngineOutcome, ProgressCallback, StopCheck
from jisr.engine.scheduling.preprocess import Domains
from jisr.engine.scheduling.sat_search import (
    run_canonical,
    run_descent,
    run_sat_search,
)
from jisr.engine.scheduling.upper_search import run_upper_search

EngineRunner = Callable[[Instance, Domains, int | None, float, Any, "Shared"], EngineOutcome]

# Share of the time limit after which the upper-bound search starts (when no
# engine has answered yet).
UPPER_AFTER = 0.25
# Whether RC2 stops, once the upper search has joined on an event whose meetings
# have session rules, as soon as its bound no longer leads the other engines'. On the
# hard two-session files it trails or ties when the upper search joins (forum-13.t1 1
# against 5, forum-13.mix-t1 12 against 13, forum-13.mix-t2 12 and 12) while a third
# process on two cores slows the other two. Where its cores lead it stays: on a
# two-fold copy of ticf-13crafc with 40 % fixed meetings (308 meetings) its bound was
# 91 when the upper search joined; stopped there, the file ended at 98 / 92 at 30 s,
# kept it was proved optimal (98) at 17.7 s.
# Without session rules RC2 is what proves the optimum after the upper search joins
# (tic-14crafd.t0 at 12 s, forumt-14.prec-t1 at 22 s), so it always stays.
RC2_MAKES_ROOM = True


class Shared:
    """What the processes prove and find: the best lower bound, the best schedule."""

    def __init__(self, context: Any, n_meetings: int) -> None:
        self.bound = context.Value("i", 0)
        # RC2's own bound and the best of the other engines', to see whether RC2 leads.
        self.rc2_bound = context.Value("i", 0)
        self.others_bound = context.Value("i", 0)
        self.upper = context.Value("i", -1)  # breaks of ``slots``; -1: none yet
        self.slots = context.Array("i", max(1, n_meetings), lock=False)
        self.n_meetings = n_meetings

    def raise_bound(self, bound: int, *, by_rc2: bool = False) -> None:
        with self.bound.get_lock():
            new = bound > self.bound.value
            if new:
                self.bound.value = bound
        # The SAT searches report the shared bound they read as theirs: only a bound
        # that was new when reported counts as another engine's proof.
        if by_rc2 or new:
            own = self.rc2_bound if by_rc2 else self.others_bound
            with own.get_lock():
                if bound > own.value:
                    own.value = bound

    def raise_rc2_bound(self, bound: int) -> None:
        self.raise_bound(bound, by_rc2=True)

    def rc2_leads(self) -> bool:
        """Whether RC2 has proved a higher bound than every other engine."""
        return int(self.rc2_bound.value) > int(self.others_bound.value)

    def lower_bound(self) -> int:
        return int(self.bound.value)

    def offer(self, breaks: int, slots: tuple[int, ...]) -> None:
        with self.upper.get_lock():
            if self.upper.value < 0 or breaks < self.upper.value:
                self.slots[: self.n_meetings] = list(slots)
                self.upper.value = breaks

    def best(self) -> tuple[int, tuple[int, ...]] | None:
        with self.upper.get_lock():
            if self.upper.value < 0:
                return None
            return int(self.upper.value), tuple(self.slots[: self.n_meetings])


def _sat_job(
    implied: bool,
) -> EngineRunner:
    def job(
        instance: Instance,
        domains: Domains,
        fairness: int | None,
        deadline: float,
        channel: Any,
        shared: Shared,
    ) -> EngineOutcome:
        def progress(objective: int | None, bound: int, _seconds: float) -> None:
            shared.raise_bound(bound)
            channel.put(("progress", objective, bound))

        def incumbent(objective: int, slots: tuple[int, ...]) -> None:
            shared.offer(objective, slots)
            channel.put(("incumbent", objective, slots))

        return run_sat_search(
            instance,
            domains,
            fairness=fairness,
            deadline=deadline,
            on_progress=progress,
            on_incumbent=incumbent,
            implied=implied,
            # Without session rules IC1/IC2 refute "at most k" fastest for k >= 1,
            # and RC2 already asks "no break" with them (see run_sat_search).
            implied_after_zero=not instance.has_session_rules,
            shared_bound=shared.lower_bound,
            shared_upper=shared.best,
        )

    return job


def _rc2_job(
    instance: Instance,
    domains: Domains,
    fairness: int | None,
    _deadline: float,
    channel: Any,
    shared: Shared,
) -> EngineOutcome:
    return run_rc2(
        instance,
        domains,
        fairness=fairness,
        channel=channel,
        on_bound=shared.raise_rc2_bound,
    )


def _descent_job(
    instance: Instance,
    domains: Domains,
    fairness: int | None,
    deadline: float,
    channel: Any,
    shared: Shared,
) -> EngineOutcome:
    def incumbent(objective: int, slots: tuple[int, ...]) -> None:
        shared.offer(objective, slots)
        channel.put(("incumbent", objective, slots))

    def progress(_objective: int | None, bound: int, _seconds: float) -> None:
        shared.raise_bound(bound)
        channel.put(("progress", None, bound))

    return run_descent(
        instance,
        domains,
        fairness=fairness,
        deadline=deadline,
        on_progress=progress,
        on_incumbent=incumbent,
        shared_bound=shared.lower_bound,
    )


def _upper_job(
    instance: Instance,
    domains: Domains,
    fairness: int | None,
    deadline: float,
    channel: Any,
    shared: Shared,
) -> EngineOutcome:
    def incumbent(objective: int, slots: tuple[int, ...]) -> None:
        shared.offer(objective, slots)
        channel.put(("incumbent", objective, slots))

    return run_upper_search(
        instance,
        domains,
        fairness=fairness,
        deadline=deadline,
        on_incumbent=incumbent,
        shared_bound=shared.lower_bound,
        shared_upper=shared.best,
    )


ENGINES: dict[str, EngineRunner] = {
    "sat_descent": _descent_job,
    "sat_search": _sat_job(implied=False),
    "sat_implied": _sat_job(implied=True),
    "rc2": _rc2_job,
    "upper_search": _upper_job,
}
# Measured on the shared set at low load: a third process (sat_descent) on two cores
# doubled the wall time of the slowest files (25 s -> 45 s for five of them), so it
# is available by name but not in the default portfolio.
DEFAULT_ENGINES = ("sat_search", "rc2")


def _worker(
    name: str,
    instance: Instance,
    domains: Domains,
    fairness: int | None,
    deadline: float,
    channel: Any,
    shared: Shared,
) -> None:
    outcome = ENGINES[name](instance, domains, fairness, deadline, channel, shared)
    channel.put(("done", outcome))


def _canonical_worker(
    instance: Instance, domains: Domains, fairness: int | None, breaks: int, channel: Any
) -> None:
    channel.put(run_canonical(instance, domains, fairness=fairness, breaks=breaks))


def _canonical(
    instance: Instance,
    domains: Domains,
    fairness: int | None,
    proved: EngineOutcome,
    deadline: float,
    should_stop: StopCheck | None,
) -> EngineOutcome:
    assert proved.objective is not None
    context = multiprocessing.get_context("fork")
    channel = context.Queue()
    process = context.Process(
        target=_canonical_worker,
        args=(instance, domains, fairness, proved.objective, channel),
        daemon=True,
    )
    process.start()
    answer: EngineOutcome | None = None
    try:
        while time.monotonic() < deadline and not (should_stop is not None and should_stop()):
            try:
                answer = channel.get(timeout=min(0.5, max(0.01, deadline - time.monotonic())))
                break
            except queue.Empty:
                if not process.is_alive() and channel.empty():
                    break
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()
        channel.close()
        channel.join_thread()
    if answer is None or answer.slots is None or answer.objective != proved.objective:
        return proved
    return EngineOutcome(proved.engine, "OPTIMAL", proved.objective, proved.bound, answer.slots)


def run_portfolio(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    time_limit: float,
    engines: tuple[str, ...] = DEFAULT_ENGINES,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    canonical: bool = True,
    upper_after: float | None = UPPER_AFTER,
) -> EngineOutcome:
    """Best outcome of ``engines`` run in parallel within ``time_limit`` seconds.

    Deterministic merge (``canonical``): once an optimum k is proved, by whichever
    engine or by bounds meeting, the schedule returned is the one of
    ``sat_search.run_canonical`` for k, computed in a child process (unless the
    winner's answer was that very call). It depends only on the instance and k, so
    the same input gives the same schedule whatever the engines, their timing or
    the number of workers. The call gets at most as long again as the proof took,
    within the time limit; when it does not finish, the winner's (equally optimal,
    validated) schedule is returned, and that one can differ between runs.

    ``should_stop`` is polled at least every half second; when it returns True the
    processes are terminated and the best schedule so far is returned (FEASIBLE), or
    none (UNKNOWN). ``on_progress`` also gets a heartbeat about every second.

    ``upper_after``: share of the time limit after which ``upper_search`` joins
    when nothing is proved yet (None: never)."""
    start = time.monotonic()
    deadline = start + time_limit
    context = multiprocessing.get_context("fork")
    channel = context.Queue()
    shared = Shared(context, len(instance.meetings))

    def launch(name: str) -> Any:
        process = context.Process(
            target=_worker,
            args=(name, instance, domains, fairness, deadline, channel, shared),
            daemon=True,
        )
        process.start()
        return process

    processes = [launch(name) for name in engines]
    named = dict(zip(engines, processes, strict=True))
    best_bound = 0
    best_objective: int | None = None
    best_slots: tuple[int, ...] | None = None
    finished = 0
    result: EngineOutcome | None = None
    last_report = start
    upper: Any = None
    try:
        while finished < len(processes):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (should_stop is not None and should_stop()):
                break
            if on_progress is not None and time.monotonic() - last_report >= 1.0:
                last_report = time.monotonic()
                on_progress(best_objective, best_bound, last_report - start)
            late = upper_after is not None and time.monotonic() - start >= upper_after * time_limit
            if upper is None and late:
                upper = launch("upper_search")
                processes.append(upper)
            rc2 = named.get("rc2")
            if (
                upper is not None
                and RC2_MAKES_ROOM
                and instance.has_session_rules
                and rc2 is not None
                and rc2.is_alive()
                and not shared.rc2_leads()
            ):
                rc2.terminate()  # its bounds so far stay in ``shared``
            # A message put by a process during a solver call can wait in its
            # queue until the call ends (the solver holds the interpreter lock),
            # so the bounds and schedules written to ``shared`` are read as well.
            proved = shared.lower_bound()
            if proved > best_bound:
                best_bound = proved
            known = shared.best()
            if known is not None and (best_objective is None or known[0] < best_objective):
                best_objective, best_slots = known
            objective = best_objective
            if objective is not None and best_slots is not None and best_bound >= objective:
                result = EngineOutcome("portfolio", "OPTIMAL", objective, objective, best_slots)
                break
            try:
                message = channel.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                if not any(process.is_alive() for process in processes) and channel.empty():
                    break
                continue
            if message[0] == "incumbent":
                _, objective, slots = message
                if best_objective is None or objective < best_objective:
                    best_objective, best_slots = objective, slots
                    shared.offer(objective, slots)
                    if on_progress is not None:
                        on_progress(best_objective, best_bound, time.monotonic() - start)
            elif message[0] == "progress":
                _, _objective, bound = message
                if bound > best_bound:
                    best_bound = bound
                    if on_progress is not None:
                        on_progress(best_objective, best_bound, time.monotonic() - start)
            if message[0] != "done":
                # One engine's schedule meets another's proof.
                objective = best_objective
                if objective is not None and best_slots is not None and best_bound >= objective:
                    result = EngineOutcome("portfolio", "OPTIMAL", objective, objective, best_slots)
                    break
                continue
            outcome: EngineOutcome = message[1]
            finished += 1
            best_bound = max(best_bound, outcome.bound)
            improves = outcome.objective is not None and (
                best_objective is None or outcome.objective < best_objective
            )
            if outcome.status == "FEASIBLE" and improves:
                best_objective, best_slots = outcome.objective, outcome.slots
            if outcome.status in ("OPTIMAL", "INFEASIBLE"):
                result = outcome
                break
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        channel.close()
        channel.join_thread()
    if result is not None:
        recompute = canonical and not result.canonical
        if recompute and result.status == "OPTIMAL" and result.objective is not None:
            # At most as long again as the proof took (and within the time limit).
            budget = min(deadline, time.monotonic() + max(2.0, time.monotonic() - start))
            return _canonical(instance, domains, fairness, result, budget, should_stop)
        return result
    if best_slots is not None:
        return EngineOutcome("portfolio", "FEASIBLE", best_objective, best_bound, best_slots)
    return EngineOutcome("portfolio", "UNKNOWN", None, best_bound, None)
