"""Template tags of the meetings area, for pages other areas own (the profile page)."""

from __future__ import annotations

from typing import Any

from django import template

from jisr.directory.models import Organization, Person
from jisr.meetings import rules
from jisr.meetings.models import MeetingRequest
from jisr.meetings.queries import RequestOption, request_options
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission
from jisr.missions.queries import person_for

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_options(context: template.Context, organization: Organization) -> list[RequestOption]:
    """The people of ``organization`` the signed-in viewer may ask for a meeting.

    Empty for visitors, organizers without a participation, colleagues, and when the
    mission's rules do not allow the pair; uses a fixed number of queries.
    """
    request = context.get("request")
    mission: Mission | None = context.get("mission")
    if request is None or mission is None or organization.mission_id != mission.pk:
        return []
    viewer = person_for(request.user, mission)
    return request_options(viewer, mission, list(organization.people.all()))


@register.simple_tag(takes_context=True)
def organizes(context: template.Context, mission: Mission) -> bool:
    request = context.get("request")
    return request is not None and mission_rules.is_organizer(request.user, mission)


@register.simple_tag
def meeting_actions(meeting: MeetingRequest, person: Person) -> dict[str, Any]:
    """What ``person`` may do with ``meeting``; the services check again on submit."""
    return {
        "outgoing": meeting.requester_id == person.pk,
        "counterpart": meeting.counterpart(person.pk),
        "accept": rules.may_act(meeting, "accept", person),
        "decline": rules.may_act(meeting, "decline", person),
        "cancel": rules.may_act(meeting, "cancel", person),
    }
