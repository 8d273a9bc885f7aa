"""``jisr purge-messages``: delete messages kept past their mission's retention period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jisr.messaging.services import purge_expired_messages


class Command(BaseCommand):
    help = "Delete messages of missions that ended more than their retention period ago."

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_expired_messages()
        self.stdout.write(f"Deleted {count} messages past their retention period.")
