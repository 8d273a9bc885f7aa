"""The resilient worker: tasks of a dead worker go back to the queue and run elsewhere."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jisr.ops.models import WorkerHeartbeat
from jisr.ops.tasks import clean_up
from jisr.ops.worker import MAX_ATTEMPTS, ResilientWorker, requeue_orphans

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("db_tasks")]


@pytest.fixture
def db_tasks():
    with override_settings(TASKS=DB_TASKS):
        yield


def _claimed(*worker_ids, seconds_ago=120):
    result = clean_up.enqueue()
    started = timezone.now() - timedelta(seconds=seconds_ago)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=list(worker_ids)
    )
    return DBTaskResult.objects.get(pk=result.id)


def _beat(worker_id, seconds_ago):
    now = timezone.now() - timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, host="test", pid=1, started_at=now, beat_at=now
    )


def _worker(worker_id):
    return ResilientWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
        periodic=False,
    )


def test_task_of_a_worker_that_stopped_beating_is_requeued_and_run_by_another():
    _beat("killed", seconds_ago=90)
    task = _claimed("killed")

    assert requeue_orphans() == (1, 0)
    _worker("survivor").run()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["killed", "survivor"]
    assert not WorkerHeartbeat.objects.filter(worker_id="survivor").exists()  # said goodbye


def test_task_of_a_live_worker_is_left_alone():
    _beat("busy", seconds_ago=1)
    task = _claimed("busy")

    assert requeue_orphans() == (0, 0)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_task_just_claimed_by_a_worker_without_heartbeat_waits_before_requeue():
    task = _claimed("unknown", seconds_ago=2)

    assert requeue_orphans() == (0, 0)
    assert requeue_orphans(now=timezone.now() + timedelta(minutes=5)) == (1, 0)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY


def test_task_that_killed_its_workers_too_often_is_marked_failed():
    task = _claimed(*[f"w{n}" for n in range(MAX_ATTEMPTS)])

    assert requeue_orphans() == (0, 1)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "jisr.ops.worker.WorkerLost"


def test_task_whose_own_query_fails_is_marked_failed_not_requeued(monkeypatch):
    from django.contrib.sessions.models import Session
    from django.db import OperationalError

    def timeout(*args, **kwargs):
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(Session.objects, "filter", timeout)
    result = clean_up.enqueue()

    _worker("w1").run()  # the database answers: the error is the task's own

    task = DBTaskResult.objects.get(pk=result.id)
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "django.db.utils.OperationalError"
    assert task.worker_ids == ["w1"]
