"""What the worker deployment keeps in the database: each worker's heartbeat, and one
row per periodic job and period, whose unique key makes two workers never run a job twice
for the same period."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """A running ``jisr db_worker``: it updates ``beat_at`` every few seconds. A task
    claimed by a worker whose heartbeat stopped is put back in the queue."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    tasks_run = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class PeriodicRun(models.Model):
    """One periodic job for one period ("send_followups" for 2027-03-01): the worker
    that inserts the row enqueues the job; the others hit the unique key and skip."""

    job = models.CharField(max_length=100)
    period = models.CharField(max_length=40)
    worker_id = models.CharField(max_length=64)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="ops_periodic_run_once"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"
