"""CP-SAT must never take the process down: hooks that raise, SIGINT, complete hints,
refused models.

A hook (``should_stop``, ``on_progress``) runs in a thread the solver owns; whatever it
raises must come back as an ordinary exception in the caller's thread, after the
search stopped. A SIGINT must stay Python's. A solve must not stop CP-SAT as it loads a
complete hint (OR-Tools 9.15 aborts). A model CP-SAT refuses is an engine bug and must
say so. What used to abort runs in a child process, so a regression fails one test
instead of killing the test worker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from ortools.sat.python import cp_model

import jisr
from jisr.engine.scheduling.cpsat import build_model, checked_solve, plain_solver, solve_cpsat
from jisr.engine.scheduling.errors import SchedulingError
from jisr.engine.scheduling.formats.instance_json import instance_to_json
from jisr.engine.scheduling.greedy import greedy_schedule
from jisr.engine.scheduling.instance import Change, Instance
from jisr.engine.scheduling.preprocess import compute_domains, weight_upper_bound
from jisr.engine.scheduling.reschedule import reschedule
from jisr.engine.scheduling.synthetic import generated_event

from .builders import make_instance
from .test_properties import PROPERTY_SETTINGS, instances

# Seconds the solves below are given: far longer than a hook needs to end them.
LONG = 60.0


def _busy_event() -> Instance:
    """Big enough that CP-SAT is still searching when the first poll comes."""
    return generated_event(
        participants=120, meetings=700, days=1, slots_per_day=16, tables=25, seed=1
    )


class HookFailed(Exception):
    pass


def _failing_hook(calls: list[str]) -> Callable[..., bool]:
    def hook(*_args: object) -> bool:
        calls.append(threading.current_thread().name)
        raise HookFailed("the hook's database went away")

    return hook


def test_solve_cpsat_should_stop_that_raises_reraises_in_the_caller() -> None:
    instance = _busy_event()
    calls: list[str] = []
    start = time.monotonic()

    with pytest.raises(HookFailed, match="database went away"):
        solve_cpsat(
            instance,
            compute_domains(instance),
            fairness=None,
            time_limit=LONG,
            workers=2,
            seed=0,
            should_stop=_failing_hook(calls),
        )

    # Polled once, from the watcher; the search then stopped instead of running on.
    assert calls == ["cpsat-stop-watch"]
    assert time.monotonic() - start < LONG / 2


def test_solve_cpsat_progress_hook_that_raises_reraises_in_the_caller() -> None:
    instance = _busy_event()
    calls: list[str] = []
    start = time.monotonic()

    with pytest.raises(HookFailed):
        solve_cpsat(
            instance,
            compute_domains(instance),
            fairness=None,
            time_limit=LONG,
            workers=2,
            seed=0,
            on_progress=_failing_hook(calls),
        )

    # From a solution callback (CP-SAT's thread) or the heartbeat (the watcher),
    # whichever came first, never from the caller's; the search then stopped.
    assert calls
    assert threading.current_thread().name not in calls
    assert time.monotonic() - start < LONG / 2


def test_reschedule_should_stop_that_raises_reraises_in_the_caller() -> None:
    instance = _busy_event()
    published = greedy_schedule(instance)
    calls: list[str] = []

    with pytest.raises(HookFailed):
        reschedule(
            instance,
            published,
            [Change("unavailable", participant=0, slots=frozenset({0, 1}))],
            time_limit=LONG,
            fairness=None,
            should_stop=_failing_hook(calls),
        )

    assert calls == ["cpsat-stop-watch"]


# A solve in a helper thread (as ``jisr db_worker`` runs one) while the main thread
# takes a SIGINT, then a SIGINT after the solve. With CP-SAT's own SIGINT handler the
# first one aborted the process ("terminate called after throwing an instance of
# 'std::bad_function_call'") and the second one killed it.
SIGINT_SCRIPT = """
import signal, threading
from jisr.engine.scheduling.cpsat import solve_cpsat
from jisr.engine.scheduling.preprocess import compute_domains, weight_upper_bound
from jisr.engine.scheduling.synthetic import generated_event

instance = generated_event(participants=120, meetings=700, days=1, tables=25, seed=1)
domains = compute_domains(instance)
searching, interrupted = threading.Event(), threading.Event()
outcome = {}

def should_stop():
    searching.set()
    return interrupted.is_set()

def run():
    solve_cpsat(
        instance, domains, fairness=None, time_limit=60, workers=2, seed=0,
        should_stop=should_stop,
    )
    outcome["returned"] = True

solver = threading.Thread(target=run)
solver.start()
searching.wait(60)
try:
    signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt:
    print("interrupted during the solve")
interrupted.set()
solver.join()
print("solver thread returned:", outcome.get("returned", False))
try:
    signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt:
    print("interrupted after the solve")
"""


def _run_python(script: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``script`` in a fresh interpreter: an abort there fails the test, not the worker."""
    source = str(Path(jisr.__file__).resolve().parents[1])
    path = [source, *filter(None, [os.environ.get("PYTHONPATH")])]
    return subprocess.run(
        [sys.executable, "-c", script],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path)},
        timeout=240,
        check=False,
    )


def test_sigint_during_and_after_a_threaded_solve_is_a_keyboard_interrupt() -> None:
    done = _run_python(SIGINT_SCRIPT)

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "interrupted during the solve",
        "solver thread returned: True",
        "interrupted after the solve",
    ]


# Solves the instance on stdin with 20 seeds, as the property tests do.
REPEAT_SCRIPT = """
import sys
from jisr.engine.scheduling.formats.instance_json import load_instance_json
from jisr.engine.scheduling.solver import solve

instance = load_instance_json(sys.stdin.read())
for seed in range(20):
    result = solve(instance, time_limit=3, workers=1, seed=seed, fairness=None, explain=False)
    print(result.status, result.weighted_scheduled)
"""


def test_construction_holding_all_the_weight_does_not_abort_cp_sat() -> None:
    # Found by a stress run: the construction holds the whole capacity bound, so
    # CP-SAT's stage 1 used to start from that complete hint, its first solution hit the
    # target, and the callback's stop_search aborted OR-Tools 9.15 in 5 of 5 runs of
    # 20 solves ("Check failed: solution->size() == postsolve_mapping.size()").
    instance = make_instance(
        [(0, 1), (3, 1), (1, 2), (2, 0), (2, 0)],
        n_slots=4,
        n_tables=2,
        priorities={0: 3, 1: 1, 2: 1, 3: 2, 4: 1},
        require_all=False,
    )

    bound = weight_upper_bound(instance, compute_domains(instance))

    done = _run_python(REPEAT_SCRIPT, json.dumps(instance_to_json(instance)))

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"OPTIMAL {bound}"] * 20


def test_checked_solve_raises_for_a_model_cp_sat_refuses() -> None:
    model = cp_model.CpModel()
    x = model.new_bool_var("x")
    model.add_hint(x, 1)
    model.add_hint(x, 0)  # the same variable hinted twice

    with pytest.raises(SchedulingError, match="duplicate variables"):
        checked_solve(plain_solver(), model)


@PROPERTY_SETTINGS
@given(instance=instances())
def test_built_model_with_a_full_hint_passes_cp_sat_validation(instance: Instance) -> None:
    domains = compute_domains(instance)
    greedy = greedy_schedule(instance)

    for fairness in (None, 2):
        context = build_model(instance, domains, fairness=fairness)
        for (m, t), var in context.place.items():
            context.model.add_hint(var, greedy.slots[m] == t)

        assert context.model.validate() == ""
