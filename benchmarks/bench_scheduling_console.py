"""Console-like events through ``solver.solve`` (engine "auto"): what is proved.

Usage: python benchmarks/bench_scheduling_console.py [--time-limit 30] [--cases c50,c100]
       [--json instance.json ...]

Generated events (``synthetic.console_event``): optional meetings weighted like the
console's priorities (1 + 8 organizer + 4 must-meet + 2 mutual), a fifth of the people
capped at 2-5 meetings, a tenth away for a block, and two venues in one city with
tables at the same times and a one-slot travel buffer between them. ``--json`` adds
instance files (e.g. a mission exported with ``formats.instance_json``).

For each: engine, status, held weight and its proved upper bound, breaks and their
proved lower bound, the weight gap, wall and CPU seconds (this process and its engine
processes), and the load average. Every schedule goes through the validator.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from jisr.engine.scheduling.formats.instance_json import load_instance_json
from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.solver import solve
from jisr.engine.scheduling.synthetic import console_event
from jisr.engine.scheduling.validate import evaluate

CASES = {
    "c50": {"participants": 50, "meetings": 150, "tables_per_venue": 5, "seed": 1},
    "c100": {"participants": 100, "meetings": 400, "tables_per_venue": 10, "seed": 2},
    "c100loose": {"participants": 100, "meetings": 300, "tables_per_venue": 20, "seed": 5},
    "c200": {"participants": 200, "meetings": 800, "days": 2, "tables_per_venue": 12, "seed": 3},
    "c300": {"participants": 300, "meetings": 1500, "days": 2, "tables_per_venue": 20, "seed": 4},
}


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _row(name: str, instance: Instance, time_limit: float) -> str:
    load = os.getloadavg()[0]
    wall, cpu = time.monotonic(), _cpu()
    result = solve(instance, time_limit=time_limit, seed=1, fairness=2, explain=False)
    wall, cpu = time.monotonic() - wall, _cpu() - cpu
    valid = result.schedule is not None and evaluate(instance, result.schedule, fairness=2).ok
    bound = result.weighted_bound
    gap = (
        f"{(bound - result.weighted_scheduled) / bound:.1%}"
        if bound and result.schedule is not None
        else "-"
    )
    return (
        f"| {name} | {len(instance.participants)} | {len(instance.meetings)} | "
        f"{sum(instance.capacity())} | {result.engine} | {result.status} | "
        f"{result.weighted_scheduled} / {bound} | {gap} | {result.objective} / {result.bound} | "
        f"{wall:.1f} | {cpu:.1f} | {load:.1f} | {valid} |"
    )


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--json", nargs="*", default=[])
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; time limit {args.time_limit:.0f} s")
    print(
        "| case | people | requests | table-slots | engine | status | weight / bound | "
        "weight gap | breaks / bound | wall s | cpu s | load | valid |"
    )
    print("|---|---:|---:|---:|---|---|---|---:|---|---:|---:|---:|---|")
    for path in args.json:
        instance = load_instance_json(Path(path).read_text())
        print(_row(Path(path).stem, instance, args.time_limit), flush=True)
    for name in [c for c in args.cases.split(",") if c]:
        print(_row(name, console_event(**CASES[name]), args.time_limit), flush=True)


if __name__ == "__main__":
    run()
