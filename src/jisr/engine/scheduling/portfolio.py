"""Run the SAT search and RC2 MaxSAT in parallel processes; the first proof wins.

Different encodings win on different instances (MODELS.md of the shared
benchmark, confirmed on this machine), so on 2 cores a 2-process portfolio pays
off. Each engine is deterministic; only which one finishes first depends on
timing, and both prove the same optimum. Processes are forked, talk through
one queue and are always terminated and joined before returning.
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
from jisr.engine.scheduling.sat_search import run_sat_search

EngineRunner = Callable[[Instance, Domains, int | None, float, Any], EngineOutcome]


def _sat_search_job(
    instance: Instance, domains: Domains, fairness: int | None, deadline: float, channel: Any
) -> EngineOutcome:
    def progress(objective: int | None, bound: int, _seconds: float) -> None:
        channel.put(("progress", objective, bound))

    def incumbent(objective: int, slots: tuple[int, ...]) -> None:
        channel.put(("incumbent", objective, slots))

    return run_sat_search(
        instance,
        domains,
        fairness=fairness,
        deadline=deadline,
        on_progress=progress,
        on_incumbent=incumbent,
    )


def _rc2_job(
    instance: Instance, domains: Domains, fairness: int | None, _deadline: float, channel: Any
) -> EngineOutcome:
    return run_rc2(instance, domains, fairness=fairness, channel=channel)


ENGINES: dict[str, EngineRunner] = {"sat_search": _sat_search_job, "rc2": _rc2_job}


def _worker(
    name: str,
    instance: Instance,
    domains: Domains,
    fairness: int | None,
    deadline: float,
    channel: Any,
) -> None:
    outcome = ENGINES[name](instance, domains, fairness, deadline, channel)
    channel.put(("done", outcome))


def run_portfolio(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    time_limit: float,
    engines: tuple[str, ...] = ("sat_search", "rc2"),
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> EngineOutcome:
    """Best outcome of ``engines`` run in parallel within ``time_limit`` seconds.

    ``should_stop`` is polled at least every half second; when it returns True the
    processes are terminated and the best schedule so far is returned (FEASIBLE), or
    none (UNKNOWN). ``on_progress`` also gets a heartbeat about every second."""
    start = time.monotonic()
    deadline = start + time_limit
    context = multiprocessing.get_context("fork")
    channel = context.Queue()
    processes = [
        context.Process(
            target=_worker,
            args=(name, instance, domains, fairness, deadline, channel),
            daemon=True,
        )
        for name in engines
    ]
    for process in processes:
        process.start()
    best_bound = 0
    best_objective: int | None = None
    best_slots: tuple[int, ...] | None = None
    finished = 0
    result: EngineOutcome | None = None
    last_report = start
    try:
        while finished < len(processes):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (should_stop is not None and should_stop()):
                break
            if on_progress is not None and time.monotonic() - last_report >= 1.0:
                last_report = time.monotonic()
                on_progress(best_objective, best_bound, last_report - start)
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
                    if on_progress is not None:
                        on_progress(best_objective, best_bound, time.monotonic() - start)
                continue
            if message[0] == "progress":
                _, _objective, bound = message
                if bound > best_bound:
                    best_bound = bound
                    if on_progress is not None:
                        on_progress(best_objective, best_bound, time.monotonic() - start)
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
        return result
    if best_slots is not None:
        return EngineOutcome("portfolio", "FEASIBLE", best_objective, best_bound, best_slots)
    return EngineOutcome("portfolio", "UNKNOWN", None, best_bound, None)
