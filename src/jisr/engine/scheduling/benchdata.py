"""Locate the shared B2B benchmark and read its answer key and reference schedules."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from jisr.engine.scheduling.instance import Instance, Schedule

ENV_VAR = "JISR_B2B_BENCHMARKS"


def benchmark_dir() -> Path:
    """``$JISR_B2B_BENCHMARKS`` or ``<repo>/../shared/benchmarks/b2b-scheduling``."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    repo = Path(__file__).resolve().parents[4]
    return repo.parent / "shared" / "benchmarks" / "b2b-scheduling"


def published_optima(fairness: int = 2) -> dict[str, int | None]:
    """File name -> proven optimum (None = infeasible) for the given fairness d.

    Rows whose optimum is not printed in the paper are left out.
    """
    result: dict[str, int | None] = {}
    path = benchmark_dir() / "published_results.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["fairness_d"] != str(fairness):
                continue
            value = row["optimum"].strip()
            if value == "infeasible":
                result[row["file"]] = None
            elif value.isdigit():
                result[row["file"]] = int(value)
    return result


def published_times(fairness: int = 2) -> dict[str, float]:
    """File name -> published MaxSAT time in seconds."""
    result: dict[str, float] = {}
    path = benchmark_dir() / "published_results.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["fairness_d"] == str(fairness):
                try:
                    result[row["file"]] = float(row["maxsat_time_s"])
                except ValueError:
                    continue
    return result


def read_reference_schedule(instance: Instance, path: Path) -> Schedule:
    """Read a ``meeting,p1,p2,slot`` CSV (1-based) into a schedule of ``instance``."""
    slots: list[int | None] = [None] * len(instance.meetings)
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            slots[int(row["meeting"]) - 1] = int(row["slot"]) - 1
    return Schedule(slots=tuple(slots))
