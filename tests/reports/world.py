"""A hand-built mission whose figures are known exactly, and a second mission (organized
by someone else) whose data must never show up in the first one's reports.

Mission "report-week": buyers Bea (Acme, US) and Carl (Northwind, CA); providers
Pia (Atlas, MA, testing-qa), Quentin (Orion, MA, data-ai) and Rita (Cedar, TN,
testing-qa and cybersecurity).

- Invitations: 3 accepted, 1 pending, 1 expired, 1 revoked (5 count, 3 registrations).
- Requests: Bea->Pia, Bea->Quentin, Carl->Pia accepted; Carl->Rita declined;
  Quentin->Carl pending; Rita->Bea cancelled (6 requests, acceptance 3/4).
- Meetings: Bea-Pia held (both confirmed); Bea-Quentin no-show (Bea reported it,
  Quentin said held); Carl-Pia unanswered; Rita-Bea cancelled; one draft meeting that
  must not count.
- Partnerships (through the outcomes services, both sides confirming each stage):
  Acme-Atlas up to a contract, with a published story; Acme-Orion an NDA, then lost;
  Northwind-Atlas a lead, with a story nobody approved; Northwind-Cedar started by
  Carl, never confirmed. Funnel: 3 leads, 2 NDAs, 1 proposal, 1 pilot, 1 contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from jisr.directory.models import Person, ServiceLine
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import Invitation, Mission
from jisr.outcomes import services
from jisr.outcomes.models import Attendance, Relationship
from jisr.schedules.models import ScheduledMeeting
from tests.factories import OrganizationFactory
from tests.factories_invitations import InvitationFactory, organizer_of
from tests.factories_meetings import participant
from tests.factories_outcomes import published as publish_story
from tests.factories_outcomes import story
from tests.factories_schedules import MeetingDayFactory, TableFactory, add_slots, scheduled

STATUS = MeetingRequest.Status


@dataclass
class ReportWorld:
    mission: Mission
    organizer: object
    bea: Person
    carl: Person
    pia: Person
    quentin: Person
    rita: Person
    other: Mission
    other_organizer: object


def _person(mission: Mission, kind: str, name: str, org: str, country: str, lines=()) -> Person:
    organization = OrganizationFactory(mission=mission, kind=kind, name=org, country=country)
    organization.service_lines.set(ServiceLine.objects.filter(code__in=lines))
    return participant(mission, organization=organization, first_name=name, last_name="Test")


def _request(requester: Person, recipient: Person, status: str) -> MeetingRequest:
    return MeetingRequest.objects.create(
        mission=requester.mission, requester=requester, recipient=recipient, status=status
    )


def _answer(meeting: ScheduledMeeting, person: Person, outcome: str) -> None:
    Attendance.objects.create(
        mission=meeting.mission,
        meeting=meeting,
        person=person,
        outcome=outcome,
        recorded_at=timezone.now(),
    )


def _partnership(buyer: Person, provider: Person, stages: list[str]) -> Relationship:
    """Started by the buyer; each stage proposed by one side and confirmed by the other."""
    relationship = services.start_relationship(provider.organization, by=buyer)
    for index, stage in enumerate(stages):
        first, second = (provider, buyer) if index % 2 else (buyer, provider)
        if stage != "lead":
            services.propose_stage(relationship, by=first, stage=stage)
        services.propose_stage(relationship, by=second, stage=stage)
    relationship.refresh_from_db()
    return relationship


def build_report_world(slug: str = "report-week", **mission_fields: object) -> ReportWorld:
    from tests.factories import MissionFactory

    mission = MissionFactory(
        slug=slug,
        name={"en": "Casablanca IT week", "fr": "Semaine IT de Casablanca", "ar": "أسبوع تقنية"},
        **mission_fields,
    )
    organizer = organizer_of(mission, username=f"organizer@{slug}.example")
    bea = _person(mission, "buyer", "Bea", "Acme Corp", "US")
    carl = _person(mission, "buyer", "Carl", "Northwind", "CA")
    pia = _person(mission, "provider", "Pia", "Atlas Soft", "MA", ["testing-qa"])
    quentin = _person(mission, "provider", "Quentin", "Orion Data", "MA", ["data-ai"])
    rita = _person(mission, "provider", "Rita", "Cedar Sec", "TN", ["testing-qa", "cybersecurity"])

    past = timezone.now() - dt.timedelta(days=1)
    for status, country, role, org in (
        ("accepted", "US", "buyer", bea.organization),
        ("accepted", "MA", "provider", pia.organization),
        ("accepted", "TN", "provider", None),
        ("pending", "MA", "provider", None),
        ("pending", "CA", "buyer", None),  # expired below
        ("revoked", "MA", "provider", None),
    ):
        invitation = InvitationFactory(
            mission=mission, status=status, country=country, role=role, organization=org
        )
        if country == "CA":
            Invitation.objects.filter(pk=invitation.pk).update(expires_at=past)
        if country == "TN":
            Invitation.objects.filter(pk=invitation.pk).update(person=rita)

    bea_pia = _request(bea, pia, STATUS.ACCEPTED)
    bea_quentin = _request(bea, quentin, STATUS.ACCEPTED)
    carl_pia = _request(carl, pia, STATUS.ACCEPTED)
    _request(carl, rita, STATUS.DECLINED)
    _request(quentin, carl, STATUS.PENDING)
    rita_bea = _request(rita, bea, STATUS.CANCELLED)

    day = MeetingDayFactory(mission=mission, date=mission.start_date)
    slots = add_slots(day, ["09:00", "09:30", "10:00", "10:30"])
    table = TableFactory(mission=mission, venue=day.venue, label="T1")
    published = ScheduledMeeting.State.PUBLISHED
    held = scheduled(bea_pia, slots[0], table, state=published)
    no_show = scheduled(bea_quentin, slots[1], table, state=published)
    scheduled(carl_pia, slots[2], table, state=published)
    scheduled(rita_bea, slots[3], table, state=ScheduledMeeting.State.CANCELLED)
    scheduled(carl_pia, slots[0], None, state=ScheduledMeeting.State.DRAFT)
    _answer(held, bea, Attendance.Outcome.HELD)
    _answer(held, pia, Attendance.Outcome.HELD)
    _answer(no_show, bea, Attendance.Outcome.NO_SHOW)
    _answer(no_show, quentin, Attendance.Outcome.HELD)

    contract = _partnership(bea, pia, ["lead", "nda", "pilot", "contract"])
    _partnership(bea, quentin, ["lead", "nda", "lost"])
    lead = _partnership(carl, pia, ["lead"])
    services.start_relationship(rita.organization, by=carl)
    publish_story(story(contract, bea, title="Twelve testers in Rabat"), bea, pia, organizer)
    story(lead, carl, title="Not approved yet")

    other = MissionFactory(slug=f"{slug}-other", name={"en": "Rabat offshoring days"})
    other_organizer = organizer_of(other, username=f"organizer@{slug}-other.example")
    ob = _person(other, "buyer", "Olga", "Other Buyer", "MA", ["testing-qa"])
    op = _person(other, "provider", "Omar", "Other Provider", "MA", ["testing-qa"])
    InvitationFactory(mission=other, status="accepted", country="MA")
    other_meeting = scheduled(
        _request(ob, op, STATUS.ACCEPTED),
        add_slots(MeetingDayFactory(mission=other, date=other.start_date), ["09:00"])[0],
        None,
        state=published,
    )
    _answer(other_meeting, ob, Attendance.Outcome.NO_SHOW)
    _request(op, ob, STATUS.DECLINED)
    other_story = story(_partnership(ob, op, ["lead", "nda"]), ob, title="Other mission story")
    publish_story(other_story, ob, op, other_organizer)
    return ReportWorld(mission, organizer, bea, carl, pia, quentin, rita, other, other_organizer)
