"""Who may do what with meeting requests. The services enforce these in one place."""

from __future__ import annotations

from jisr.directory.models import Person
from jisr.meetings.models import MeetingRequest
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission, Participation

# The state machine: which action moves a request from which state, and who may do it.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({MeetingRequest.Status.PENDING}), MeetingRequest.Status.ACCEPTED),
    "decline": (frozenset({MeetingRequest.Status.PENDING}), MeetingRequest.Status.DECLINED),
    "cancel": (
        frozenset({MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED}),
        MeetingRequest.Status.CANCELLED,
    ),
}


def can_transition(request: MeetingRequest, action: str) -> bool:
    sources, _target = TRANSITIONS[action]
    return request.status in sources


def may_act(request: MeetingRequest, action: str, person: Person | None) -> bool:
    """Accept and decline are the recipient's; the requester withdraws a pending request;
    either side cancels an accepted meeting."""
    if person is None or not can_transition(request, action):
        return False
    if action in ("accept", "decline"):
        return person.pk == request.recipient_id
    if request.status == MeetingRequest.Status.PENDING:
        return person.pk == request.requester_id
    return person.pk in (request.requester_id, request.recipient_id)


def is_party(request: MeetingRequest, person: Person | None) -> bool:
    return person is not None and person.pk in (request.requester_id, request.recipient_id)


def takes_part(person: Person, mission: Mission) -> bool:
    return (
        person.mission_id == mission.pk
        and Participation.objects.filter(mission=mission, person=person).exists()
    )


def can_manage_meetings(user: mission_rules.User, mission: Mission) -> bool:
    return mission_rules.is_organizer(user, mission)
