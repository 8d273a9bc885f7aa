"""``jisr sample-mission``: create a fictional mission for demos, tests and benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jisr.missions.models import Mission
from jisr.missions.sample.programme import DEFAULT_SLUG
from jisr.missions.sample.services import (
    DEFAULT_PASSWORD,
    SampleMissionError,
    create_sample_mission,
)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Create a realistic, clearly fictional trade mission: North American buyers, "
        "Moroccan providers, a two-city programme and a meeting grid. Deterministic for "
        "a given seed; all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--buyers", type=_positive, default=20, help="default: 20")
        parser.add_argument("--providers", type=_positive, default=60, help="default: 60")
        parser.add_argument("--seed", type=int, default=2027, help="default: 2027")
        parser.add_argument("--slug", default=DEFAULT_SLUG, help=f"default: {DEFAULT_SLUG}")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when any mission already exists (for `make run`)",
        )
        parser.add_argument(
            "--organizer-password",
            default=DEFAULT_PASSWORD,
            help="password of the organizer and demo logins (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Mission.objects.exists():
            self.stdout.write("A mission already exists; no sample created.")
            return
        started = time.perf_counter()
        try:
            result = create_sample_mission(
                buyers=options["buyers"],
                providers=options["providers"],
                seed=options["seed"],
                slug=options["slug"],
                password=options["organizer_password"],
            )
        except SampleMissionError as error:
            raise CommandError(str(error.message)) from error
        elapsed = time.perf_counter() - started
        counts = ", ".join(
            f"{value} {name.replace('_', ' ')}" for name, value in result.counts.items()
        )
        self.stdout.write(
            self.style.SUCCESS(f"Created mission “{result.mission.slug}” in {elapsed:.1f} s.")
        )
        self.stdout.write(counts)
        self.stdout.write("Demo logins (username = e-mail):")
        for account in result.accounts:
            secret = (
                options["organizer_password"]
                if account.created
                else "(existing login, password unchanged)"
            )
            self.stdout.write(f"  {account.role:<10} {account.email}  {secret}")
