"""``jisr b2b solve|bench``: the engine on benchmark .dzn files (never loads Django)."""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from pathlib import Path

from jisr.engine.scheduling.benchdata import benchmark_dir, published_optima
from jisr.engine.scheduling.errors import SchedulingError
from jisr.engine.scheduling.formats.dzn import read_dzn
from jisr.engine.scheduling.greedy import greedy_schedule
from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.solver import Result, solve
from jisr.engine.scheduling.validate import evaluate


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jisr b2b", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    solve_cmd = commands.add_parser("solve", help="solve one .dzn file, print one JSON object")
    solve_cmd.add_argument("file", type=Path)
    solve_cmd.add_argument("--time-limit", type=float, default=60.0)
    solve_cmd.add_argument("--workers", type=int, default=2)
    solve_cmd.add_argument("--fairness", type=int, default=2)
    solve_cmd.add_argument("--seed", type=int, default=0)
    bench_cmd = commands.add_parser("bench", help="solve files, print a table, write a CSV")
    bench_cmd.add_argument("files", type=Path, nargs="+")
    bench_cmd.add_argument("--time-limit", type=float, default=60.0)
    bench_cmd.add_argument("--workers", type=int, default=2)
    bench_cmd.add_argument("--fairness", type=int, default=2)
    bench_cmd.add_argument("--csv", type=Path, default=Path("bench-results/b2b-scheduling.csv"))
    return parser


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the portfolio's engines)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def solve_file(
    path: Path, *, time_limit: float, workers: int, fairness: int, seed: int = 0
) -> tuple[Instance, Result, float]:
    start = time.monotonic()
    instance = read_dzn(path)
    result = solve(
        instance,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        fairness=fairness,
        explain=False,
        tables=False,
    )
    return instance, result, time.monotonic() - start


def _solve_json(instance: Instance, result: Result, seconds: float) -> dict[str, object]:
    slots = None
    if result.schedule is not None:
        slots = [None if s is None else s + 1 for s in result.schedule.slots]
    return {
        "instance": instance.name,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "seconds": round(seconds, 3),
        "slots": slots,
    }


def _bench(args: argparse.Namespace) -> int:
    published = published_optima(args.fairness)
    rows: list[dict[str, object]] = []
    header = (
        f"{'file':36} {'status':10} {'obj':>4} {'pub':>5} {'sec':>7} {'cpu':>7} "
        f"{'greedy':>14} check"
    )
    print(header)
    for path in args.files:
        cpu_before = _cpu_seconds()
        instance, result, seconds = solve_file(
            path, time_limit=args.time_limit, workers=args.workers, fairness=args.fairness
        )
        cpu = _cpu_seconds() - cpu_before
        greedy = greedy_schedule(instance)
        greedy_eval = evaluate(instance, greedy, fairness=None)
        greedy_text = (
            f"{greedy_eval.total_breaks}"
            if greedy_eval.scheduled == len(instance.meetings)
            else f"{greedy_eval.scheduled}/{len(instance.meetings)} placed"
        )
        expected = published.get(path.name, "?")
        check = _agrees(result, expected)
        rows.append(
            {
                "file": path.name,
                "status": result.status,
                "objective": result.objective,
                "bound": result.bound,
                "published": "infeasible" if expected is None else expected,
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),
                "greedy_scheduled": greedy_eval.scheduled,
                "greedy_breaks": greedy_eval.total_breaks,
                "greedy_fair": greedy_eval.fairness_spread <= args.fairness,
                "agrees": check,
            }
        )
        shown = "infeasible" if expected is None else str(expected)
        print(
            f"{path.name:36} {result.status:10} {_fmt(result.objective):>4} {shown:>5} "
            f"{seconds:7.2f} {cpu:7.2f} {greedy_text:>14} {check}",
            flush=True,
        )
    args.csv.parent.mkdir(parents=True, exist_ok=True)
    with args.csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    proved = sum(1 for row in rows if row["status"] in ("OPTIMAL", "INFEASIBLE"))
    wrong = sum(1 for row in rows if row["agrees"] == "CONTRADICTS")
    times = [float(str(row["seconds"])) for row in rows]
    cpu_total = sum(float(str(row["cpu_seconds"])) for row in rows)
    print(
        f"files {len(rows)}  proved {proved}  contradicting {wrong}  "
        f"total {sum(times):.1f} s  max {max(times):.1f} s  cpu {cpu_total:.1f} s  "
        f"csv {args.csv}"
    )
    return 1 if wrong else 0


def _fmt(value: int | None) -> str:
    return "-" if value is None else str(value)


def _agrees(result: Result, expected: int | str | None) -> str:
    """'ok' (proved the published value), 'open' (no proof), 'CONTRADICTS' or 'unknown'."""
    if expected == "?":
        return "no-key"
    if result.status == "INFEASIBLE":
        return "ok" if expected is None else "CONTRADICTS"
    if result.status == "OPTIMAL":
        return "ok" if expected == result.objective else "CONTRADICTS"
    if expected is None and result.objective is not None:
        return "CONTRADICTS"
    if isinstance(expected, int) and result.objective is not None and result.objective < expected:
        return "CONTRADICTS"
    if isinstance(expected, int) and result.bound is not None and result.bound > expected:
        return "CONTRADICTS"
    return "open"


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "solve":
            instance, result, seconds = solve_file(
                args.file,
                time_limit=args.time_limit,
                workers=args.workers,
                fairness=args.fairness,
                seed=args.seed,
            )
            print(json.dumps(_solve_json(instance, result, seconds)))
            return 0
        return _bench(args)
    except (SchedulingError, OSError) as error:
        print(f"jisr b2b: {error}", file=sys.stderr)
        return 2


__all__ = ["benchmark_dir", "main"]
