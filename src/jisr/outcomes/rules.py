"""Who may see an agenda, confirm a meeting, give feedback, see and move a partnership,
and edit or publish a success story. Views and services ask these only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from jisr.directory.models import Organization, Person
from jisr.missions.models import Mission
from jisr.missions.rules import User, is_organizer
from jisr.outcomes.models import (
    Attendance,
    Relationship,
    StageChange,
    StoryConsent,
    SuccessStory,
)
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


# --------------------------------------------------------------------------- feedback


def can_give_feedback(
    meeting: ScheduledMeeting,
    person: Person | None,
    attendance: Attendance | None,
    now: dt.datetime,
) -> bool:
    """After the start, a participant who confirmed that the meeting took place."""
    return can_confirm_attendance(meeting, person, now) and (
        attendance is not None and attendance.held
    )


# --------------------------------------------------------------------------- pipeline


def has_partnerships(person: Person) -> bool:
    """Partnerships are between buyers and providers; advisors and organizers have none."""
    return person.organization.kind in (Organization.Kind.BUYER, Organization.Kind.PROVIDER)


def side_of(relationship: Relationship, person: Person | None) -> str:
    """ "buyer" or "provider" when ``person`` belongs to one of the two organizations."""
    if person is None or person.mission_id != relationship.mission_id:
        return ""
    return relationship.side_of(person.organization_id)


def can_see_relationship(user: User, relationship: Relationship, person: Person | None) -> bool:
    """Both organizations' people, and the mission's organizers."""
    return bool(side_of(relationship, person)) or is_organizer(user, relationship.mission)


def can_answer(change: StageChange, person: Person | None) -> bool:
    """Only the other side answers a pending proposal."""
    return (
        change.pending
        and person is not None
        and bool(side_of(change.relationship, person))
        and change.proposed_by_organization_id != person.organization_id
    )


# --------------------------------------------------------------------------- stories


def is_published(story: SuccessStory, consents: Iterable[StoryConsent]) -> bool:
    """Both organizations consent (and have not withdrawn) and an organizer approved."""
    relationship = story.relationship
    consenting = {c.organization_id for c in consents if c.active and c.story_id == story.pk}
    return (
        story.approved_at is not None
        and {
            relationship.buyer_id,
            relationship.provider_id,
        }
        <= consenting
    )


def can_edit_story(story: SuccessStory, person: Person | None) -> bool:
    return bool(side_of(story.relationship, person))
