"""Periodic jobs run once a period however many workers are up."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from jisr.ops.models import PeriodicRun
from jisr.ops.periodic import DAILY_HOUR, enqueue_due_jobs

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MORNING = dt.datetime(2027, 4, 1, DAILY_HOUR, 30, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connections["default"].vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (the test database of SQLite is in memory)",
)
@override_settings(TASKS=DB_TASKS)
def test_two_workers_at_once_enqueue_each_job_once():
    start = threading.Barrier(4)
    results: dict[str, list[str]] = {}
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            start.wait()
            results[name] = enqueue_due_jobs(worker_id=name, now=MORNING)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(f"worker-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    enqueued = sorted(job for jobs in results.values() for job in jobs)
    assert enqueued == ["clean_up", "followups"]
    assert PeriodicRun.objects.filter(period="2027-04-01").count() == 2
    followups = DBTaskResult.objects.filter(task_path__endswith="send_due_followups")
    assert [r.args_kwargs["kwargs"] for r in followups] == [{"today": "2027-04-01"}]


@override_settings(TASKS=DB_TASKS)
def test_a_job_runs_again_the_next_day_but_not_twice_the_same_day():
    assert enqueue_due_jobs(worker_id="a", now=MORNING) == ["followups", "clean_up"]
    assert enqueue_due_jobs(worker_id="b", now=MORNING + dt.timedelta(hours=5)) == []
    next_day = MORNING + dt.timedelta(days=1)

    assert enqueue_due_jobs(worker_id="b", now=next_day) == ["followups", "clean_up"]
    assert DBTaskResult.objects.filter(task_path__endswith="send_due_followups").count() == 2


@override_settings(TASKS=DB_TASKS)
def test_daily_jobs_wait_for_their_hour():
    early = MORNING.replace(hour=DAILY_HOUR - 1) if DAILY_HOUR else None
    if early is None:
        pytest.skip("JISR_PERIODIC_HOUR is 0: every hour is after it")

    assert enqueue_due_jobs(worker_id="a", now=early) == []
    assert not PeriodicRun.objects.exists()
