"""A small published mission for agenda and attendance tests: two venues in two
cities, a programme, two slots, a buyer meeting a provider, and a second mission whose
data must never leak into the first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from jisr.directory.models import Organization, Person
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import MeetingDay, Mission, ProgrammeItem, Slot, Table, Venue
from jisr.schedules.models import Publication, ScheduledMeeting
from tests.factories import MissionFactory, OrganizationFactory, VenueFactory
from tests.factories_meetings import participant

CASABLANCA = ZoneInfo("Africa/Casablanca")
DAY = dt.date(2027, 4, 12)


def local(hour: int, minute: int = 0, *, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CASABLANCA)


@dataclass
class World:
    mission: Mission
    casablanca: Venue
    rabat: Venue
    slots: list[Slot]
    tables: list[Table]
    buyer: Person
    provider: Person
    colleague: Person
    meeting: ScheduledMeeting


def build_world(
    *, slug: str = "casa-week", provider_language: str = "ar", publish: bool = True
) -> World:
    mission = MissionFactory(
        slug=slug, name={"en": "Casablanca IT week", "fr": "Semaine IT", "ar": "أسبوع تقنية"}
    )
    casablanca = VenueFactory(
        mission=mission, name="Hyatt Regency", city="Casablanca", address="Place des Nations Unies"
    )
    rabat = VenueFactory(mission=mission, name="Technopolis Hall", city="Rabat")
    day = MeetingDay.objects.create(mission=mission, date=DAY, venue=casablanca)
    slots = [
        Slot.objects.create(
            mission=mission,
            day=day,
            block="morning",
            start=local(h, m),
            end=local(h, m) + dt.timedelta(minutes=30),
        )
        for h, m in ((10, 0), (10, 30))
    ]
    tables = [
        Table.objects.create(mission=mission, venue=casablanca, label=label)
        for label in ("T1", "T2")
    ]
    ProgrammeItem.objects.create(
        mission=mission,
        venue=casablanca,
        kind=ProgrammeItem.Kind.TALK,
        title={"en": "Opening keynote", "fr": "Ouverture", "ar": "الكلمة الافتتاحية"},
        start=local(9),
        end=local(9, 45),
    )
    ProgrammeItem.objects.create(
        mission=mission,
        venue=rabat,
        kind=ProgrammeItem.Kind.SITE_VISIT,
        title={"en": "Technopolis site visit", "fr": "Visite", "ar": "زيارة تكنوبوليس"},
        start=local(12, 30),
        end=local(14),
    )
    buyer_org = OrganizationFactory(
        mission=mission, kind=Organization.Kind.BUYER, name="Maple Cloud Inc", country="CA"
    )
    buyer = participant(
        mission, organization=buyer_org, first_name="Brenda", last_name="Hall", language="en"
    )
    provider_org = OrganizationFactory(
        mission=mission, kind=Organization.Kind.PROVIDER, name="أطلس للبرمجيات"
    )
    provider = participant(
        mission,
        organization=provider_org,
        first_name="كريم",
        last_name="العلوي",
        language=provider_language,
    )
    colleague = participant(
        mission, Organization.Kind.PROVIDER, first_name="Nadia", last_name="Bennani"
    )
    request = MeetingRequest.objects.create(
        mission=mission,
        requester=buyer,
        recipient=provider,
        message="Let us talk about a Java team.",
        status=MeetingRequest.Status.ACCEPTED,
    )
    meeting = ScheduledMeeting.objects.create(
        mission=mission,
        request=request,
        slot=slots[0],
        table=tables[0],
        state=ScheduledMeeting.State.PUBLISHED if publish else ScheduledMeeting.State.DRAFT,
    )
    if publish:
        Publication.objects.create(mission=mission, version=1)
    return World(mission, casablanca, rabat, slots, tables, buyer, provider, colleague, meeting)


def move(meeting: ScheduledMeeting, slot: Slot, table: Table) -> ScheduledMeeting:
    """What publishing a moved meeting does: same row and uuid, next sequence."""
    meeting.slot, meeting.table = slot, table
    meeting.sequence += 1
    meeting.save()
    return meeting


def cancel(meeting: ScheduledMeeting) -> ScheduledMeeting:
    meeting.state = ScheduledMeeting.State.CANCELLED
    meeting.sequence += 1
    meeting.save()
    return meeting
