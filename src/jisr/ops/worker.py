"""A ``db_worker`` that survives what a cluster goes through.

django-tasks-db's worker claims a task (status RUNNING, its id appended to
``worker_ids``) and runs it. Two things go wrong in production, and are handled here:

- **The database goes away** (restart, failover, network): the stock worker raises and
  exits. This one closes its connections, waits (1 s, doubling up to 30 s) and goes on;
  a task that failed because of the lost connection goes back to the queue.
- **A worker dies mid-task** (SIGKILL, out of memory, machine lost): the stock task stays
  RUNNING for ever. Every worker writes a heartbeat row every few seconds; any worker
  puts a RUNNING task whose worker stopped beating back in the queue, where another
  worker runs it (after ``MAX_ATTEMPTS`` claims it is marked failed instead, so a task
  that kills its worker cannot loop). Tasks are therefore run *at least once*: Jisr's
  tasks are written to be safe to run again (follow-ups, e-mails and exports skip what
  is done).

The same heartbeat thread enqueues the periodic jobs (``jisr.ops.periodic``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from datetime import timedelta
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from jisr.ops.models import WorkerHeartbeat

logger = logging.getLogger("jisr.worker")

HEARTBEAT_SECONDS = float(os.environ.get("JISR_WORKER_HEARTBEAT", "5"))
# A worker silent this long is taken for dead and its task re-queued.
STALE_SECONDS = float(os.environ.get("JISR_WORKER_STALE_AFTER", "30"))
MAX_ATTEMPTS = 3
LOST_CONNECTION = (OperationalError, InterfaceError)


class WorkerLost(Exception):
    """Recorded on a task whose workers all died while running it."""


def requeue_orphans(*, now: Any = None, stale_seconds: float = STALE_SECONDS) -> tuple[int, int]:
    """Put back in the queue every RUNNING task whose worker stopped beating (or never
    had a heartbeat) for ``stale_seconds``; fail those already claimed ``MAX_ATTEMPTS``
    times. Returns (re-queued, failed)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=stale_seconds)
    alive = set(
        WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    requeued = failed = 0
    with transaction.atomic():
        running = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING)
            .filter(Q(started_at__lt=cutoff) | Q(started_at__isnull=True))
        )
        for task in running:
            if task.worker_ids and task.worker_ids[-1] in alive:
                continue
            if len(task.worker_ids) >= MAX_ATTEMPTS:
                task.set_failed(
                    WorkerLost(f"the workers {', '.join(task.worker_ids)} stopped while running it")
                )
                failed += 1
                logger.error("Task %s failed: its workers died %d times", task.id, MAX_ATTEMPTS)
            else:
                DBTaskResult.objects.filter(pk=task.pk).update(
                    status=TaskResultStatus.READY, started_at=None
                )
                requeued += 1
                logger.warning(
                    "Task %s (%s) re-queued: its worker %s stopped",
                    task.id,
                    task.task_path,
                    task.worker_ids[-1] if task.worker_ids else "?",
                )
    return requeued, failed


class ResilientWorker(Worker):
    def __init__(self, **kwargs: Any) -> None:
        self.periodic = kwargs.pop("periodic", True)
        super().__init__(**kwargs)
        self.current_task: Any = None
        self.beating = threading.Event()

    # --- heartbeat ---------------------------------------------------------------

    def beat(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "beat_at": now,
                "tasks_run": self._run_tasks,
            },
            create_defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "beat_at": now,
                "started_at": now,
                "tasks_run": self._run_tasks,
            },
        )

    def heartbeat_loop(self) -> None:
        from jisr.ops.periodic import enqueue_due_jobs

        while not self.beating.wait(HEARTBEAT_SECONDS):
            try:
                self.beat()
                requeue_orphans()
                if self.periodic:
                    enqueue_due_jobs(worker_id=self.worker_id)
            except DatabaseError as error:
                logger.warning("Heartbeat: the database does not answer (%s)", _first_line(error))
            except Exception:
                logger.exception("Heartbeat failed")
            finally:
                connections.close_all()  # this thread's connections only

    # --- main loop ----------------------------------------------------------------

    def run(self) -> None:
        try:
            self._run()
        finally:  # also on the SystemExit of a signal
            self.beating.set()
            self._forget()

    def _run(self) -> None:
        delay = 1.0
        heartbeat: threading.Thread | None = None
        while self.running:
            try:
                self._give_back_current()
                self.beat()
                if heartbeat is None:
                    heartbeat = threading.Thread(
                        target=self.heartbeat_loop, name="jisr-heartbeat", daemon=True
                    )
                    heartbeat.start()
                delay = 1.0
                super().run()
                return  # --batch or --max-tasks reached, or a graceful stop
            except LOST_CONNECTION as error:
                logger.warning(
                    "Worker %s lost the database (%s); retrying in %.0f s",
                    self.worker_id,
                    _first_line(error),
                    delay,
                )
                connections.close_all()
                time.sleep(delay)
                delay = min(delay * 2, 30.0)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """The stock ``run_task``, except that a task that failed because the database
        went away is put back in the queue rather than marked failed."""
        self.current_task = db_task_result
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                return_value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                return_value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(return_value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except LOST_CONNECTION as error:
            if not _database_answers():
                raise  # run() reconnects, then _give_back_current re-queues the task
            self._fail(db_task_result, error)  # the task's own error (a timeout, a deadlock)
        except BaseException as error:
            self._fail(db_task_result, error)
        finally:
            self.running_task = False
            self._run_tasks += 1
        self.current_task = None

    def _fail(self, db_task_result: DBTaskResult, error: BaseException) -> None:
        db_task_result.set_failed(error)
        try:
            task_finished.send(
                sender=type(db_task_result.task.get_backend()),
                task_result=db_task_result.task_result,
            )
        except Exception:
            logger.exception("Task id=%s failed unexpectedly", db_task_result.id)

    def _give_back_current(self) -> None:
        """After a lost connection: the task this worker was running goes back to the
        queue (once the database answers again)."""
        task, self.current_task = self.current_task, None
        if task is None:
            return
        try:
            DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
        except LOST_CONNECTION:
            self.current_task = task  # still down: try again after the next wait
            raise
        logger.warning("Task %s re-queued after the database came back", task.pk)

    def _forget(self) -> None:
        with contextlib.suppress(DatabaseError):
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()


def _database_answers() -> bool:
    """Whether a fresh connection gets an answer: tells a lost database from a task's
    own OperationalError (statement timeout, deadlock), which must fail, not loop."""
    connections.close_all()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        connections.close_all()
        return False
    return True


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
