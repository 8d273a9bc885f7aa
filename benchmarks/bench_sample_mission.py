"""Time ``jisr sample-mission`` on a fresh SQLite database, at the demo and a large size.

    .venv/bin/python benchmarks/bench_sample_mission.py [--sizes 20x60,2000x6000] [--seed 2027]

Each size runs in its own process with its own temporary data directory, so every run
starts from an empty, freshly migrated database (settings read the directory once).
Prints the seconds spent migrating, composing the profiles alone (pure Python) and
running the whole command, then the rows written per table.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from io import StringIO


def run_one(buyers: int, providers: int, seed: int) -> None:
    data_dir = tempfile.mkdtemp(prefix="jisr-bench-sample-")
    os.environ.update(
        JISR_DATA_DIR=data_dir, JISR_DEBUG="1", DJANGO_SETTINGS_MODULE="jisr.settings"
    )
    os.environ.pop("JISR_DATABASE_URL", None)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from jisr.missions.sample.profiles import compose_sample

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
        compose_sample(buyers=buyers, providers=providers, seed=seed)
        composed = time.perf_counter()
        call_command(
            "sample_mission", buyers=buyers, providers=providers, seed=seed, stdout=StringIO()
        )
        generated = time.perf_counter()
        print(f"size {buyers}x{providers} (seed {seed})")
        print(f"  migrate            {migrated - started:8.2f} s")
        print(f"  compose (pure)     {composed - migrated:8.2f} s")
        print(f"  sample-mission     {generated - composed:8.2f} s")
        total = 0
        for label, count in _row_counts():
            total += count
            print(f"  rows {label:<28} {count:>8}")
        print(f"  rows {'total':<28} {total:>8}")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _row_counts() -> list[tuple[str, int]]:
    from jisr.directory.models import DeliverySite, Organization, OrganizationDescription, Person
    from jisr.missions.models import IntendedFit, Participation, ProgrammeItem, Slot, Table

    return [
        ("organizations", Organization.objects.count()),
        ("descriptions", OrganizationDescription.objects.count()),
        ("delivery sites", DeliverySite.objects.count()),
        ("org service lines", Organization.service_lines.through.objects.count()),
        ("org technologies", Organization.technologies.through.objects.count()),
        ("org languages", Organization.languages.through.objects.count()),
        ("org certifications", Organization.certifications.through.objects.count()),
        ("people", Person.objects.count()),
        ("person languages", Person.languages.through.objects.count()),
        ("participations", Participation.objects.count()),
        ("intended fits", IntendedFit.objects.count()),
        ("programme items", ProgrammeItem.objects.count()),
        ("slots", Slot.objects.count()),
        ("tables", Table.objects.count()),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20x60,2000x6000", help="BUYERSxPROVIDERS,...")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        buyers, providers = (int(n) for n in args.one.split("x"))
        run_one(buyers, providers, args.seed)
        return
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )
    for size in args.sizes.split(","):
        subprocess.run(
            [sys.executable, __file__, "--one", size.strip(), "--seed", str(args.seed)],
            check=True,
        )


if __name__ == "__main__":
    main()
