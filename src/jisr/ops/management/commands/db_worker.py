"""``jisr db_worker``: django-tasks-db's worker, made to survive a database restart and
to re-queue the tasks of workers that died (see ``jisr.ops.worker``), and running the
periodic jobs (``--no-periodic`` to leave them to cron)."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from jisr.ops.worker import ResilientWorker


class Command(db_worker.Command):
    help = "Run a background worker (resilient; runs the periodic jobs too)"

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-periodic",
            action="store_false",
            dest="periodic",
            help="Do not enqueue the periodic jobs (follow-ups, clean-ups) from this worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        periodic = options.pop("periodic")
        original = db_worker.Worker

        def make(**kwargs: Any) -> ResilientWorker:
            return ResilientWorker(periodic=periodic, **kwargs)

        db_worker.Worker = make  # type: ignore[assignment,misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
