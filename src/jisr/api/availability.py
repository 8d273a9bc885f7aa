"""The token user's availability in a mission: how they attend (remotely or not, the
time zone of their agenda) and the slots they are away. Every rule is in
jisr.meetings.services and jisr.directory.services, as for the web page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from jisr.api.errors import responses
from jisr.api.schemas import MAX_ID, DateTime, Slug
from jisr.core.errors import PermissionDenied
from jisr.directory.models import Person
from jisr.directory.services import set_attendance
from jisr.meetings import queries, services
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, person_for

router = Router(tags=["availability"])


class AvailabilitySlotOut(Schema):
    id: int
    start: DateTime = Field(description="In the person's time zone, or the venue's.")
    end: DateTime
    session: str = Field(description="morning or afternoon.")
    date: dt.date = Field(description="The meeting day, local to its venue.")
    venue: str = Field(description="The venue's city.")
    away: bool = Field(description="True when the person is away in this slot.")


class AvailabilityOut(Schema):
    attends_remotely: bool
    timezone: str = Field(description="The time zone of the agenda; empty: each venue's.")
    free_slots: int = Field(description="Distinct times the person is not away.")
    slots: list[AvailabilitySlotOut]


class AwayPeriod(Schema):
    date: dt.date
    session: Literal["morning", "afternoon", "day"]


class AvailabilityIn(Schema):
    away_slots: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list,
        max_length=2000,
        description="Ids of the slots in which you are away (from GET).",
    )
    away_periods: list[AwayPeriod] = Field(
        default_factory=list,
        max_length=200,
        description="Half-days or days you are away: every slot of them at any venue.",
    )


class AttendanceIn(Schema):
    attends_remotely: bool
    timezone: str = Field(
        "", max_length=64, pattern=r"^[A-Za-z0-9_+/-]*$", description="e.g. America/Toronto."
    )


def _participant(request: HttpRequest, mission: Mission) -> Person:
    person = person_for(request.user, mission)
    if person is None:
        raise PermissionDenied(_("This page is for the participants of this mission."))
    return person


def _availability(person: Person) -> AvailabilityOut:
    zone = ZoneInfo(person.timezone) if person.timezone else None
    slots = []
    times: dict[tuple[dt.datetime, dt.datetime], bool] = {}
    for day in queries.availability_of(person):
        for half in day.half_days:
            for slot, away in half.slots:
                local = zone or ZoneInfo(slot.day.venue.timezone)
                slots.append(
                    AvailabilitySlotOut(
                        id=slot.pk,
                        start=slot.start.astimezone(local),
                        end=slot.end.astimezone(local),
                        session=slot.block,
                        date=slot.day.date,
                        venue=slot.day.venue.city,
                        away=away,
                    )
                )
                key = (slot.start, slot.end)
                times[key] = times.get(key, False) or away
    return AvailabilityOut(
        attends_remotely=person.attends_remotely,
        timezone=person.timezone,
        free_slots=sum(not away for away in times.values()),
        slots=slots,
    )


@router.get(
    "/missions/{slug}/availability",
    response={200: AvailabilityOut, **responses(401, 403, 404, 422)},
    summary="Your availability",
    description="Every meeting slot of the mission with whether you are away, and how you attend.",
)
def get_availability(request: HttpRequest, slug: Slug) -> AvailabilityOut:
    mission = access_mission(request.user, slug)
    return _availability(_participant(request, mission))


@router.put(
    "/missions/{slug}/availability",
    response={200: AvailabilityOut, **responses(400, 401, 403, 404, 422)},
    summary="Set when you are away",
    description="Replaces the slots you are away with ``away_slots`` plus every slot of "
    "``away_periods``. Refused, with nothing changed, when you would keep no free slot or "
    "fewer free slots than your accepted meetings. Sending the same body twice gives the "
    "same result.",
)
def put_availability(request: HttpRequest, slug: Slug, payload: AvailabilityIn) -> AvailabilityOut:
    mission = access_mission(request.user, slug)
    person = _participant(request, mission)
    services.set_unavailability(
        person,
        by=request.user,
        slot_ids=payload.away_slots,
        periods=[(period.date, period.session) for period in payload.away_periods],
    )
    return _availability(person)


@router.put(
    "/missions/{slug}/attendance",
    response={200: AvailabilityOut, **responses(400, 401, 403, 404, 422)},
    summary="Say how you attend",
    description="Whether you attend remotely (online meetings may then be allowed) and "
    "the time zone your agenda uses; an empty time zone uses each venue's.",
)
def put_attendance(request: HttpRequest, slug: Slug, payload: AttendanceIn) -> AvailabilityOut:
    mission = access_mission(request.user, slug)
    person = _participant(request, mission)
    set_attendance(
        person,
        by=request.user,
        timezone_name=payload.timezone,
        attends_remotely=payload.attends_remotely,
    )
    return _availability(person)
