"""``jisr backup SLUG [-o FILE]``: write every row of one mission to a JSON file
(gzip when the name ends in .gz). ``jisr restore`` puts it back."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jisr.missions.backup import write_backup
from jisr.missions.models import Mission


class Command(BaseCommand):
    help = "Back up one mission: every row that belongs to it, with its ids."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The mission's slug, as in its web address.")
        parser.add_argument(
            "-o", "--output", help="The file to write (default: SLUG-backup.json.gz)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mission = Mission.objects.filter(slug=options["slug"]).first()
        if mission is None:
            raise CommandError(f"There is no mission {options['slug']}.")
        path = options["output"] or f"{mission.slug}-backup.json.gz"
        rows = write_backup(mission, path)
        self.stdout.write(f"Mission {mission.slug}: {rows} rows written to {path}.")
