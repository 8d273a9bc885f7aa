"""Faults injected at true boundaries: a worker process killed with SIGKILL in the
middle of a run, and the database refusing a write during publication or while a run
stores its result. Each leaves the last draft and the last published schedule exactly
as they were, the run closed with a message, and the next run or publication works.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings

from jisr.core.errors import DomainError
from jisr.engine.scheduling.formats.instance_json import instance_to_json
from jisr.meetings.models import MeetingRequest
from jisr.schedules import services
from jisr.schedules.adapter import build_instance
from jisr.schedules.models import Publication, ScheduledMeeting, ScheduleRun
from jisr.web.schedule_texts import run_error
from tests.factories_schedules import accept, small_mission
from tests.reliability.conftest import FIGURES, postgres_worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JISR = str(Path(sys.executable).with_name("jisr"))


def snapshot(mission, state):
    """Every column that matters of every meeting of one version."""
    return sorted(
        ScheduledMeeting.objects.filter(mission=mission, state=state).values_list(
            "id", "request_id", "slot_id", "table_id", "state", "locked", "uuid", "sequence"
        )
    )


def both_versions(mission):
    return snapshot(mission, "draft"), snapshot(mission, "published")


def scheduled_and_published(world, organizer):
    run = services.start_schedule_run(world.mission, by=organizer, parameters={"time_limit": 5})
    assert ScheduleRun.objects.get(pk=run.pk).status == ScheduleRun.Status.SUCCEEDED
    services.publish_schedule(world.mission, by=organizer)
    # the draft moves on from what is published: one meeting goes to a free place
    meeting = ScheduledMeeting.objects.filter(mission=world.mission, state="draft").first()
    taken = set(
        ScheduledMeeting.objects.filter(mission=world.mission, state="draft").values_list(
            "slot_id", "table_id"
        )
    )
    free = next(
        (s.pk, t.pk) for s in world.slots for t in world.tables if (s.pk, t.pk) not in taken
    )
    ScheduledMeeting.objects.filter(pk=meeting.pk).update(slot_id=free[0], table_id=free[1])


@contextmanager
def database_refuses_inserts_into(table: str):
    """A trigger makes the database itself refuse the write, as a full disk or a lost
    connection would, whatever Python code does the insert."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION jisr_injected_fault() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'injected fault: could not extend file'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER jisr_injected_fault BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION jisr_injected_fault()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER jisr_injected_fault BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'injected fault: disk I/O error'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER jisr_injected_fault ON {table}")
                cursor.execute("DROP FUNCTION jisr_injected_fault()")
            else:
                cursor.execute("DROP TRIGGER jisr_injected_fault")


@pytest.fixture
def world(db):
    world = small_mission(n_slots=4, n_tables=2, n_buyers=2, n_providers=3)
    for buyer in world.buyers:
        for provider in world.providers:
            accept(buyer, provider)
    return world


def test_database_error_during_publish_keeps_both_versions(world, organizer):
    scheduled_and_published(world, organizer)
    before = both_versions(world.mission)
    mail.outbox.clear()

    with (
        database_refuses_inserts_into("schedules_publication"),
        pytest.raises(DomainError, match="could not be published"),
    ):
        services.publish_schedule(world.mission, by=organizer)

    FIGURES.append(
        "fault: database error during publish, data lost: "
        f"{0 if both_versions(world.mission) == before else 'some'} rows"
    )
    assert both_versions(world.mission) == before
    assert Publication.objects.filter(mission=world.mission).count() == 1
    assert mail.outbox == []  # nobody is told of a schedule that was not published
    publication = services.publish_schedule(world.mission, by=organizer)
    assert publication.version == 2
    assert publication.changes["moved"] == 1
    assert snapshot(world.mission, "published") != before[1]


def test_database_error_while_storing_a_run_keeps_the_draft(world, organizer):
    scheduled_and_published(world, organizer)
    before = both_versions(world.mission)

    with database_refuses_inserts_into("schedules_scheduledmeeting"):
        run = services.start_schedule_run(world.mission, by=organizer, parameters={"time_limit": 5})

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.FAILED
    assert run.error_code == "crashed"
    assert "injected fault" in run.error_message
    assert run_error(run.error_code)
    assert both_versions(world.mission) == before
    FIGURES.append(
        "fault: database error while storing a run, data lost: 0 rows"
        if both_versions(world.mission) == before
        else "fault: data lost"
    )
    again = services.start_schedule_run(world.mission, by=organizer, parameters={"time_limit": 5})
    again.refresh_from_db()
    assert again.status == ScheduleRun.Status.SUCCEEDED


def busy_world():
    """Big enough that the engine is still searching when the worker is killed."""
    world = small_mission(n_slots=16, n_tables=12, n_buyers=12, n_providers=12)
    MeetingRequest.objects.bulk_create(
        MeetingRequest(
            mission=world.mission,
            requester=b,
            recipient=p,
            status=MeetingRequest.Status.ACCEPTED,
            message="Let us meet",
        )
        for b in world.buyers
        for p in world.providers
    )
    return world


def worker(*args: str, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """A real ``jisr db_worker`` process on the test database."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jisr.settings",
        "JISR_DEBUG": "1",
        "JISR_DATABASE_URL": f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "JISR_SCHEDULE_RUN_STALE_SECONDS": "2",
        "JISR_LOG_LEVEL": "WARNING",
        **(env or {}),
    }
    with log.open("ab") as out:  # the child keeps its own descriptor
        return subprocess.Popen(
            [JISR, "db_worker", "--no-startup-delay", "--interval", "0.2", "--no-reload", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@postgres_worker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_during_a_run_leaves_both_versions_and_next_run_works(organizer, tmp_path):
    world = busy_world()
    services.start_schedule_run(world.mission, by=organizer, parameters={"time_limit": 10})
    services.publish_schedule(world.mission, by=organizer)
    before = both_versions(world.mission)
    log = tmp_path / "worker.log"

    with override_settings(TASKS=DATABASE_TASKS, SCHEDULE_RUN_STALE_SECONDS=2):
        run = services.start_schedule_run(
            world.mission, by=organizer, parameters={"time_limit": 60, "workers": 1}
        )
        process = worker(log=log)
        try:
            wait_for(
                lambda: ScheduleRun.objects.filter(
                    pk=run.pk, status="running", progress_updated__isnull=False
                ).exists(),
                seconds=60,
                what=f"the worker to start solving ({log.read_text(errors='replace')})",
            )
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        finally:
            if process.poll() is None:
                process.kill()
        assert process.returncode == -signal.SIGKILL
        run.refresh_from_db()
        assert run.status == ScheduleRun.Status.RUNNING  # killed mid-search, said nothing
        assert both_versions(world.mission) == before

        time.sleep(2.5)  # the heartbeat falls silent
        assert services.expire_stale_runs(world.mission) == 1
        run.refresh_from_db()
        assert run.status == ScheduleRun.Status.FAILED
        assert run.error_code == "interrupted"
        assert "No heartbeat from the worker" in run.error_message
        assert both_versions(world.mission) == before
        FIGURES.append(
            "fault: db_worker killed with SIGKILL during a run, data lost: 0 rows "
            f"({len(before[0])} draft and {len(before[1])} published meetings kept)"
        )

        # the next run, in a fresh worker, works
        following = services.start_schedule_run(
            world.mission, by=organizer, parameters={"time_limit": 3, "workers": 1}
        )
        batch = worker("--batch", log=log)
        assert batch.wait(120) == 0, log.read_text(errors="replace")

    following.refresh_from_db()
    assert following.status == ScheduleRun.Status.SUCCEEDED, following.error_message
    assert snapshot(world.mission, "published") == before[1]
    assert len(snapshot(world.mission, "draft")) == following.summary["placed"] > 0


@postgres_worker
@pytest.mark.django_db(transaction=True)
def test_run_of_a_killed_worker_is_solved_again_by_the_next_worker(organizer, tmp_path):
    """The queue hands the killed worker's task to another worker (its heartbeat fell
    silent), which solves the run again from its stored instance: the organizer sees
    it succeed without starting anything, and the draft changes only then."""
    world = busy_world()
    services.start_schedule_run(world.mission, by=organizer, parameters={"time_limit": 5})
    services.publish_schedule(world.mission, by=organizer)
    before = both_versions(world.mission)
    log = tmp_path / "worker.log"
    # The worker's silence is noticed quickly; the run's own stale check stays far away.
    quick = {
        "JISR_WORKER_HEARTBEAT": "0.5",
        "JISR_WORKER_STALE_AFTER": "2",
        "JISR_SCHEDULE_RUN_STALE_SECONDS": "120",
    }

    with override_settings(TASKS=DATABASE_TASKS, SCHEDULE_RUN_STALE_SECONDS=120):
        run = services.start_schedule_run(
            world.mission, by=organizer, parameters={"time_limit": 6, "workers": 1}
        )
        first = worker("--worker-id", "first", log=log, env=quick)
        try:
            wait_for(
                lambda: ScheduleRun.objects.filter(
                    pk=run.pk, status="running", progress_updated__isnull=False
                ).exists(),
                seconds=60,
                what=f"the first worker to start solving ({log.read_text(errors='replace')})",
            )
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        finally:
            if first.poll() is None:
                first.kill()
        assert both_versions(world.mission) == before

        second = worker("--worker-id", "second", log=log, env=quick)
        try:
            wait_for(
                lambda: (
                    ScheduleRun.objects.filter(pk=run.pk)
                    .exclude(status__in=ScheduleRun.ACTIVE)
                    .exists()
                ),
                seconds=120,
                what=f"the second worker to finish the run ({log.read_text(errors='replace')})",
            )
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(30)

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.SUCCEEDED, (run.error_code, run.error_message)
    assert len(snapshot(world.mission, "draft")) == run.summary["placed"] > 0
    assert snapshot(world.mission, "published") == before[1]
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.get(pk=run.task_result_id)
    assert (task.status, task.worker_ids) == ("SUCCESSFUL", ["first", "second"])
    from jisr.core.models import ActivityLogEntry

    assert ActivityLogEntry.objects.filter(action="schedules.run_restarted").count() == 1
    assert "solving it again from the start" in log.read_text(errors="replace")
    FIGURES.append(
        "fault: db_worker killed with SIGKILL during a run: the run was solved again by "
        f"the next worker ({run.summary['placed']} meetings placed)"
    )


@postgres_worker
@pytest.mark.django_db(transaction=True)
def test_next_worker_closes_a_run_whose_worker_died(organizer, tmp_path):
    """No page is open: the worker that picks up the next run notices the dead one."""
    world = small_mission(n_slots=4, n_tables=2, n_buyers=2, n_providers=3)
    accept(world.buyers[0], world.providers[0])
    dead = ScheduleRun.objects.create(
        mission=world.mission, status="running", mapping={"current": []}
    )
    ScheduleRun.objects.filter(pk=dead.pk).update(
        started=dead.created, progress_updated=dead.created
    )
    log = tmp_path / "worker.log"
    time.sleep(2.5)
    with override_settings(TASKS=DATABASE_TASKS):
        from jisr.schedules.tasks import run_schedule

        built = build_instance(world.mission)
        queued = ScheduleRun.objects.create(
            mission=world.mission,
            instance=instance_to_json(built.instance),
            mapping={**built.mapping, "current": []},
            parameters={"time_limit": 3, "workers": 1},
        )
        run_schedule.enqueue(queued.pk)
        assert worker("--batch", log=log).wait(120) == 0, log.read_text(errors="replace")

    dead.refresh_from_db()
    queued.refresh_from_db()
    assert dead.status == ScheduleRun.Status.FAILED
    assert dead.error_code == "interrupted"
    assert queued.status == ScheduleRun.Status.SUCCEEDED
