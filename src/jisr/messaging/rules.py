"""Who may read, write, report and moderate messages. The services enforce these."""

from __future__ import annotations

from jisr.directory.models import Person
from jisr.meetings import rules as meeting_rules
from jisr.meetings.models import MeetingRequest
from jisr.messaging.models import Message, MessagingSettings
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission


def can_read(request: MeetingRequest, person: Person | None) -> bool:
    """The two people of the request read its thread, whatever its state."""
    return meeting_rules.is_party(request, person)


def can_write(request: MeetingRequest, person: Person | None, settings: MessagingSettings) -> bool:
    """While messaging is on, the mission open and the request pending or accepted."""
    return (
        settings.enabled
        and request.mission.status == Mission.Status.OPEN
        and request.is_open
        and can_read(request, person)
    )


def can_report(message: Message, person: Person | None) -> bool:
    """The recipient reports a message once."""
    return person is not None and message.recipient_id == person.pk and message.reported_at is None


def can_moderate(user: mission_rules.User, mission: Mission) -> bool:
    return mission_rules.is_organizer(user, mission)
