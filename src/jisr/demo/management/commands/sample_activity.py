"""``jisr sample-activity``: listings, meeting requests, marks and commercial profiles on
a sample mission, so every step of the workflow can be tried at once."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jisr.demo.activity import (
    SampleActivityError,
    create_sample_activity,
    has_activity,
    publish_demo_schedule,
)
from jisr.missions.models import Mission
from jisr.missions.sample.programme import DEFAULT_SLUG


class Command(BaseCommand):
    help = (
        "Add demo activity to a sample mission (made by sample-mission): marketplace "
        "listings, meeting requests in every state, marks and commercial profiles, through "
        "the same services as the web pages. Deterministic for a seed; all or nothing. "
        "E-mail notifications are discarded unless --send-mail is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", default=DEFAULT_SLUG, help=f"default: {DEFAULT_SLUG}")
        parser.add_argument("--seed", type=int, default=2027, help="default: 2027")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the mission already has meeting requests (for `make run`)",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="also run the scheduler and publish its schedule (left to the organizer "
            "otherwise)",
        )
        parser.add_argument(
            "--send-mail",
            action="store_true",
            help="send the notifications the services queue (default: discard them)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mission = Mission.objects.filter(slug=options["slug"]).first()
        if mission is None:
            raise CommandError(f"No mission “{options['slug']}”; run sample-mission first.")
        if options["if_empty"] and has_activity(mission):
            self.stdout.write("The mission already has meeting requests; no activity added.")
            return
        started = time.perf_counter()
        try:
            result = create_sample_activity(
                mission, seed=options["seed"], send_mail=options["send_mail"]
            )
        except SampleActivityError as error:
            raise CommandError(str(error.message)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Added demo activity to “{mission.slug}” in {elapsed:.1f} s.")
        )
        self.stdout.write(", ".join(f"{value} {name}" for name, value in result.counts.items()))
        if result.demo_pair:
            buyer, provider = result.demo_pair
            self.stdout.write(f"Accepted demo meeting: {buyer} <-> {provider}")
        if not options["publish"]:
            self.stdout.write("No schedule yet: run the scheduler from the organizer console.")
            return
        started = time.perf_counter()
        run, publication = publish_demo_schedule(mission, send_mail=options["send_mail"])
        elapsed = time.perf_counter() - started
        summary = run.summary or {}
        if publication is None:
            raise CommandError(
                f"The scheduler run ended “{run.status}” ({run.error_code}); nothing published."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Published schedule version {publication.version} in {elapsed:.1f} s: "
                f"{summary.get('placed', '?')} meetings placed."
            )
        )
