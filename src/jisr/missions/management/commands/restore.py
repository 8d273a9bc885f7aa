"""``jisr restore FILE [--replace]``: put back a mission written by ``jisr backup``,
with the same ids and values, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from jisr.missions.backup import BackupError, read_backup, restore_mission


class Command(BaseCommand):
    help = "Restore a mission from a file written by 'jisr backup'."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The backup file (.json or .json.gz).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the mission if it exists (its current rows are deleted first).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = read_backup(options["file"])
            mission = restore_mission(document, replace=options["replace"])
        except (BackupError, DatabaseError) as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        self.stdout.write(f"Mission {mission.slug}: {document['rows']} rows restored.")
