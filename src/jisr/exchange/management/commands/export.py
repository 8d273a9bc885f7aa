"""``jisr export --mission SLUG [-o FILE.xlsx]``: the mission as a workbook."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jisr.exchange.export import export_mission
from jisr.missions.models import Mission


class Command(BaseCommand):
    help = (
        "Export a mission's organizations, people, offers and requests, meeting requests, "
        "venues, days, slots, tables and published schedule to an .xlsx workbook."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mission", required=True, help="the mission's short name (slug)")
        parser.add_argument(
            "-o", "--output", help="file to write (default: SLUG.xlsx; '-' for standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mission = Mission.objects.filter(slug=options["mission"]).first()
        if mission is None:
            raise CommandError(f"No mission “{options['mission']}”.")
        started = time.perf_counter()
        content = export_mission(mission)
        output = options["output"] or f"{mission.slug}.xlsx"
        if output == "-":
            sys.stdout.buffer.write(content)
            return
        with open(output, "wb") as file:
            file.write(content)
        self.stdout.write(
            f"Wrote {output} ({len(content)} bytes) in {time.perf_counter() - started:.2f} s."
        )
