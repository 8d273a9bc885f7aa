"""The background task that runs the scheduling engine for one ``ScheduleRun``."""

from __future__ import annotations

import logging
import time
from typing import Any

from django_tasks import task

from jisr.engine.scheduling.errors import SchedulingError
from jisr.engine.scheduling.instance import instance_from_json
from jisr.schedules import services
from jisr.schedules.adapter import engine_schedule, placements
from jisr.schedules.models import ScheduleRun
from jisr.schedules.solving import RunStopped, run_engine

logger = logging.getLogger(__name__)
# Progress is written at most this often, so a fast solver does not hammer the database.
PROGRESS_INTERVAL = 0.5


class ProgressWriter:
    """The engine's progress callback: writes throttled figures and answers whether to
    stop (the organizer pressed Cancel)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.last_write = 0.0
        self.stop = False

    def __call__(self, objective: int | None, bound: int | None, seconds: float) -> bool:
        now = time.monotonic()
        if now - self.last_write >= PROGRESS_INTERVAL:
            self.last_write = now
            self.stop = services.record_progress(
                self.run_id, objective=objective, bound=bound, seconds=seconds
            )
        return self.stop


@task()
def run_schedule(run_id: int) -> dict[str, Any]:
    """Solve the stored instance of run ``run_id`` and, on success only, replace the draft.

    Any failure (bad instance, engine error, cancellation, crash) closes the run with a
    message and leaves the previous draft untouched.
    """
    if not services.mark_run_started(run_id):
        return {"status": "skipped"}
    run = ScheduleRun.objects.get(pk=run_id)
    progress = ProgressWriter(run_id)
    try:
        instance = instance_from_json(run.instance)
        current = engine_schedule(run.mapping, [tuple(row) for row in run.mapping["current"]])
        outcome = run_engine(
            instance, kind=run.kind, parameters=run.parameters, current=current, progress=progress
        )
        services.record_progress(
            run_id, objective=outcome.objective, bound=outcome.bound, seconds=outcome.seconds
        )
        summary = outcome.summary(run.mapping)
        stored = services.store_run_result(
            run_id,
            placements=placements(run.mapping, outcome.schedule),
            solution=outcome.solution_json(),
            summary=summary,
        )
    except RunStopped:
        services.fail_run(run_id, code="cancelled")
        return {"status": "cancelled"}
    except SchedulingError as error:
        services.fail_run(run_id, code="engine_rejected", detail=str(error))
        return {"status": "failed"}
    except Exception as error:
        # Whatever went wrong, the run must end closed and the draft untouched.
        logger.exception("Schedule run %s failed", run_id)
        services.fail_run(run_id, code="crashed", detail=f"{type(error).__name__}: {error}")
        return {"status": "failed"}
    return {"status": stored.status, "placed": summary.get("placed", 0)}
