"""Who may see an agenda and confirm a meeting. Views and services ask these only."""

from __future__ import annotations

import datetime as dt

from jisr.directory.models import Person
from jisr.missions.models import Mission
from jisr.missions.rules import User, is_organizer
from jisr.schedules.models import ScheduledMeeting


def can_see_agenda_of(user: User, mission: Mission, person: Person) -> bool:
    """A participant sees their own agenda; the mission's organizers see everyone's."""
    if person.mission_id != mission.pk:
        return False
    if user.is_authenticated and person.user_id == user.pk:
        return True
    return is_organizer(user, mission)


def is_party(meeting: ScheduledMeeting, person: Person | None) -> bool:
    """Whether ``person`` is one of the two sides of the meeting."""
    if person is None or person.mission_id != meeting.mission_id:
        return False
    request = meeting.request
    return person.pk in (request.requester_id, request.recipient_id)


def attendance_opens_at(meeting: ScheduledMeeting) -> dt.datetime:
    """Attendance can be confirmed from the meeting's start, not before."""
    return meeting.slot.start


def can_confirm_attendance(
    meeting: ScheduledMeeting, person: Person | None, now: dt.datetime
) -> bool:
    return (
        meeting.state == ScheduledMeeting.State.PUBLISHED
        and is_party(meeting, person)
        and now >= attendance_opens_at(meeting)
    )
