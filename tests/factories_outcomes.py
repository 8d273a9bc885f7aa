"""Builders for outcomes: held meetings, feedback, relationships and stories, all
through the services, so tests start from states the product can actually reach."""

from __future__ import annotations

import datetime as dt

from jisr.directory.models import Organization, Person
from jisr.meetings.models import MeetingRequest
from jisr.outcomes import services
from jisr.outcomes.models import MeetingFeedback, Relationship, SuccessStory
from jisr.schedules.models import ScheduledMeeting
from tests.factories_meetings import participant


def after(meeting: ScheduledMeeting, minutes: int = 40) -> dt.datetime:
    return meeting.slot.start + dt.timedelta(minutes=minutes)


def hold(meeting: ScheduledMeeting, *people: Person) -> None:
    """Both sides (or the given ones) confirm that the meeting took place."""
    request = meeting.request
    for person in people or (request.requester, request.recipient):
        services.confirm_attendance(meeting, by=person, held=True, now=after(meeting))


def feedback(
    meeting: ScheduledMeeting,
    person: Person,
    interest: int = MeetingFeedback.Interest.INTERESTED,
    **fields: object,
) -> tuple[MeetingFeedback, Relationship | None]:
    fields.setdefault("next_step", MeetingFeedback.NextStep.CALL)
    return services.record_feedback(
        meeting, by=person, interest=interest, now=after(meeting), **fields
    )


def lead_after_meeting(meeting: ScheduledMeeting) -> Relationship:
    """Both sides confirm and say they are interested: a confirmed lead."""
    hold(meeting)
    feedback(meeting, meeting.request.requester)
    _fb, relationship = feedback(meeting, meeting.request.recipient)
    assert relationship is not None
    return relationship


def meeting_between(
    buyer: Person, provider: Person, slot: object, table: object = None
) -> ScheduledMeeting:
    request = MeetingRequest.objects.create(
        mission=buyer.mission,
        requester=buyer,
        recipient=provider,
        status=MeetingRequest.Status.ACCEPTED,
    )
    return ScheduledMeeting.objects.create(
        mission=buyer.mission,
        request=request,
        slot=slot,
        table=table,
        state=ScheduledMeeting.State.PUBLISHED,
    )


def provider_in(mission: object, **fields: object) -> Person:
    return participant(mission, Organization.Kind.PROVIDER, **fields)


def story(relationship: Relationship, by: Person, **fields: object) -> SuccessStory:
    fields.setdefault("language", "en")
    fields.setdefault("title", "From one meeting to a 12-person team")
    fields.setdefault(
        "text", "We met in Casablanca; six months later a team of twelve works for us."
    )
    return services.save_story(relationship, by=by, **fields)


def published(story_: SuccessStory, buyer: Person, provider: Person, organizer: object) -> None:
    services.give_consent(story_, by=buyer)
    services.give_consent(story_, by=provider)
    services.approve_story(story_, by=organizer, approved=True)
