import datetime as dt

import pytest

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.models import ActivityLogEntry
from jisr.outcomes.models import Attendance, CalendarFeed
from jisr.outcomes.services import confirm_attendance, reset_calendar_feed, revoke_calendar_feed
from tests.outcomes.world import cancel, local

AFTER_START = local(10, 5)


def test_confirm_attendance_records_held_by_whom_and_when(world):
    attendance = confirm_attendance(world.meeting, by=world.buyer, held=True, now=AFTER_START)

    stored = Attendance.objects.get(pk=attendance.pk)
    assert (stored.meeting_id, stored.person_id) == (world.meeting.pk, world.buyer.pk)
    assert stored.outcome == Attendance.Outcome.HELD
    assert stored.recorded_by_id == world.buyer.user_id
    assert stored.recorded_at == AFTER_START
    assert stored.mission_id == world.mission.pk
    entry = ActivityLogEntry.objects.get(action="outcomes.attendance_confirmed")
    assert entry.actor_id == world.buyer.user_id
    assert entry.data == {
        "meeting": str(world.meeting.uuid),
        "person": world.buyer.pk,
        "outcome": "held",
    }


def test_confirm_attendance_both_sides_are_recorded_separately(world):
    confirm_attendance(world.meeting, by=world.buyer, held=True, now=AFTER_START)
    confirm_attendance(world.meeting, by=world.provider, held=True, now=AFTER_START)

    answers = dict(
        Attendance.objects.filter(meeting=world.meeting).values_list("person_id", "outcome")
    )
    assert answers == {world.buyer.pk: "held", world.provider.pk: "held"}


def test_confirm_attendance_records_a_no_show(world):
    confirm_attendance(world.meeting, by=world.provider, held=False, now=local(10, 40))

    attendance = Attendance.objects.get(meeting=world.meeting)
    assert attendance.outcome == Attendance.Outcome.NO_SHOW
    assert attendance.person_id == world.provider.pk
    assert not attendance.held


def test_confirm_attendance_again_corrects_the_same_answer(world):
    confirm_attendance(world.meeting, by=world.buyer, held=False, now=AFTER_START)
    confirm_attendance(world.meeting, by=world.buyer, held=True, now=local(10, 20))

    attendance = Attendance.objects.get(meeting=world.meeting, person=world.buyer)
    assert (attendance.outcome, attendance.recorded_at) == ("held", local(10, 20))
    assert Attendance.objects.count() == 1
    actions = list(ActivityLogEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["outcomes.attendance_confirmed", "outcomes.attendance_changed"]


def test_confirm_attendance_before_start_is_refused(world):
    with pytest.raises(DomainError) as refused:
        confirm_attendance(world.meeting, by=world.buyer, held=True, now=local(9, 59))

    assert "start time" in str(refused.value.message)
    assert not Attendance.objects.exists()


def test_confirm_attendance_at_the_exact_start_is_allowed(world):
    attendance = confirm_attendance(world.meeting, by=world.buyer, held=True, now=local(10))

    assert attendance.outcome == "held"


def test_confirm_attendance_by_someone_else_of_the_mission_is_refused(world):
    with pytest.raises(PermissionDenied):
        confirm_attendance(world.meeting, by=world.colleague, held=False, now=AFTER_START)

    assert not Attendance.objects.exists()


def test_confirm_attendance_by_a_person_of_another_mission_is_refused(world, other_world):
    with pytest.raises(PermissionDenied):
        confirm_attendance(world.meeting, by=other_world.buyer, held=True, now=AFTER_START)

    assert not Attendance.objects.exists()


def test_confirm_attendance_of_a_cancelled_meeting_is_refused(world):
    cancel(world.meeting)

    with pytest.raises(DomainError) as refused:
        confirm_attendance(world.meeting, by=world.buyer, held=True, now=AFTER_START)

    assert "published schedule" in str(refused.value.message)
    assert not Attendance.objects.exists()


def test_reset_calendar_feed_replaces_the_token(world):
    first = reset_calendar_feed(world.buyer, by=world.buyer).token
    second = reset_calendar_feed(world.buyer, by=world.buyer).token

    assert first != second
    assert len(second) >= 40
    assert list(CalendarFeed.objects.values_list("token", flat=True)) == [second]


def test_reset_calendar_feed_for_someone_else_is_refused(world):
    with pytest.raises(PermissionDenied):
        reset_calendar_feed(world.buyer, by=world.provider)

    assert not CalendarFeed.objects.exists()


def test_revoke_calendar_feed_deletes_it_and_logs(world):
    reset_calendar_feed(world.buyer, by=world.buyer)

    assert revoke_calendar_feed(world.buyer, by=world.buyer) is True
    assert revoke_calendar_feed(world.buyer, by=world.buyer) is False
    assert not CalendarFeed.objects.exists()
    assert ActivityLogEntry.objects.filter(action="outcomes.feed_revoked").count() == 1


def test_attendance_opens_at_slot_start_in_utc(world):
    from jisr.outcomes.rules import attendance_opens_at

    assert attendance_opens_at(world.meeting) == dt.datetime(2027, 4, 12, 9, 0, tzinfo=dt.UTC)
