"""Quality figures of the draft on a small hand-made schedule."""

import pytest

from jisr.schedules.models import ScheduleRun
from jisr.schedules.queries import schedule_preview
from tests.factories_schedules import accept, scheduled, small_mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = small_mission(n_slots=4, n_tables=2, n_buyers=2, n_providers=3)
    b0, b1 = world.buyers
    p0, p1, p2 = world.providers
    s, t = world.slots, world.tables
    world.r1 = accept(b0, p0)
    world.r2 = accept(b0, p1)
    world.r3 = accept(b1, p1)
    world.r4 = accept(b1, p2)
    scheduled(world.r1, s[0], t[0])
    scheduled(world.r2, s[2], t[0])  # b0 and p1 wait in slot 1: one break each
    scheduled(world.r3, s[0], t[1])
    return world


def test_preview_counts_placed_breaks_and_fairness(world):
    preview = schedule_preview(world.mission)

    assert (preview.requested, preview.placed) == (4, 3)
    assert preview.total_breaks == 2
    assert (preview.min_breaks, preview.max_breaks, preview.fairness_spread) == (0, 1, 1)
    assert preview.violations == []


def test_preview_load_per_participant(world):
    preview = schedule_preview(world.mission)

    loads = {load.person.pk: (load.meetings, load.breaks) for load in preview.loads}
    b0, b1 = world.buyers
    p0, p1, p2 = world.providers
    assert loads == {
        b0.pk: (2, 1),
        p1.pk: (2, 1),
        b1.pk: (1, 0),
        p0.pk: (1, 0),
        p2.pk: (0, 0),
    }
    assert preview.loads[-1].person == p2  # the busiest first, idle people last


def test_preview_unscheduled_reason_comes_from_the_run(world):
    ScheduleRun.objects.create(
        mission=world.mission,
        status="succeeded",
        mapping={"meetings": [world.r1.pk, world.r2.pk, world.r3.pk, world.r4.pk]},
        summary={"unscheduled": {str(world.r4.pk): {"code": "no_table", "detail": "..."}}},
    )

    preview = schedule_preview(world.mission)

    assert [(u.request, u.reason) for u in preview.unscheduled] == [(world.r4, "no_table")]


def test_preview_request_accepted_after_the_run_says_so(world):
    preview = schedule_preview(world.mission)

    assert [(u.request, u.reason) for u in preview.unscheduled] == [(world.r4, "not_in_run")]


def test_preview_reports_broken_rules_when_grid_changed(world):
    # b1 meets twice in slot 1, once without a table (two meetings cannot share one:
    # the database refuses it)
    scheduled(world.r4, world.slots[0], None)

    preview = schedule_preview(world.mission)

    assert "tables" in preview.violations
    assert "one_meeting_per_participant_slot" in preview.violations
