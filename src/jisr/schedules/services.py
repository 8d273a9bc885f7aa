"""Writes of the scheduling console: runs, locks, publication and rescheduling.

A run never touches the schedule until it has succeeded: ``store_run_result`` replaces
the draft in one transaction, and a failed, cancelled or interrupted run leaves the
previous draft exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, TypeAlias

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import DatabaseError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.core.errors import DomainError
from jisr.core.services import log_activity
from jisr.engine.scheduling.formats.instance_json import instance_to_json
from jisr.missions.models import Mission
from jisr.schedules import notices
from jisr.schedules.adapter import Placement, build_instance
from jisr.schedules.models import Publication, ScheduledMeeting, ScheduleRun
from jisr.schedules.queries import ScheduleChange, schedule_changes
from jisr.schedules.signals import schedule_published

User: TypeAlias = AbstractBaseUser | AnonymousUser
State = ScheduledMeeting.State

DEFAULT_PARAMETERS: dict[str, Any] = {
    "time_limit": 30,
    "workers": 2,
    "seed": 1,
    "fairness": 2,
    "travel_slots": 1,
}
logger = logging.getLogger(__name__)


def stale_after() -> dt.timedelta:
    """How long a running run's heartbeat may be silent before the run counts as dead.

    The worker writes the heartbeat every half second while the engine solves, so a
    silence this long means the worker was killed or its machine stopped
    (``JISR_SCHEDULE_RUN_STALE_SECONDS``, default 60)."""
    return dt.timedelta(seconds=settings.SCHEDULE_RUN_STALE_SECONDS)


def start_schedule_run(
    mission: Mission,
    *,
    by: User,
    kind: str = "solve",
    parameters: dict[str, Any] | None = None,
    priorities: dict[int, set[str]] | None = None,
) -> ScheduleRun:
    """Store the engine instance of the mission's current grid and requests, then queue
    the solver. Locked draft meetings become fixed; a reschedule starts from the
    published schedule. ``priorities`` (request id -> reasons such as "must_meet",
    from ``jisr.matchmaking.queries.meeting_priorities``) weigh meetings; the
    organizers' own priorities are always added. Participants' unavailable slots are
    forbidden. Raises ``DomainError`` when a run is already active or the grid is
    unusable.
    """
    from jisr.schedules.tasks import run_schedule

    params = {**DEFAULT_PARAMETERS, **(parameters or {})}
    expire_stale_runs(mission)  # a run whose worker died must not block the next one
    with transaction.atomic():
        Mission.objects.select_for_update().get(pk=mission.pk)
        if ScheduleRun.objects.for_mission(mission).filter(status__in=ScheduleRun.ACTIVE).exists():
            raise DomainError(_("A run is already in progress. Wait for it or cancel it."))
        if kind == "reschedule":
            if not Publication.objects.for_mission(mission).exists():
                raise DomainError(_("Publish a schedule before rescheduling it."))
            source = State.PUBLISHED
        else:
            source = State.DRAFT
        fixed = dict(
            ScheduledMeeting.objects.for_mission(mission)
            .filter(state=State.DRAFT, locked=True)
            .values_list("request_id", "slot_id")
        )
        built = build_instance(
            mission,
            travel_slots=int(params["travel_slots"]),
            fixed=fixed,
            name=mission.slug,
            priorities=priorities,
        )
        current = list(
            ScheduledMeeting.objects.for_mission(mission)
            .filter(state=source)
            .values_list("request_id", "slot_id", "table_id")
        )
        run: ScheduleRun = ScheduleRun.objects.create(
            mission=mission,
            kind=kind,
            requested_by=by if getattr(by, "is_authenticated", False) else None,
            parameters=params,
            instance=instance_to_json(built.instance),
            mapping={**built.mapping, "current": [list(row) for row in current]},
        )
        log_activity(
            run, action="schedules.run_started", actor=by, mission=mission, data={"kind": kind}
        )
        result = run_schedule.enqueue(run.pk)
        ScheduleRun.objects.filter(pk=run.pk).update(task_result_id=str(result.id))
    run.refresh_from_db()
    return run


def cancel_schedule_run(run: ScheduleRun, *, by: User) -> ScheduleRun:
    """Ask a run to stop. The solver checks the flag at its next progress report; a run
    still queued is cancelled at once. The draft is never touched."""
    with transaction.atomic():
        locked: ScheduleRun = ScheduleRun.objects.select_for_update().get(pk=run.pk)
        if not locked.is_active:
            raise DomainError(_("This run has already finished."))
        locked.cancel_requested = True
        if locked.status == ScheduleRun.Status.QUEUED:
            locked.status = ScheduleRun.Status.CANCELLED
            locked.finished = timezone.now()
            locked.error_code = "cancelled_before_start"
        locked.save(update_fields=["cancel_requested", "status", "finished", "error_code"])
        log_activity(locked, action="schedules.run_cancelled", actor=by, mission=locked.mission)
    return locked


def mark_run_started(run_id: int) -> bool:
    """Queued -> running; False when the run was cancelled (or taken) meanwhile."""
    return bool(
        ScheduleRun.objects.filter(pk=run_id, status=ScheduleRun.Status.QUEUED).update(
            status=ScheduleRun.Status.RUNNING, started=timezone.now()
        )
    )


def take_over_run(run_id: int, *, silent_for: dt.timedelta) -> bool:
    """Running -> running again from the start, for the worker to which the task queue
    handed the run anew after its first worker died (SIGKILL, machine lost). Only a run
    whose heartbeat has been silent for ``silent_for`` is taken, so a live worker keeps
    its run. The draft is untouched until the new attempt succeeds."""
    now = timezone.now()
    with transaction.atomic():
        taken = (
            ScheduleRun.objects.filter(pk=run_id, status=ScheduleRun.Status.RUNNING)
            .filter(
                Q(progress_updated__lt=now - silent_for)
                | Q(progress_updated__isnull=True, started__lt=now - silent_for)
            )
            .update(
                started=now,
                progress_updated=now,
                objective=None,
                bound=None,
                seconds=0,
                cancel_requested=False,
            )
        )
        if taken:
            run = ScheduleRun.objects.select_related("mission").get(pk=run_id)
            log_activity(run, action="schedules.run_restarted", actor=None, mission=run.mission)
    return bool(taken)


def record_progress(
    run_id: int, *, objective: int | None, bound: int | None, seconds: float
) -> bool:
    """Write the latest figures in a short transaction of their own; returns whether the
    organizer asked to stop."""
    with transaction.atomic():
        ScheduleRun.objects.filter(pk=run_id, status=ScheduleRun.Status.RUNNING).update(
            objective=objective,
            bound=bound,
            seconds=round(seconds, 2),
            progress_updated=timezone.now(),
        )
        cancel = ScheduleRun.objects.filter(pk=run_id).values_list("cancel_requested", flat=True)
        return bool(cancel.first())


def store_run_result(
    run_id: int,
    *,
    placements: list[Placement],
    solution: dict[str, Any],
    summary: dict[str, Any],
) -> ScheduleRun:
    """Replace the draft with a run's schedule, all or nothing.

    Locks survive: a meeting locked in the old draft stays locked in the new one. A run
    cancelled meanwhile stores its solution for the record but leaves the draft alone.
    """
    with transaction.atomic():
        # The mission row first, as publishing and every other writer of the draft do,
        # so two writers of one mission's draft take turns instead of mixing rows.
        mission_id = ScheduleRun.objects.values_list("mission_id", flat=True).get(pk=run_id)
        Mission.objects.select_for_update().get(pk=mission_id)
        run: ScheduleRun = (
            ScheduleRun.objects.select_for_update().select_related("mission").get(pk=run_id)
        )
        if run.status != ScheduleRun.Status.RUNNING:
            # Closed meanwhile: declared dead after a long silence, or cancelled before
            # it started. Its result is too late to replace anything.
            return run
        run.solution = solution
        run.summary = summary
        run.finished = timezone.now()
        if run.cancel_requested:
            run.status = ScheduleRun.Status.CANCELLED
            run.error_code = "cancelled"
            run.save()
            return run
        mission = run.mission
        drafts = ScheduledMeeting.objects.for_mission(mission).filter(state=State.DRAFT)
        locked = set(drafts.filter(locked=True).values_list("request_id", flat=True))
        drafts.delete()
        ScheduledMeeting.objects.bulk_create(
            ScheduledMeeting(
                mission=mission,
                run=run,
                request_id=p.request_id,
                slot_id=p.slot_id,
                table_id=p.table_id,
                state=State.DRAFT,
                locked=p.request_id in locked,
            )
            for p in placements
        )
        run.status = ScheduleRun.Status.SUCCEEDED
        run.save()
        log_activity(
            run,
            action="schedules.draft_replaced",
            actor=None,
            mission=mission,
            data={"placed": len(placements)},
        )
    return run


def fail_run(
    run_id: int,
    *,
    code: str,
    detail: str = "",
    summary: dict[str, Any] | None = None,
    stale_before: dt.datetime | None = None,
) -> int:
    """Close a run that produced no schedule; the draft stays as it was. Returns 1 when
    the run was still active (and is now closed), else 0.

    ``code`` is shown to organizers as a translated sentence; ``detail`` is technical.
    With ``stale_before``, only a run whose heartbeat is older is closed: a worker
    that wrote one meanwhile keeps its run.
    """
    active = ScheduleRun.objects.filter(pk=run_id, status__in=ScheduleRun.ACTIVE)
    if stale_before is not None:
        active = active.filter(
            Q(progress_updated__lt=stale_before)
            | Q(progress_updated__isnull=True, started__lt=stale_before)
        )
    with transaction.atomic():
        closed: int = active.update(
            status=ScheduleRun.Status.CANCELLED
            if code == "cancelled"
            else ScheduleRun.Status.FAILED,
            error_code=code,
            error_message=detail[:2000],
            summary=summary or {},
            finished=timezone.now(),
        )
    return closed


def expire_stale_runs(mission: Mission) -> int:
    """Mark as failed the running runs whose worker went away without a word (killed,
    machine restarted): their heartbeat has been silent for ``stale_after()``.

    Called by the console, before a new run starts, before publishing and when a
    worker picks up a run, so a dead run never blocks the mission. The draft is not
    touched."""
    now = timezone.now()
    limit = stale_after()
    expired = 0
    running = ScheduleRun.objects.for_mission(mission).filter(status=ScheduleRun.Status.RUNNING)
    for run in running:  # a queued run is waiting for a worker: not a failure
        last = run.progress_updated or run.started or run.created
        if now - last > limit:
            detail = (
                f"No heartbeat from the worker since {last.isoformat(timespec='seconds')} "
                f"(more than {int(limit.total_seconds())} s): it was stopped or killed."
            )
            expired += fail_run(run.pk, code="interrupted", detail=detail, stale_before=now - limit)
    return expired


def set_meeting_lock(meeting: ScheduledMeeting, *, locked: bool, by: User) -> ScheduledMeeting:
    """Lock a draft meeting to its slot for later runs, or release it."""
    if meeting.state != State.DRAFT:
        raise DomainError(_("Only meetings of the draft can be locked."))
    with transaction.atomic():
        Mission.objects.select_for_update().get(pk=meeting.mission_id)
        fresh = (
            ScheduledMeeting.objects.select_for_update(of=("self",))
            .select_related("mission")
            .filter(pk=meeting.pk, state=State.DRAFT)
            .first()
        )
        if fresh is None:  # a run replaced the draft meanwhile
            raise DomainError(_("The draft has changed meanwhile. Reload the page and try again."))
        meeting = fresh
        meeting.locked = locked
        meeting.save(update_fields=["locked", "updated"])
        log_activity(
            meeting,
            action="schedules.meeting_locked" if locked else "schedules.meeting_unlocked",
            actor=by,
            mission=meeting.mission,
        )
    return meeting


def publish_schedule(mission: Mission, *, by: User, notify: bool = True) -> Publication:
    """Make the draft the published schedule and notify only the participants whose
    meetings were added, moved or cancelled, each in their own language: the e-mails
    are recorded with the publication and sent by a worker once it commits
    (``jisr.schedules.notices``); ``notify=False`` records none (sample data).

    Published meetings keep their uuid; a moved or cancelled one bumps its sequence.
    Raises ``DomainError`` when nothing changed or a run is still active, and when the
    database fails midway: then nothing of the publication is kept, and the previous
    published schedule and the draft stay exactly as they were.
    """
    expire_stale_runs(mission)
    try:
        return _publish(mission, by=by, notify=notify)
    except DatabaseError as error:
        logger.exception("Publishing the schedule of mission %s failed", mission.pk)
        raise DomainError(
            _(
                "The schedule could not be published: the database refused a write. "
                "Nothing was changed; the published schedule and the draft are as they "
                "were. Try again, or tell your administrator if it happens again."
            )
        ) from error


def _publish(mission: Mission, *, by: User, notify: bool) -> Publication:
    with transaction.atomic():
        Mission.objects.select_for_update().get(pk=mission.pk)
        if ScheduleRun.objects.for_mission(mission).filter(status__in=ScheduleRun.ACTIVE).exists():
            raise DomainError(_("Wait for the current run to finish before publishing."))
        changes = schedule_changes(mission)
        first = not Publication.objects.for_mission(mission).exists()
        if not changes and not first:
            raise DomainError(_("The draft is the same as the published schedule."))
        if (
            first
            and not ScheduledMeeting.objects.for_mission(mission).filter(state=State.DRAFT).exists()
        ):
            raise DomainError(_("There is no draft to publish. Run the scheduler first."))
        frozen = notices.freeze_changes(changes) if notify else {}
        _apply_changes(mission, changes)
        version = (
            Publication.objects.for_mission(mission).aggregate(v=Max("version"))["v"] or 0
        ) + 1
        latest_run = (
            ScheduleRun.objects.for_mission(mission)
            .filter(status=ScheduleRun.Status.SUCCEEDED)
            .first()
        )
        publication: Publication = Publication.objects.create(
            mission=mission,
            version=version,
            run=latest_run,
            published_by=by if getattr(by, "is_authenticated", False) else None,
            changes={
                "added": sum(c.kind == "added" for c in changes),
                "moved": sum(c.kind == "moved" for c in changes),
                "cancelled": sum(c.kind == "cancelled" for c in changes),
                "notified": len(frozen),
            },
        )
        notices.record_notices(publication, frozen, first=first)
        log_activity(
            publication,
            action="schedules.published",
            actor=by,
            mission=mission,
            data=publication.changes,
        )
        schedule_published.send(sender=Publication, mission=mission, publication=publication)
    return publication


def _apply_changes(mission: Mission, changes: list[ScheduleChange]) -> None:
    # Cancellations first, and the tables of moving meetings freed before any of them
    # lands, so that two meetings swapping tables never meet the one-per-table rule.
    ordered = sorted(changes, key=lambda change: change.kind != "cancelled")
    moving = [
        change.published.pk
        for change in changes
        if change.kind != "cancelled" and change.published is not None
    ]
    ScheduledMeeting.objects.filter(pk__in=moving).update(table=None)
    for change in ordered:
        draft, published = change.draft, change.published
        if change.kind == "added":
            assert draft is not None
            if published is not None:  # a cancelled meeting comes back: same uuid
                published.slot_id, published.table_id = draft.slot_id, draft.table_id
                published.state = State.PUBLISHED
                published.sequence += 1
                published.run_id = draft.run_id
                published.save()
            else:
                ScheduledMeeting.objects.create(
                    mission=mission,
                    run_id=draft.run_id,
                    request_id=draft.request_id,
                    slot_id=draft.slot_id,
                    table_id=draft.table_id,
                    state=State.PUBLISHED,
                )
        elif change.kind == "moved":
            assert draft is not None and published is not None
            published.slot_id, published.table_id = draft.slot_id, draft.table_id
            published.sequence += 1
            published.run_id = draft.run_id
            published.save()
        else:
            assert published is not None
            published.state = State.CANCELLED
            published.sequence += 1
            published.save()


def discard_draft_changes(mission: Mission, *, by: User) -> int:
    """Reset the draft to the published schedule (e.g. to reject a reschedule proposal)."""
    with transaction.atomic():
        Mission.objects.select_for_update().get(pk=mission.pk)
        if not Publication.objects.for_mission(mission).exists():
            raise DomainError(_("Nothing is published yet; there is nothing to go back to."))
        drafts = ScheduledMeeting.objects.for_mission(mission).filter(state=State.DRAFT)
        locked = set(drafts.filter(locked=True).values_list("request_id", flat=True))
        drafts.delete()
        published = ScheduledMeeting.objects.for_mission(mission).filter(state=State.PUBLISHED)
        created = ScheduledMeeting.objects.bulk_create(
            ScheduledMeeting(
                mission=mission,
                run_id=p.run_id,
                request_id=p.request_id,
                slot_id=p.slot_id,
                table_id=p.table_id,
                state=State.DRAFT,
                locked=p.request_id in locked,
            )
            for p in published
        )
        log_activity(mission, action="schedules.draft_reset", actor=by, mission=mission)
    return len(created)
