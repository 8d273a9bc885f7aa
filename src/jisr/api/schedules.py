"""The published schedule of a mission: every published meeting for its organizers,
one's own for a participant. Read through jisr.schedules.queries, as the web does."""

import datetime as dt
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jisr.api.errors import responses
from jisr.api.pagination import PageNumbers
from jisr.api.schemas import DateTime, PersonRef, Slug
from jisr.core.errors import PermissionDenied
from jisr.missions.queries import access_mission, person_for
from jisr.schedules import rules
from jisr.schedules.models import ScheduledMeeting
from jisr.schedules.queries import published_meetings, published_meetings_for

router = Router(tags=["schedule"])


class ScheduleVenueOut(Schema):
    id: int
    name: str
    city: str
    timezone: str


def _local(moment: dt.datetime, zone: str) -> dt.datetime:
    return moment.astimezone(ZoneInfo(zone))


class ScheduledMeetingOut(Schema):
    uuid: UUID = Field(description="Stable across changes (an iCalendar UID).")
    sequence: int = Field(description="Bumped on every change (an iCalendar SEQUENCE).")
    state: str = Field(description="published.")
    start: DateTime = Field(description="In the venue's time zone, with the offset.")
    end: DateTime
    venue: ScheduleVenueOut
    table: str | None = Field(description="The table's label, or null when not seated.")
    online: bool = Field(description="A video call: no table, the venue only gives the time.")
    request: int = Field(description="The id of the accepted meeting request.")
    requester: PersonRef
    recipient: PersonRef

    @staticmethod
    def resolve_start(meeting: Any) -> dt.datetime:
        return _local(meeting.slot.start, meeting.slot.day.venue.timezone)

    @staticmethod
    def resolve_end(meeting: Any) -> dt.datetime:
        return _local(meeting.slot.end, meeting.slot.day.venue.timezone)

    @staticmethod
    def resolve_venue(meeting: Any) -> Any:
        return meeting.slot.day.venue

    @staticmethod
    def resolve_table(meeting: Any) -> str | None:
        return meeting.table.label if meeting.table else None

    @staticmethod
    def resolve_online(meeting: Any) -> bool:
        return bool(meeting.request.online)

    @staticmethod
    def resolve_request(meeting: Any) -> int:
        return meeting.request_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_requester(meeting: Any) -> Any:
        return meeting.request.requester

    @staticmethod
    def resolve_recipient(meeting: Any) -> Any:
        return meeting.request.recipient


@router.get(
    "/missions/{slug}/schedule",
    response={200: list[ScheduledMeetingOut], **responses(401, 403, 404, 422)},
    summary="The published schedule",
    description="Organizers get every published meeting of the mission, participants "
    "their own; in time order, then by table. Empty until a schedule is published; "
    "drafts are never shown.",
)
@paginate(PageNumbers)
def get_schedule(request: HttpRequest, slug: Slug) -> QuerySet[ScheduledMeeting]:
    mission = access_mission(request.user, slug)
    if rules.can_schedule(request.user, mission):
        return published_meetings(mission)
    person = person_for(request.user, mission)
    if person is None:
        raise PermissionDenied(_("This page is for the participants of this mission."))
    return published_meetings_for(person)
