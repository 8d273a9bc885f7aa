"""Two complete missions for the permission matrix: every object a URL can name
exists in both, so each URL is resolved with real objects of this mission and with
objects of the other one.

Mission A is the one the roles belong to (its buyer, its provider, its organizer);
mission B is "another mission" with its own organizer and the same kinds of objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jisr.api.tokens import create_token
from jisr.directory.models import Organization, Person
from jisr.evaluation.services import add_destination
from jisr.marketplace.models import Listing
from jisr.meetings.models import MeetingRequest, QuotaOverride
from jisr.messaging.services import report_message, send_message
from jisr.missions.models import Mission
from jisr.outcomes.models import Stage
from jisr.outcomes.services import (
    issue_badge,
    issue_badges,
    propose_stage,
    reset_calendar_feed,
)
from jisr.reports.models import ReportExport
from jisr.schedules.models import ScheduleRun
from tests.factories import MissionFactory, ProgrammeItemFactory, UserFactory, VenueFactory
from tests.factories_evaluation import ScorecardFactory
from tests.factories_invitations import InvitationFactory
from tests.factories_meetings import ListingFactory, participant
from tests.factories_outcomes import lead_after_meeting, story
from tests.factories_schedules import MeetingDayFactory, TableFactory, add_slots, scheduled

# Roles relative to the mission under test; "outsider" is a participant of the other
# mission, "other_organizer" organizes the other mission only.
ROLES = ("anonymous", "buyer", "provider", "organizer", "other_organizer", "outsider", "staff")


@dataclass
class MissionObjects:
    """One mission and the ids its URLs take; ``params`` maps URL keyword -> value."""

    mission: Mission
    organizer: Any
    buyer: Person
    provider: Person
    params: dict[str, Any] = field(default_factory=dict)
    by_name: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class World:
    a: MissionObjects
    b: MissionObjects
    staff: Any

    def users(self, own: MissionObjects) -> dict[str, Any]:
        """The user behind each role, for ``own`` as the mission under test."""
        other = self.b if own is self.a else self.a
        return {
            "anonymous": None,
            "buyer": own.buyer.user,
            "provider": own.provider.user,
            "organizer": own.organizer,
            "other_organizer": other.organizer,
            "outsider": other.buyer.user,
            "staff": self.staff,
        }

    def missions(self) -> list[tuple[MissionObjects, MissionObjects]]:
        """(mission under test, the other mission), both ways round."""
        return [(self.a, self.b), (self.b, self.a)]


def build_mission(slug: str, *, foreign_country: str) -> MissionObjects:
    mission = MissionFactory(
        slug=slug,
        name={"en": f"Mission {slug}"},
        directory_visibility=Mission.DirectoryVisibility.PARTICIPANTS,
    )
    # Organizers are staff, as in production, so they also reach the (scoped) admin.
    organizer = UserFactory(username=f"organizer@{slug}.example", is_staff=True)
    mission.organizers.add(organizer)
    buyer = participant(mission, Organization.Kind.BUYER, first_name="Brenda")
    provider = participant(mission, Organization.Kind.PROVIDER, first_name="Karim")
    target = participant(mission, Organization.Kind.PROVIDER, first_name="Nour")
    # Nobody has asked this provider yet: the one a new meeting request goes to.
    free = participant(mission, Organization.Kind.PROVIDER, first_name="Ines")

    venue = VenueFactory(mission=mission)
    ProgrammeItemFactory(mission=mission, venue=venue)
    day = MeetingDayFactory(mission=mission, venue=venue, date=dt.date(2027, 4, 12))
    slot, free_slot = add_slots(day, ["09:00", "09:30"])
    table = TableFactory(mission=mission, venue=venue)
    free_table = TableFactory(mission=mission, venue=venue)
    meeting = scheduled(
        MeetingRequest.objects.create(
            mission=mission,
            requester=buyer,
            recipient=provider,
            status=MeetingRequest.Status.ACCEPTED,
        ),
        slot,
        table,
        state="published",
    )
    # A meeting that took place, with a lead and a story written by the buyer.
    past = MeetingDayFactory(mission=mission, venue=venue, date=dt.date(2026, 1, 12))
    held = scheduled(
        MeetingRequest.objects.create(
            mission=mission,
            requester=buyer,
            recipient=target,
            status=MeetingRequest.Status.ACCEPTED,
        ),
        add_slots(past, ["09:00"])[0],
        None,
        state="published",
    )
    relationship = lead_after_meeting(held)
    success_story = story(relationship, by=buyer)
    # The buyer proposes a stage; the provider side (the target) may answer it.
    change = propose_stage(relationship, by=buyer, stage=Stage.PROPOSAL)
    # A pending request to the provider from another buyer: the provider may answer it.
    other_buyer = participant(mission, Organization.Kind.BUYER, first_name="Bill")
    pending = MeetingRequest.objects.create(
        mission=mission, requester=other_buyer, recipient=provider, message="Let us talk."
    )
    listing = ListingFactory(author=provider, kind=Listing.Kind.OFFER)
    invitation = InvitationFactory(mission=mission, token=f"join-{slug}")
    run = ScheduleRun.objects.create(
        mission=mission, requested_by=organizer, status=ScheduleRun.Status.FAILED
    )
    QuotaOverride.objects.create(mission=mission, person=target, max_accepted=3)
    ScorecardFactory(organization=buyer.organization)
    add_destination(mission, by=organizer, country=foreign_country)
    feed = reset_calendar_feed(provider, by=provider)
    # The provider writes to the buyer about their meeting; the buyer reported another.
    message = send_message(meeting.request, by=provider, body="See you at table one.")
    reported = send_message(meeting.request, by=provider, body="Call me at home tonight.")
    report_message(reported, by=buyer, reason="Unwanted.")
    issue_badges(mission)  # what publishing the schedule does
    badge = issue_badge(buyer)
    export = ReportExport.objects.create(
        mission=mission, requested_by=organizer, kind=ReportExport.Kind.PDF
    )
    api_token = create_token(buyer.user, name="CRM sync").token

    objects = MissionObjects(mission=mission, organizer=organizer, buyer=buyer, provider=provider)
    objects.params = {
        "slug": mission.slug,
        "organization_id": provider.organization_id,
        "provider_id": provider.organization_id,
        "invitation_id": invitation.pk,
        "extension": "csv",
        "token": f"join-{slug}",
        "listing_id": listing.pk,
        "person_id": target.pk,
        "request_id": pending.pk,
        "meeting_uuid": meeting.uuid,
        "run_id": run.pk,
        "meeting_id": meeting.pk,
        "day_id": day.pk,
        "slot_id": slot.pk,
        "table_id": table.pk,
        "relationship_id": relationship.pk,
        "story_id": success_story.pk,
        "country": foreign_country,
        "change_id": change.pk,
        "venue_id": venue.pk,
        "free_person_id": free.pk,
        "message_id": message.pk,
        "free_slot_id": free_slot.pk,
        "export_id": export.pk,
        "token_id": api_token.pk,
        # Not in a URL: the body of a check-in.
        "badge_code": badge.code,
    }
    # URL names whose keyword means something else than the default.
    objects.by_name = {
        "agenda_feed": {"token": feed.token},
        "organization-edit": {"organization_id": provider.organization_id},
        "meeting_feedback": {"meeting_uuid": held.uuid},
        "meeting_request": {"person_id": free.pk},
        # A slot and a table without meetings can be deleted.
        "schedule_delete_slot": {"slot_id": free_slot.pk},
        "schedule_delete_table": {"table_id": free_table.pk},
        # The buyer's conversation with the provider about their meeting.
        "message_thread": {"request_id": meeting.request_id},
        "messages_close_report": {"message_id": reported.pk},
        # A valid password-reset link of someone no role signs in as (signing in
        # changes last_login, which would void the link).
        "password-reset-confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(other_buyer.user.pk)),
            "token": default_token_generator.make_token(other_buyer.user),
        },
    }
    return objects


def build_world() -> World:
    a = build_mission("mission-a", foreign_country="PT")
    b = build_mission("mission-b", foreign_country="VN")
    # Staff of the platform who organize no mission: staff status alone opens nothing.
    staff = UserFactory(username="staff@jisr.example", is_staff=True)
    return World(a=a, b=b, staff=staff)
