"""Published B2B benchmark (Bofill et al., JAIR 2022): prove every optimum or infeasibility.

Usage: python benchmarks/bench_scheduling_published.py [--time-limit 60] [--workers 2]
       [--files GLOB]

Solves every shared .dzn file with the default engine (d = 2) and prints, per file,
the status, objective, published optimum, seconds and the greedy baseline; then the
count proved, the count contradicting the answer key, the slowest file, the total
time, and the sum of the published MaxSAT times for the same files. Exits non-zero
when a claim contradicts the answer key.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from jisr.engine.scheduling.benchdata import benchmark_dir, published_times
from jisr.engine.scheduling.cli import main as b2b_main


def run() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--files", default="*.dzn")
    args = parser.parse_args()
    files = sorted((benchmark_dir() / "instances").glob(args.files))
    if not files:
        print(f"no benchmark files under {benchmark_dir()}; set JISR_B2B_BENCHMARKS")
        return 0
    times = published_times()
    published_total = sum(times.get(f.name, 0.0) for f in files)
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    code = b2b_main(
        [
            "bench",
            *map(str, files),
            "--time-limit",
            str(args.time_limit),
            "--workers",
            str(args.workers),
            "--csv",
            str(Path("bench-results") / "b2b-published.csv"),
        ]
    )
    print(f"published MaxSAT total for these files: {published_total:.1f} s")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return code


if __name__ == "__main__":
    sys.exit(run())
