"""Periodic jobs, run from inside the worker deployment: no cron needed.

Every worker's heartbeat thread calls ``enqueue_due_jobs`` every few seconds. For each job
due now it inserts a ``PeriodicRun`` row keyed by (job, period), e.g. ("followups",
"2027-03-01"); the unique key lets exactly one worker win (the others get an
IntegrityError and skip), and the winner enqueues the job's task in the same
transaction, so any worker then runs it once. ``jisr send-followups`` stays for cron.

Settings: ``JISR_PERIODIC_HOUR`` (default 6): the hour (in ``TIME_ZONE``) from which the
daily jobs of a day are due.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jisr.ops.models import PeriodicRun

logger = logging.getLogger("jisr.periodic")
DAILY_HOUR = int(os.environ.get("JISR_PERIODIC_HOUR", "6"))


@dataclass(frozen=True)
class Job:
    name: str
    # The period a moment belongs to, or None while the job is not yet due in it.
    period: Callable[[dt.datetime], str | None]
    task: Callable[[], Any]  # returns the task to enqueue (imported late)
    args: Callable[[dt.datetime], dict[str, Any]] = lambda now: {}


def daily(now: dt.datetime) -> str | None:
    local = timezone.localtime(now)
    return local.date().isoformat() if local.hour >= DAILY_HOUR else None


def hourly(now: dt.datetime) -> str | None:
    return timezone.localtime(now).strftime("%Y-%m-%dT%H")


def _followups() -> Any:
    from jisr.outcomes.tasks import send_due_followups

    return send_due_followups


def _clean_up() -> Any:
    from jisr.ops.tasks import clean_up

    return clean_up


JOBS = [
    Job(
        "followups",
        daily,
        _followups,
        lambda now: {"today": timezone.localdate(now).isoformat()},
    ),
    Job("clean_up", daily, _clean_up),
]


def enqueue_due_jobs(*, worker_id: str, now: dt.datetime | None = None) -> list[str]:
    """Enqueue each job due at ``now`` whose period no worker has claimed yet; returns
    the names of the jobs this call enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in JOBS:
        period = job.period(now)
        if period is None or PeriodicRun.objects.filter(job=job.name, period=period).exists():
            continue
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(job=job.name, period=period, worker_id=worker_id)
                result = job.task().enqueue(**job.args(now))
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker claimed this period first
        logger.info("Periodic job %s for %s enqueued", job.name, period)
        enqueued.append(job.name)
    return enqueued
