"""``jisr send-followups [--today YYYY-MM-DD]``: the daily follow-up e-mails."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jisr.outcomes.services import send_followups


class Command(BaseCommand):
    help = (
        "E-mail the participants of missions that ended one or six months ago, in their "
        "language, asking for the stage of their partnerships (and a rating at six "
        "months). Run it once a day, e.g. from cron; nobody gets the same e-mail twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="act as if today were this date (YYYY-MM-DD); default: today",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(
                    f"--today must be a date written YYYY-MM-DD, not {options['today']!r}."
                ) from error
        sent = send_followups(today=today)
        self.stdout.write(f"Sent {sent} follow-up e-mail(s).")
