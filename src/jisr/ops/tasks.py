"""Background tasks of the operations app."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from jisr.ops.models import PeriodicRun, WorkerHeartbeat

KEEP_TASK_RESULTS = timedelta(days=14)
KEEP_PERIODIC_RUNS = timedelta(days=90)


@task()
def clean_up() -> dict[str, int]:
    """Daily: delete finished task results older than two weeks, expired sessions, old
    periodic-run rows, heartbeats of workers gone for a day and report files older than a
    week; returns the counts."""
    now = timezone.now()
    results, _ = (
        DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_TASK_RESULTS).delete()
    )
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    runs, _ = PeriodicRun.objects.filter(created__lt=now - KEEP_PERIODIC_RUNS).delete()
    workers, _ = WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
    return {
        "task_results": results,
        "sessions": sessions,
        "periodic_runs": runs,
        "workers": workers,
    }
