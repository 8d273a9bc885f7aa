"""Many small CP-SAT solves in child processes, counting the ones that abort.

OR-Tools 9.15 aborts the process (a failed CHECK, "Fatal Python error: Aborted") when a
search is stopped, by a callback or by its time limit, just as it loads a complete hint.
Each child solves random small events for ``--seconds``: ``solve`` as the property tests
call it (optional meetings: the construction's schedule is CP-SAT's hint and weight
floor) and with a progress hook as the worker passes one, with time limits down to 5 ms,
then a rescheduling of the result. A child that dies is reported with its exit code and
CHECK line; any death makes the exit non-zero.

    .venv/bin/python benchmarks/bench_scheduling_aborts.py                # 2 x 60 s
    .venv/bin/python benchmarks/bench_scheduling_aborts.py --seconds 90 --seeds 3 4
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import random, sys, time
from jisr.engine.scheduling.instance import (
    Change, Instance, Meeting, Participant, Schedule, Slot, Table,
)
from jisr.engine.scheduling.reschedule import reschedule
from jisr.engine.scheduling.solver import solve

def small_event(rng):
    # Like the property tests' instances: 2-6 people, 2-6 slots, 1-3 tables, up to 8
    # optional requests with priorities 1-3, session wishes and a few unavailabilities.
    people, n_slots = rng.randint(2, 6), rng.randint(2, 6)
    morning = rng.randint(1, n_slots)
    away = {rng.randrange(people): rng.sample(range(n_slots), rng.randint(0, 2))
            for _ in range(rng.randint(0, 2))}
    meetings = []
    for i in range(rng.randint(1, 8)):
        a, b = rng.sample(range(people), 2)
        meetings.append(Meeting(id=f"m{i}", first=a, second=b, priority=rng.randint(1, 3),
                                session=rng.choice(["any", "any", "morning", "afternoon"])))
    return Instance(
        name="small",
        participants=tuple(Participant(id=f"p{p}", unavailable=frozenset(away.get(p, ())))
                           for p in range(people)),
        slots=tuple(Slot(day=0, block=0, session="morning" if s < morning else "afternoon")
                    for s in range(n_slots)),
        tables=tuple(Table(id=f"t{t}", venue="main") for t in range(rng.randint(1, 3))),
        meetings=tuple(meetings),
        require_all=False,
    )

rng = random.Random(int(sys.argv[1]))
deadline = time.monotonic() + float(sys.argv[2])
solves = 0
while time.monotonic() < deadline:
    instance = small_event(rng)
    limit = rng.choice([0.005, 0.02, 0.05, 0.2, 1.0])
    # A progress hook, as the worker passes one: CP-SAT then gets a solution callback.
    first = solve(instance, time_limit=limit, workers=1, fairness=None, explain=False,
                  seed=rng.randrange(8), on_progress=lambda *figures: None)
    solves += 1
    if first.schedule is None:
        continue
    victim = rng.randrange(len(instance.participants))
    change = Change("unavailable", participant=victim,
                    slots=frozenset({rng.randrange(instance.n_slots)}))
    reschedule(instance, Schedule(slots=first.schedule.slots), [change],
               time_limit=rng.choice([0.01, 0.05, 0.3, 1.0]), workers=1, fairness=None,
               on_progress=lambda *figures: None)
    solves += 1
print(solves)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="per child process")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2], help="one a child")
    args = parser.parse_args()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
        ),
    }
    start = time.monotonic()
    children = {
        seed: subprocess.Popen(
            [sys.executable, "-c", CHILD, str(seed), str(args.seconds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for seed in args.seeds
    }
    aborted = 0
    print(f"{'seed':>6} {'solves':>7}  outcome")
    for seed, child in children.items():
        out, err = child.communicate()
        if child.returncode == 0:
            print(f"{seed:>6} {out.strip():>7}  ok")
            continue
        aborted += 1
        check = next((line for line in err.splitlines() if "Check failed" in line), "")
        reason = check or (err.strip().splitlines() or ["?"])[0]
        print(f"{seed:>6} {'?':>7}  died (exit {child.returncode}): {reason[:90]}")
    load = os.getloadavg()[0]
    print(
        f"{aborted} of {len(children)} aborted; {time.monotonic() - start:.0f} s, load {load:.1f}"
    )
    return 1 if aborted else 0


if __name__ == "__main__":
    sys.exit(main())
