"""Online meetings in a schedule run: what the second (online) pass costs and buys.

Usage: python benchmarks/bench_scheduling_online.py [--participants 300]
       [--meetings 1500] [--tables 40] [--online-share 0.2] [--time-limit 20]

Builds one generated event (seeded) and solves it twice through the console's
``jisr.schedules.solving.run_engine``: once with every meeting in person, once with
every ``1 / online-share``-th meeting online (no table, placed after the in-person
ones in the slots both people still have free). Prints placed meetings, CPU and wall
seconds, and the load average; checks both schedules with the engine's validator.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace

from jisr.engine.scheduling.instance import Schedule, Table
from jisr.engine.scheduling.synthetic import generated_event
from jisr.engine.scheduling.validate import evaluate
from jisr.schedules.solving import ONLINE_VENUE, run_engine


def _solve(instance, time_limit: float) -> tuple[int, int, float, float, bool]:  # type: ignore[no-untyped-def]
    wall, cpu = time.monotonic(), time.process_time()
    empty = Schedule(slots=tuple(None for _ in instance.meetings))
    result = run_engine(
        instance,
        kind="solve",
        parameters={"time_limit": time_limit, "workers": 2, "seed": 1, "fairness": 2},
        current=empty,
        progress=lambda *_args: None,
    )
    placed = sum(slot is not None for slot in result.schedule.slots)
    order = {f"{m.id[1:]}": i for i, m in enumerate(instance.meetings)}
    slots: list[int | None] = [None] * len(instance.meetings)
    tables: list[int | None] = [None] * len(instance.meetings)
    for rid, slot, table in zip(
        result.request_ids, result.schedule.slots, result.schedule.tables or (), strict=True
    ):
        slots[order[str(rid)]] = slot
        tables[order[str(rid)]] = table
    ok = evaluate(instance, Schedule(tuple(slots), tuple(tables)), fairness=None).ok
    online = sum(
        slot is not None and meeting.id.startswith("o")
        for meeting, slot in zip(instance.meetings, slots, strict=True)
    )
    return placed, online, time.process_time() - cpu, time.monotonic() - wall, ok


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--meetings", type=int, default=1500)
    parser.add_argument("--tables", type=int, default=40)
    parser.add_argument("--online-share", type=float, default=0.2)
    parser.add_argument("--time-limit", type=float, default=20.0)
    args = parser.parse_args()
    event = generated_event(
        participants=args.participants,
        meetings=args.meetings,
        days=1,
        slots_per_day=16,
        tables=args.tables,
        max_per_participant=12,
        seed=7,
    )
    # The console's ids: r<request id> in person, o<request id> online.
    in_person = replace(
        event,
        meetings=tuple(replace(m, id=f"r{i + 1}") for i, m in enumerate(event.meetings)),
    )
    every = max(1, round(1 / args.online_share))
    online_ids = {i for i in range(len(event.meetings)) if i % every == 0}
    hybrid = replace(
        in_person,
        meetings=tuple(
            replace(m, id=f"o{i + 1}") if i in online_ids else m
            for i, m in enumerate(in_person.meetings)
        ),
        tables=in_person.tables
        + tuple(Table(id=f"online-{n}", venue=ONLINE_VENUE) for n in range(len(online_ids))),
    )
    print(
        f"machine: {os.cpu_count()} cores; load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(
        f"event: {args.participants} participants, {args.meetings} requests, "
        f"{args.tables} tables x 16 slots; time limit {args.time_limit:.0f} s"
    )
    for name, instance in (("all in person", in_person), ("with online", hybrid)):
        placed, online, cpu, wall, ok = _solve(instance, args.time_limit)
        print(
            f"{name:>14}: placed {placed} of {len(instance.meetings)} ({online} online); "
            f"cpu {cpu:.1f} s, wall {wall:.1f} s; valid {ok}"
        )


if __name__ == "__main__":
    run()
