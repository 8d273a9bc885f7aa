"""Builders for the meeting grid, accepted requests and schedules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import factory

from jisr.directory.models import Organization, Person
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import MeetingDay, Mission, Slot, Table, Venue
from jisr.schedules.models import ScheduledMeeting
from tests.factories import MissionFactory, OrganizationFactory, PersonFactory, VenueFactory


class MeetingDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingDay

    venue = factory.SubFactory(VenueFactory)
    mission = factory.SelfAttribute("venue.mission")
    date = dt.date(2027, 4, 12)


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    venue = factory.SubFactory(VenueFactory)
    mission = factory.SelfAttribute("venue.mission")
    label = factory.Sequence(lambda n: f"T{n + 1}")


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    requester = factory.SubFactory(
        PersonFactory, organization__kind=Organization.Kind.BUYER, organization__country="US"
    )
    mission = factory.SelfAttribute("requester.mission")
    recipient = factory.SubFactory(
        PersonFactory, organization__mission=factory.SelfAttribute("...mission")
    )
    status = MeetingRequest.Status.ACCEPTED


def add_slots(
    day: MeetingDay, times: list[str], *, minutes: int = 30, block: str = "morning"
) -> list[Slot]:
    """Slots of ``minutes`` starting at local ``HH:MM`` times of the day's venue."""
    zone = ZoneInfo(day.venue.timezone)
    slots = []
    for text in times:
        hour, minute = (int(part) for part in text.split(":"))
        start = dt.datetime.combine(day.date, dt.time(hour, minute), tzinfo=zone)
        slots.append(
            Slot.objects.create(
                mission=day.mission,
                day=day,
                block=block,
                start=start,
                end=start + dt.timedelta(minutes=minutes),
            )
        )
    return slots


@dataclass
class SmallMission:
    mission: Mission
    venue: Venue
    day: MeetingDay
    slots: list[Slot]
    tables: list[Table]
    buyers: list[Person]
    providers: list[Person]


def small_mission(
    *,
    n_slots: int = 4,
    n_tables: int = 2,
    n_buyers: int = 2,
    n_providers: int = 3,
    languages: tuple[str, ...] = ("en", "fr", "ar"),
    **mission_fields: object,
) -> SmallMission:
    """One venue, one day of back-to-back 30-minute morning slots from 09:00, tables
    T1..Tn, English-speaking buyers and providers cycling through ``languages``."""
    mission = MissionFactory(**mission_fields)
    venue = VenueFactory(mission=mission)
    day = MeetingDayFactory(mission=mission, venue=venue)
    times = [f"{9 + (30 * i) // 60:02d}:{(30 * i) % 60:02d}" for i in range(n_slots)]
    slots = add_slots(day, times)
    tables = [
        TableFactory(mission=mission, venue=venue, label=f"T{i + 1}") for i in range(n_tables)
    ]
    buyer_org = OrganizationFactory(mission=mission, kind=Organization.Kind.BUYER, country="US")
    buyers = [
        PersonFactory(mission=mission, organization=buyer_org, first_name=f"Buyer{i}")
        for i in range(n_buyers)
    ]
    providers = [
        PersonFactory(
            mission=mission,
            organization=OrganizationFactory(mission=mission),
            first_name=f"Provider{i}",
            preferred_language=languages[i % len(languages)],
        )
        for i in range(n_providers)
    ]
    return SmallMission(mission, venue, day, slots, tables, buyers, providers)


def accept(requester: Person, recipient: Person) -> MeetingRequest:
    return MeetingRequestFactory(
        mission=requester.mission, requester=requester, recipient=recipient
    )


def scheduled(
    request: MeetingRequest, slot: Slot, table: Table | None, **fields: object
) -> ScheduledMeeting:
    return ScheduledMeeting.objects.create(
        mission=request.mission, request=request, slot=slot, table=table, **fields
    )
