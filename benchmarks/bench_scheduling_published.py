"""B2B scheduling benchmark: the published set (Bofill et al., JAIR 2022) and the hard variants.

Usage: python benchmarks/bench_scheduling_published.py [--time-limit 30] [--workers 2]
       [--set shared|hard|both] [--files GLOB]

Solves every shared .dzn file (answer key: published_results.csv) and every generated
file of ``benchmarks/b2b-hard`` (no key: see its README) with the default engine,
d = 2, and prints per file the status, breaks, proven bound, the published optimum,
wall and CPU seconds and the load average; then, per set, one summary row per base
instance family and per variant kind: files, proved (optimal or infeasible), worst
and total wall time, total CPU, and for the shared set the published MaxSAT total
of the same files. Exits non-zero when a claim contradicts the answer key.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import defaultdict
from pathlib import Path

from jisr.engine.scheduling.benchdata import benchmark_dir, published_optima, published_times
from jisr.engine.scheduling.cli import _agrees, _cpu_seconds, solve_file

HARD_DIR = Path(__file__).resolve().parent / "b2b-hard"


def _load() -> float:
    return os.getloadavg()[0]


def _run_set(
    label: str, files: list[Path], *, time_limit: float, workers: int
) -> list[dict[str, object]]:
    optima = published_optima()
    times = published_times()
    rows: list[dict[str, object]] = []
    print(f"\n== {label}: {len(files)} files, {time_limit:g} s per file, load {_load():.1f}")
    print(
        f"{'file':36} {'status':10} {'obj':>4} {'bound':>5} {'pub':>10} "
        f"{'wall':>6} {'cpu':>6} {'load':>5} check"
    )
    for path in files:
        before = _cpu_seconds()
        _instance, result, seconds = solve_file(
            path, time_limit=time_limit, workers=workers, fairness=2
        )
        cpu = _cpu_seconds() - before
        expected = optima.get(path.name, "?")
        check = _agrees(result, expected)
        shown = "-" if expected == "?" else "infeasible" if expected is None else str(expected)
        row: dict[str, object] = {
            "file": path.name,
            "family": path.name.split(".")[0],
            "kind": path.name.split(".")[1],
            "status": result.status,
            "objective": result.objective,
            "bound": result.bound,
            "published": shown,
            "published_seconds": times.get(path.name),
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "load": round(_load(), 1),
            "engine": result.engine,
            "check": check,
        }
        rows.append(row)
        print(
            f"{path.name:36} {result.status:10} {_fmt(result.objective):>4} "
            f"{_fmt(result.bound):>5} {shown:>10} {seconds:6.1f} {cpu:6.1f} "
            f"{row['load']:>5} {check}",
            flush=True,
        )
    return rows


def _summary(label: str, rows: list[dict[str, object]], *, published: bool) -> None:
    for key in ("family", "kind"):
        groups: dict[str, list[dict[str, object]]] = defaultdict(list)
        for row in rows:
            groups[str(row[key])].append(row)
        head = f"{label} by {key}"
        extra = f" {'published':>9}" if published else ""
        print(f"\n{head:28} {'files':>5} {'proved':>6} {'worst':>7} {'total':>8} {'cpu':>8}{extra}")
        for name in [*sorted(groups), "all"]:
            members = rows if name == "all" else groups[name]
            _print_group(name, members, published=published)


def _print_group(name: str, members: list[dict[str, object]], *, published: bool) -> None:
    proved = sum(1 for r in members if r["status"] in ("OPTIMAL", "INFEASIBLE"))
    walls = [float(str(r["seconds"])) for r in members]
    cpu = sum(float(str(r["cpu_seconds"])) for r in members)
    extra = ""
    if published:
        total = sum(float(str(r["published_seconds"] or 0.0)) for r in members)
        extra = f" {total:8.1f}s"
    print(
        f"{name:28} {len(members):5} {proved:6} {max(walls):6.1f}s {sum(walls):7.1f}s "
        f"{cpu:7.1f}s{extra}"
    )


def _fmt(value: int | None) -> str:
    return "-" if value is None else str(value)


def _write_csv(rows: list[dict[str, object]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def run() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--set", choices=("shared", "hard", "both"), default="both")
    parser.add_argument("--files", default="*.dzn")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {_load():.1f}")
    code = 0
    if args.set in ("shared", "both"):
        shared = sorted((benchmark_dir() / "instances").glob(args.files))
        if not shared:
            print(f"no shared benchmark files under {benchmark_dir()}; set JISR_B2B_BENCHMARKS")
        else:
            rows = _run_set("shared set", shared, time_limit=args.time_limit, workers=args.workers)
            _write_csv(rows, Path("bench-results") / "b2b-published.csv")
            _summary("shared", rows, published=True)
            wrong = [r["file"] for r in rows if r["check"] == "CONTRADICTS"]
            print(f"contradicting the answer key: {len(wrong)} {wrong if wrong else ''}")
            code = 1 if wrong else 0
    if args.set in ("hard", "both"):
        hard = sorted(HARD_DIR.glob(args.files))
        if hard:
            rows = _run_set(
                "generated hard set", hard, time_limit=args.time_limit, workers=args.workers
            )
            _write_csv(rows, Path("bench-results") / "b2b-hard.csv")
            _summary("hard", rows, published=False)
    print(f"\nload average after: {_load():.1f}")
    return code


if __name__ == "__main__":
    sys.exit(run())
