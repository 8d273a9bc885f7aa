"""The background task that runs the scheduling engine for one ``ScheduleRun``.

The solver runs in a helper thread; this thread owns the database connection and,
every half second, writes the latest objective and bound and reads the cancel flag.
The engine reports progress from its own threads, which must not touch the database:
Cancel reaches them through a ``threading.Event`` that the engine's ``should_stop``
hook polls, so the solver really stops instead of running on to its time limit.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from django_tasks import task
from django_tasks.exceptions import TaskException

from jisr.engine.scheduling.errors import SchedulingError
from jisr.engine.scheduling.formats.instance_json import instance_from_json
from jisr.schedules import notices, services
from jisr.schedules.adapter import engine_schedule, placements
from jisr.schedules.models import ScheduleRun
from jisr.schedules.solving import EngineResult, Infeasible, NoSolution, RunStopped, run_engine

logger = logging.getLogger(__name__)
# How often progress is written and the cancel flag read, in seconds.
PROGRESS_INTERVAL = 0.5
# How long a cancelled run waits for the solver thread to honour the stop request.
STOP_GRACE = 10.0
# A run handed out again by the queue is restarted only if its heartbeat (written every
# PROGRESS_INTERVAL) has been silent this long: its first worker is really gone.
TAKEOVER_SILENCE = dt.timedelta(seconds=4 * PROGRESS_INTERVAL)


class ProgressRelay:
    """Carries figures from the solver's threads to the task's thread, and the stop
    request back."""

    def __init__(self) -> None:
        self.latest: tuple[int | None, int | None, float] | None = None
        self.stop = threading.Event()

    def __call__(self, objective: int | None, bound: int | None, seconds: float) -> None:
        """The engine's progress callback: remember the figures (a stage without
        break figures reports (None, 0, seconds): keep the last real ones; the task
        writes the elapsed time itself)."""
        if objective is not None or bound:
            self.latest = (objective, bound, seconds)

    def should_stop(self) -> bool:
        """The engine's stop hook, polled from its threads."""
        return self.stop.is_set()


class SolverThread(threading.Thread):
    def __init__(self, run: ScheduleRun, relay: ProgressRelay) -> None:
        super().__init__(name=f"schedule-run-{run.pk}", daemon=True)
        self.run_row = run
        self.relay = relay
        self.result: EngineResult | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            row = self.run_row
            instance = instance_from_json(row.instance)
            current = engine_schedule(row.mapping, [tuple(r) for r in row.mapping["current"]])
            self.result = run_engine(
                instance,
                kind=row.kind,
                parameters=row.parameters,
                current=current,
                progress=self.relay,
                should_stop=self.relay.should_stop,
            )
        except BaseException as error:  # handed to the task's thread, which decides
            self.error = error


def _wait(run_id: int, thread: SolverThread, relay: ProgressRelay) -> EngineResult:
    """Relay progress until the solver ends. On Cancel, set the stop event and wait
    (at most ``STOP_GRACE`` seconds) for the engine to end its search."""
    started = time.monotonic()
    while thread.is_alive():
        thread.join(PROGRESS_INTERVAL)
        # Written even without news: the heartbeat tells a live run from a dead one.
        objective, bound, _seconds = relay.latest or (None, None, 0.0)
        seconds = time.monotonic() - started
        if services.record_progress(run_id, objective=objective, bound=bound, seconds=seconds):
            relay.stop.set()
            thread.join(STOP_GRACE)
            if thread.is_alive():
                logger.warning("Schedule run %s: the solver ignored the stop request", run_id)
            raise RunStopped
    if thread.error is not None:
        raise thread.error
    assert thread.result is not None
    return thread.result


def _redelivered(run: ScheduleRun) -> bool:
    """Whether the queue has handed this run's task to a second worker: the task queue
    does so only once the first worker's own heartbeat has stopped (``jisr.ops.worker``)."""
    if not run.task_result_id:
        return False
    try:
        result = run_schedule.get_result(run.task_result_id)
    except (TaskException, NotImplementedError):  # no stored results (immediate), purged
        return False
    return result.attempts > 1


@task()
def run_schedule(run_id: int) -> dict[str, Any]:
    """Solve the stored instance of run ``run_id`` and, on success only, replace the draft.

    Any failure (bad instance, infeasible rules, engine error, cancellation, crash) closes
    the run with a code and leaves the previous draft untouched.
    """
    found = ScheduleRun.objects.select_related("mission").filter(pk=run_id).first()
    if found is None:
        return {"status": "skipped"}
    # A worker starting work is the first to notice a run whose worker was killed.
    services.expire_stale_runs(found.mission)
    if not services.mark_run_started(run_id):
        if not (
            _redelivered(found) and services.take_over_run(run_id, silent_for=TAKEOVER_SILENCE)
        ):
            return {"status": "skipped"}  # cancelled, finished, or closed as interrupted
        logger.warning("Schedule run %s: its worker died; solving it again from the start", run_id)
    run = ScheduleRun.objects.get(pk=run_id)
    relay = ProgressRelay()
    thread = SolverThread(run, relay)
    try:
        thread.start()
        outcome = _wait(run_id, thread, relay)
        services.record_progress(
            run_id, objective=outcome.objective, bound=outcome.bound, seconds=outcome.seconds
        )
        summary = outcome.summary()
        stored = services.store_run_result(
            run_id,
            placements=placements(run.mapping, outcome.schedule, outcome.request_ids),
            solution=outcome.solution_json(),
            summary=summary,
        )
    except RunStopped:
        services.fail_run(run_id, code="cancelled")
        return {"status": "cancelled"}
    except Infeasible as error:
        services.fail_run(
            run_id, code="infeasible", detail=str(error), summary={"conflicts": error.conflicts}
        )
        return {"status": "failed"}
    except NoSolution:
        services.fail_run(run_id, code="no_solution")
        return {"status": "failed"}
    except SchedulingError as error:
        services.fail_run(run_id, code="engine_rejected", detail=str(error))
        return {"status": "failed"}
    except Exception as error:
        # Whatever went wrong, the run must end closed and the draft untouched.
        logger.exception("Schedule run %s failed", run_id)
        services.fail_run(run_id, code="crashed", detail=f"{type(error).__name__}: {error}")
        return {"status": "failed"}
    return {"status": stored.status, "placed": summary.get("placed", 0)}


@task()
def send_publication_notices(publication_id: int) -> dict[str, int]:
    """Send the e-mails a publication owes its participants, each at most once (see
    ``jisr.schedules.notices``); returns this pass's counts."""
    return notices.send_pending_notices(publication_id)
