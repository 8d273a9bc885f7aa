"""Runs of the engine: success replaces the draft, anything else leaves it intact."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus

from jisr.core.errors import DomainError
from jisr.engine.scheduling.formats.instance_json import instance_from_json
from jisr.engine.scheduling.validate import evaluate
from jisr.missions.models import Table
from jisr.schedules import services
from jisr.schedules.adapter import build_instance, engine_schedule
from jisr.schedules.models import ScheduledMeeting, ScheduleRun
from jisr.schedules.tasks import run_schedule
from tests.factories import UserFactory
from tests.factories_schedules import accept, scheduled, small_mission

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def world():
    world = small_mission(n_slots=4, n_tables=2, n_buyers=2, n_providers=3)
    for buyer in world.buyers:
        for provider in world.providers:
            accept(buyer, provider)
    return world


def draft_rows(mission):
    return sorted(
        ScheduledMeeting.objects.filter(mission=mission, state="draft").values_list(
            "request_id", "slot_id", "table_id", "locked"
        )
    )


def test_run_success_replaces_draft_with_valid_schedule(world, organizer):
    run = services.start_schedule_run(world.mission, by=organizer, parameters={"time_limit": 5})

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.SUCCEEDED
    rows = draft_rows(world.mission)
    assert len(rows) == 6
    built = build_instance(world.mission)
    schedule = engine_schedule(built.mapping, [row[:3] for row in rows])
    assert evaluate(built.instance, schedule, fairness=None).ok
    assert run.summary["placed"] == 6
    assert run.solution["slots"] and None not in run.solution["slots"]


def test_run_stores_its_instance_and_writes_progress(world, organizer):
    run = services.start_schedule_run(world.mission, by=organizer)

    run.refresh_from_db()
    assert (
        instance_from_json(run.instance).meetings == build_instance(world.mission).instance.meetings
    )
    assert run.progress_updated is not None
    assert run.started is not None and run.finished is not None
    assert (
        run.objective
        == evaluate(
            instance_from_json(run.instance),
            engine_schedule(run.mapping, [r[:3] for r in draft_rows(world.mission)]),
            fairness=None,
        ).total_breaks
    )
    assert run.task_result_id


def test_run_that_raises_leaves_previous_draft_intact(world, organizer):
    services.start_schedule_run(world.mission, by=organizer)
    before = draft_rows(world.mission)
    run = ScheduleRun.objects.create(
        mission=world.mission,
        instance={"slots": "not a list"},
        mapping={"current": []},
    )

    run_schedule.call(run.pk)

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.FAILED
    assert run.error_code == "engine_rejected"
    assert "slots" in run.error_message
    assert draft_rows(world.mission) == before


def test_run_crashing_midway_leaves_previous_draft_intact(world, organizer):
    services.start_schedule_run(world.mission, by=organizer)
    before = draft_rows(world.mission)
    first = ScheduleRun.objects.filter(status="succeeded").get()
    broken_mapping = {**first.mapping, "slots": []}  # the grid vanished under the run
    run = ScheduleRun.objects.create(
        mission=world.mission, instance=first.instance, mapping=broken_mapping
    )

    run_schedule.call(run.pk)

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.FAILED
    assert run.error_code == "crashed"
    assert run.error_message.startswith("IndexError")
    assert draft_rows(world.mission) == before


def test_run_cancelled_while_running_keeps_previous_draft(world, organizer):
    services.start_schedule_run(world.mission, by=organizer)
    before = draft_rows(world.mission)
    first = ScheduleRun.objects.get()
    run = ScheduleRun.objects.create(
        mission=world.mission,
        instance=first.instance,
        mapping=first.mapping,
        cancel_requested=True,  # pressed once the worker had picked the run up
    )

    run_schedule.call(run.pk)

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.CANCELLED
    assert run.error_code == "cancelled"
    assert draft_rows(world.mission) == before


@pytest.mark.django_db(transaction=True)  # the worker closes its connection between tasks
def test_cancel_queued_run_in_database_worker_never_solves(world, organizer):
    with override_settings(TASKS=DATABASE_TASKS):
        run = services.start_schedule_run(world.mission, by=organizer)
        assert run.status == ScheduleRun.Status.QUEUED
        services.cancel_schedule_run(run, by=organizer)
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.CANCELLED
    assert run.error_code == "cancelled_before_start"
    assert draft_rows(world.mission) == []


@pytest.mark.django_db(transaction=True)
def test_run_in_database_worker_replaces_draft(world):
    organizer = UserFactory()
    with override_settings(TASKS=DATABASE_TASKS):
        run = services.start_schedule_run(world.mission, by=organizer)
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
        result = run_schedule.get_result(run.task_result_id)

    run.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert run.status == ScheduleRun.Status.SUCCEEDED
    assert len(draft_rows(world.mission)) == 6


def test_second_run_refused_while_one_is_active(world, organizer):
    with override_settings(TASKS=DATABASE_TASKS):
        services.start_schedule_run(world.mission, by=organizer)

        with pytest.raises(DomainError, match="already in progress"):
            services.start_schedule_run(world.mission, by=organizer)


def test_locked_meeting_is_fixed_in_next_run_and_stays_locked(world, organizer):
    services.start_schedule_run(world.mission, by=organizer)
    meeting = ScheduledMeeting.objects.filter(mission=world.mission).order_by("pk").first()
    target = world.slots[3]
    ScheduledMeeting.objects.filter(pk=meeting.pk).update(slot=target)
    meeting.refresh_from_db()
    services.set_meeting_lock(meeting, locked=True, by=organizer)

    run = services.start_schedule_run(world.mission, by=organizer)

    instance = instance_from_json(run.instance)
    index = run.mapping["meetings"].index(meeting.request_id)
    assert instance.meetings[index].fixed_slot == 3
    again = ScheduledMeeting.objects.get(request=meeting.request, state="draft")
    assert (again.slot_id, again.table_id) == (target.pk, meeting.table_id)
    assert again.locked is True


def test_stale_running_run_is_marked_interrupted(world, organizer):
    from datetime import timedelta

    from django.utils import timezone

    old = timezone.now() - timedelta(hours=1)
    run = ScheduleRun.objects.create(
        mission=world.mission, status="running", started=old, parameters={"time_limit": 10}
    )
    ScheduleRun.objects.filter(pk=run.pk).update(created=old)

    expired = services.expire_stale_runs(world.mission)

    run.refresh_from_db()
    assert expired == 1
    assert run.status == ScheduleRun.Status.FAILED
    assert run.error_code == "interrupted"


def test_greedy_run_places_every_meeting_that_fits(world, organizer):
    run = services.start_schedule_run(world.mission, by=organizer, kind="greedy")

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.SUCCEEDED
    assert run.summary["placed"] == 6


def test_unplaceable_meetings_get_reasons(organizer):
    world = small_mission(n_slots=1, n_tables=1, n_buyers=1, n_providers=2)
    first = accept(world.buyers[0], world.providers[0])
    second = accept(world.buyers[0], world.providers[1])

    run = services.start_schedule_run(world.mission, by=organizer)

    run.refresh_from_db()
    assert run.summary["placed"] == 1
    reasons = run.summary["unscheduled"]
    assert len(reasons) == 1
    placed = ScheduledMeeting.objects.get(mission=world.mission).request_id
    unplaced = next(iter(reasons))
    assert {int(unplaced), placed} == {first.pk, second.pk}
    assert reasons[unplaced]["code"] == "no_common_free_slot"


def test_run_on_unusable_grid_is_refused_and_draft_kept(world, organizer):
    request = world.mission.meeting_requests.first()
    scheduled(request, world.slots[0], None)
    Table.objects.filter(mission=world.mission).delete()
    before = draft_rows(world.mission)

    with pytest.raises(DomainError, match="Add tables to the venues"):
        services.start_schedule_run(world.mission, by=organizer)

    assert not ScheduleRun.objects.filter(mission=world.mission).exists()
    assert draft_rows(world.mission) == before


def test_locked_meeting_keeps_a_table_the_engine_would_not_pick(world, organizer):
    services.start_schedule_run(world.mission, by=organizer)
    meeting = ScheduledMeeting.objects.filter(mission=world.mission).order_by("pk").first()
    tables = list(Table.objects.filter(mission=world.mission).order_by("pk"))
    target = world.slots[3]
    others = ScheduledMeeting.objects.filter(mission=world.mission, slot=target)
    others.exclude(pk=meeting.pk).delete()  # the next run places them again
    ScheduledMeeting.objects.filter(pk=meeting.pk).update(slot=target, table=tables[-1])
    meeting.refresh_from_db()
    services.set_meeting_lock(meeting, locked=True, by=organizer)

    services.start_schedule_run(world.mission, by=organizer)

    again = ScheduledMeeting.objects.get(request=meeting.request, state="draft")
    assert (again.slot_id, again.table_id) == (target.pk, tables[-1].pk)
